import COpenSSL

/// The vault's 256-bit AES key. Its bytes live in memory this object owns, wiped when it goes;
/// they never appear in a description, a debug print, a dump or a reflection.
public final class VaultKey: @unchecked Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    // @unchecked: the bytes are written once, in init, and only read afterwards.
    public static let size = 32
    private let storage: UnsafeMutableRawBufferPointer

    /// A key of exactly 32 bytes; nil for any other length. The caller wipes its own copy.
    public init?(bytes: [UInt8]) {
        guard bytes.count == Self.size else { return nil }
        storage = .allocate(byteCount: Self.size, alignment: 16)
        storage.copyBytes(from: bytes)
    }

    deinit {
        OPENSSL_cleanse(storage.baseAddress, Self.size)
        storage.deallocate()
    }

    /// Runs `body` with the 32 key bytes; they must not escape it.
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(storage))
    }

    public var description: String { "<vault key>" }
    public var debugDescription: String { "<vault key>" }
    public var customMirror: Mirror { Mirror(self, children: [] as [(String?, Any)]) }
}

extension VaultKey {
    /// A key written as text: 64 hexadecimal digits (either case), or standard Base64 (with
    /// its padding) of 32 bytes. Surrounding whitespace, such as a file's last newline, is
    /// ignored. Nil when the text is neither.
    public static func parse(text: [UInt8]) -> VaultKey? {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        guard let first = text.firstIndex(where: { !isSpace($0) }), let last = text.lastIndex(where: { !isSpace($0) }) else { return nil }
        let trimmed = text[first...last]
        var bytes = trimmed.count == 2 * size ? hex(trimmed) : base64(trimmed)
        defer { if bytes != nil { wipe(&bytes!) } }
        return bytes.flatMap { VaultKey(bytes: $0) }
    }

    static func hex(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var out = [UInt8]()
        out.reserveCapacity(text.count / 2)
        var i = text.startIndex
        while i < text.endIndex {
            guard let hi = nibble(text[i]), let lo = nibble(text[i + 1]) else { wipe(&out); return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    /// Standard Base64 (`+`, `/`, `=` padding): Foundation's decoder would leave copies in
    /// buffers this cannot wipe.
    static func base64(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        func value(_ c: UInt8) -> UInt32? {
            switch c {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): UInt32(c - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): UInt32(c - UInt8(ascii: "a") + 26)
            case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(c - UInt8(ascii: "0") + 52)
            case UInt8(ascii: "+"): 62
            case UInt8(ascii: "/"): 63
            default: nil
            }
        }
        guard !text.isEmpty, text.count % 4 == 0 else { return nil }
        let padding = text.reversed().prefix { $0 == UInt8(ascii: "=") }.count
        guard padding <= 2 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(text.count / 4 * 3)
        var group: UInt32 = 0
        for (n, c) in text.dropLast(padding).enumerated() {
            guard let v = value(c) else { wipe(&out); group = 0; return nil }
            group = group << 6 | v
            if n % 4 == 3 {
                // One byte at a time: a temporary array would be a copy left unwiped.
                out.append(UInt8(group >> 16 & 0xFF))
                out.append(UInt8(group >> 8 & 0xFF))
                out.append(UInt8(group & 0xFF))
                group = 0
            }
        }
        // The last, padded group: 2 characters give one byte, 3 give two.
        switch padding {
        case 1:
            out.append(UInt8(group >> 10 & 0xFF))
            out.append(UInt8(group >> 2 & 0xFF))
        case 2: out.append(UInt8(group >> 4 & 0xFF))
        default: break
        }
        group = 0
        return out
    }
}
