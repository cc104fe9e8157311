import BotCore

/// The decoded bytes of a string token: the raw bytes when it has no escape, otherwise the
/// escapes resolved (a `\u` escape becomes its UTF-8 bytes). The scanner has already checked
/// every escape, but each read here is still bounded by `end`.
struct StreamTokenBytes: IteratorProtocol {
    let base: UnsafePointer<UInt8>
    var i: Int
    let end: Int
    let escaped: Bool
    private var pending: UInt32 = 0
    private var pendingCount = 0

    init(_ base: UnsafePointer<UInt8>, _ t: StreamToken) {
        self.base = base
        self.i = t.start
        self.end = t.end
        self.escaped = t.escaped
    }

    @inline(__always) mutating func next() -> UInt8? {
        guard i < end else { return pendingCount > 0 ? popPending() : nil }
        if !escaped {
            defer { i += 1 }
            return base[i]
        }
        if pendingCount > 0 { return popPending() }
        let c = base[i]
        guard c == UInt8(ascii: "\\"), i + 1 < end else {
            i += 1
            return c
        }
        let e = base[i + 1]
        i += 2
        switch e {
        case UInt8(ascii: "b"): return 0x08
        case UInt8(ascii: "f"): return 0x0C
        case UInt8(ascii: "n"): return 0x0A
        case UInt8(ascii: "r"): return 0x0D
        case UInt8(ascii: "t"): return 0x09
        case UInt8(ascii: "u"): return unicode()
        default: return e
        }
    }

    private mutating func popPending() -> UInt8 {
        let b = UInt8(truncatingIfNeeded: pending)
        pending >>= 8
        pendingCount -= 1
        return b
    }

    private mutating func unicode() -> UInt8? {
        guard var scalar = hex4(i) else {
            i = end
            return nil
        }
        i += 4
        if scalar >= 0xD800, scalar <= 0xDBFF, i + 6 <= end, base[i] == UInt8(ascii: "\\"),
           base[i + 1] == UInt8(ascii: "u"), let low = hex4(i + 2), low >= 0xDC00, low <= 0xDFFF {
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            i += 6
        }
        // UTF-8: the first byte now, the continuation bytes queued low byte first.
        if scalar < 0x80 { return UInt8(scalar) }
        if scalar < 0x800 {
            pending = 0x80 | scalar & 0x3F
            pendingCount = 1
            return UInt8(0xC0 | scalar >> 6)
        }
        if scalar < 0x10000 {
            pending = (0x80 | (scalar >> 6) & 0x3F) | (0x80 | scalar & 0x3F) << 8
            pendingCount = 2
            return UInt8(0xE0 | scalar >> 12)
        }
        pending = (0x80 | (scalar >> 12) & 0x3F) | (0x80 | (scalar >> 6) & 0x3F) << 8 | (0x80 | scalar & 0x3F) << 16
        pendingCount = 3
        return UInt8(0xF0 | scalar >> 18)
    }

    private func hex4(_ at: Int) -> UInt32? {
        guard at + 4 <= end else { return nil }
        var v: UInt32 = 0
        for k in 0..<4 {
            let c = base[at + k]
            switch c {
            case 48...57: v = v << 4 | UInt32(c - 48)
            case 65...70: v = v << 4 | UInt32(c - 55)
            case 97...102: v = v << 4 | UInt32(c - 87)
            default: return nil
            }
        }
        return v
    }
}

/// Reading the values of stream messages: decimal strings into fixed point exactly, volumes,
/// and JSON integers and booleans. Failures are shape faults: the JSON is fine, the value is not.
extension StreamScanner {
    func bytes(_ t: StreamToken) -> StreamTokenBytes { StreamTokenBytes(base, t) }

    /// True when the token's text is `key`.
    @inline(__always) func equals(_ t: StreamToken, _ key: StaticString) -> Bool {
        let n = key.utf8CodeUnitCount, k = key.utf8Start
        if !t.escaped {
            guard t.count == n else { return false }
            for j in 0..<n where base[t.start + j] != k[j] { return false }
            return true
        }
        var it = bytes(t), j = 0
        while let b = it.next() {
            guard j < n, b == k[j] else { return false }
            j += 1
        }
        return j == n
    }

    /// The token's text as a String; the scanner checked its UTF-8, so nothing is replaced.
    func text(_ t: StreamToken, droppingFirst skip: Int = 0) -> String {
        if !t.escaped {
            let start = t.start + min(skip, t.count)
            return String(decoding: UnsafeBufferPointer(start: base + start, count: t.end - start), as: UTF8.self)
        }
        var out: [UInt8] = []
        var it = bytes(t)
        while let b = it.next() { out.append(b) }
        return String(decoding: out.dropFirst(skip), as: UTF8.self)
    }

