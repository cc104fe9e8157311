/// The id a bot's order carries to the venue, derived so that a retry can never submit twice:
/// a 10-character base-36 hash of the bot id followed by the bot's base-36 order sequence.
/// At most 23 characters of `[0-9a-z]`, valid for OKX (`^[A-Za-z0-9]{1,32}$`) and Binance.
/// Stored as two integers, so creating and comparing ids never allocates.
public struct ClientOrderID: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// Hash of the bot id, below 36¹⁰.
    public let botHash: UInt64
    /// Per-bot sequence, recovered from the orders journal after a restart.
    public let sequence: UInt64

    static let prefixLength = 10
    static let prefixModulus: UInt64 = 3_656_158_440_062_976  // 36^10

    public init(botHash: UInt64, sequence: UInt64) {
        precondition(botHash < Self.prefixModulus)
        self.botHash = botHash
        self.sequence = sequence
    }

    public init(bot: String, sequence: UInt64) {
        self.init(botHash: Self.hash(bot), sequence: sequence)
    }

    /// FNV-1a 64 of the UTF-8 bot id, reduced below 36¹⁰. Stable across processes and versions
    /// (Swift's `Hasher` is seeded per process, so it cannot be used here).
    public static func hash(_ bot: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bot.utf8 {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01B3
        }
        return h % prefixModulus
    }

    public var description: String { text(prefix: nil) }

    /// The text form, after one ASCII byte when given (the paper venue's trade ids are `T` and
    /// the order's id): written straight into the string's storage, one allocation at most, as
    /// ids are written with every order, fill and journal entry.
    public func text(prefix: UInt8?) -> String {
        String(unsafeUninitializedCapacity: 1 + Self.prefixLength + 13) { out in
            var n = 0
            if let prefix {
                out[0] = prefix
                n = 1
            }
            var h = botHash
            for i in stride(from: Self.prefixLength - 1, through: 0, by: -1) {
                out[n + i] = Self.digit(h % 36)
                h /= 36
            }
            n += Self.prefixLength
            var length = 1, s = sequence
            while s >= 36 {
                s /= 36
                length += 1
            }
            s = sequence
            for i in stride(from: length - 1, through: 0, by: -1) {
                out[n + i] = Self.digit(s % 36)
                s /= 36
            }
            return n + length
        }
    }

    @inline(__always)
    static func digit(_ v: UInt64) -> UInt8 { v < 10 ? UInt8(truncatingIfNeeded: 48 + v) : UInt8(truncatingIfNeeded: 87 + v) }

    /// Parses the text form back (journal recovery); nil if it is not one of ours.
    public init?(_ text: String) {
        let u = Array(text.utf8)
        guard u.count > Self.prefixLength, u.count <= 32 else { return nil }
        func value(_ c: UInt8) -> UInt64? {
            switch c {
            case 48...57: UInt64(c - 48)
            case 97...122: UInt64(c - 97 + 10)
            default: nil
            }
        }
        var h: UInt64 = 0
        for c in u[..<Self.prefixLength] {
            guard let v = value(c) else { return nil }
            h = h * 36 + v
        }
        var s: UInt64 = 0
        for c in u[Self.prefixLength...] {
            guard let v = value(c) else { return nil }
            let (m, o1) = s.multipliedReportingOverflow(by: 36)
            let (a, o2) = m.addingReportingOverflow(v)
            guard !o1, !o2 else { return nil }
            s = a
        }
        self.init(botHash: h, sequence: s)
    }

    public static func < (a: Self, b: Self) -> Bool { (a.botHash, a.sequence) < (b.botHash, b.sequence) }

    public init(from decoder: any Decoder) throws {
        let s = try decoder.singleValueContainer().decode(String.self)
        guard let id = ClientOrderID(s) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad client order id \(s)"))
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