    /// The value of a decimal string in units of 10⁻⁹, with the rules of `FixedPoint.parse`
    /// (an optional sign, digits with at most one dot, at most nine decimals that are not zero),
    /// but without building a String.
    func fixedPoint(_ t: StreamToken) throws(StreamFault) -> Int64 {
        if t.escaped { return try fixedPointEscaped(t) }
        var p = t.start
        let e = t.end
        guard p < e else { throw fault(t, "empty number") }
        var negative = false
        if base[p] == UInt8(ascii: "-") || base[p] == UInt8(ascii: "+") {
            negative = base[p] == UInt8(ascii: "-")
            p += 1
        }
        var intPart: UInt64 = 0, digits = 0
        while p < e {
            let d = base[p] &- 48
            if d > 9 { break }
            intPart = intPart &* 10 &+ UInt64(d)
            // Past this the value cannot fit (Int64.max is 9223372036.854775807 units).
            guard intPart <= 9_223_372_036 else { throw fault(t, "out of range") }
            digits += 1
            p += 1
        }
        var frac: UInt64 = 0, fracDigits = 0
        if p < e && base[p] == UInt8(ascii: ".") {
            p += 1
            while p < e {
                let d = base[p] &- 48
                if d > 9 { break }
                fracDigits += 1
                if fracDigits <= 9 {
                    frac = frac &* 10 &+ UInt64(d)
                } else if d != 0 {
                    throw fault(t, "more than 9 decimals")
                }
                p += 1
            }
        }
        guard p == e, digits + fracDigits > 0 else { throw fault(t, "not a decimal number") }
        return try Self.combine(intPart, frac, fracDigits, negative, t)
    }

    /// `fixedPoint` over a token with escapes, decoded byte by byte (rare: Binance sends none).
    private func fixedPointEscaped(_ t: StreamToken) throws(StreamFault) -> Int64 {
        var it = bytes(t)
        guard var c = it.next() else { throw fault(t, "empty number") }
        var negative = false
        if c == UInt8(ascii: "-") || c == UInt8(ascii: "+") {
            negative = c == UInt8(ascii: "-")
            guard let n = it.next() else { throw fault(t, "not a decimal number") }
            c = n
        }
        var intPart: UInt64 = 0, frac: UInt64 = 0
        var fracDigits = 0, digits = 0, seenDot = false
        while true {
            if c == UInt8(ascii: ".") {
                guard !seenDot else { throw fault(t, "not a decimal number") }
                seenDot = true
            } else {
                guard c >= 48, c <= 57 else { throw fault(t, "not a decimal number") }
                digits += 1
                let d = UInt64(c - 48)
                if seenDot {
                    fracDigits += 1
                    if fracDigits <= 9 {
                        frac = frac * 10 + d
                    } else if d != 0 {
                        throw fault(t, "more than 9 decimals")
                    }
                } else {
                    intPart = intPart * 10 + d
                    guard intPart <= 9_223_372_036 else { throw fault(t, "out of range") }
                }
            }
            guard let n = it.next() else { break }
            c = n
        }
        guard digits > 0 else { throw fault(t, "not a decimal number") }
        return try Self.combine(intPart, frac, fracDigits, negative, t)
    }

    private static let fractionScale: [UInt64] = [1_000_000_000, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1000, 100, 10, 1]

    @inline(__always)
    private static func combine(_ intPart: UInt64, _ frac: UInt64, _ fracDigits: Int, _ negative: Bool,
                                _ t: StreamToken) throws(StreamFault) -> Int64 {
        let magnitude = intPart * 1_000_000_000 + frac * fractionScale[min(fracDigits, 9)]
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { throw StreamFault(offset: t.start, reason: "out of range", shape: true) }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { throw StreamFault(offset: t.start, reason: "out of range", shape: true) }
        return Int64(magnitude)
    }

    /// A volume (informational only, so a Double): a plain decimal as for prices, any number of
    /// digits. Up to 2⁵³ in the digits and 22 decimals it is one exact division, which rounds
    /// as `Double(text)` does; longer texts go through `Double(text)` itself.
    func volume(_ t: StreamToken) throws(StreamFault) -> Double {
        var it = bytes(t)
        var mantissa: UInt64 = 0, decimals = 0, digits = 0, exact = true
        var negative = false, seenDot = false, first = true
        while let c = it.next() {
            defer { first = false }
            if first && (c == UInt8(ascii: "-") || c == UInt8(ascii: "+")) {
                negative = c == UInt8(ascii: "-")
                continue
            }
            if c == UInt8(ascii: ".") {
                guard !seenDot else { throw fault(t, "not a decimal number") }
                seenDot = true
                continue
            }
            guard c >= 48, c <= 57 else { throw fault(t, "not a decimal number") }
            digits += 1
            if seenDot { decimals += 1 }
            let (m, o1) = mantissa.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(UInt64(c - 48))
            if o1 || o2 { exact = false } else { mantissa = a }
        }
        guard digits > 0 else { throw fault(t, "not a decimal number") }
        if exact && mantissa <= 1 << 53 && decimals <= 22 {
            let v = Double(mantissa) / Self.powersOfTen[decimals]
            return negative ? -v : v
        }
        guard let v = Double(text(t)) else { throw fault(t, "not a decimal number") }
        return v
    }

    static let powersOfTen: [Double] = (0...22).map { e in (0..<e).reduce(1.0) { r, _ in r * 10 } }

    private func fault(_ t: StreamToken, _ reason: StaticString) -> StreamFault {
        StreamFault(offset: t.start, reason: reason, shape: true)
    }
}
