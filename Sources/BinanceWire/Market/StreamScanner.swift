/// A string value as it sits in the frame: the bytes between its quotes, and whether any of
/// them is an escape (then they must be decoded before use; otherwise they are used as they are).
struct StreamToken {
    var start: Int
    var end: Int
    var escaped: Bool
    var count: Int { end - start }
}

/// A cursor over one frame's bytes that checks JSON syntax as it goes. Every read tests
/// `pos < end`: past the end it sees 0, a byte that no rule of the grammar accepts, so running
/// off the end is always a syntax error and never a read out of bounds.
struct StreamScanner {
    let base: UnsafePointer<UInt8>
    let end: Int
    var pos: Int

    /// Containers nested deeper than this are refused: skipping is recursive, and no stream
    /// message comes close.
    static let maxDepth = 64

    init(base: UnsafePointer<UInt8>, start: Int, end: Int) {
        self.base = base
        self.pos = start
        self.end = end
    }

    @inline(__always) func peek() -> UInt8 { pos < end ? base[pos] : 0 }

    func syntax(_ reason: StaticString) -> StreamFault { StreamFault(offset: pos, reason: reason, shape: false) }
    func shape(_ reason: StaticString) -> StreamFault { StreamFault(offset: pos, reason: reason, shape: true) }

    @inline(__always) mutating func skipSpace() {
        while pos < end {
            switch base[pos] {
            case 0x20, 0x0A, 0x0D, 0x09: pos += 1
            default: return
            }
        }
    }

    /// Consumes `{` (after whitespace) or fails with a shape fault: the value is something else.
    mutating func openObject() throws(StreamFault) {
        skipSpace()
        guard peek() == UInt8(ascii: "{") else { throw shape("expected an object") }
        pos += 1
    }

    mutating func openArray() throws(StreamFault) {
        skipSpace()
        guard peek() == UInt8(ascii: "[") else { throw shape("expected an array") }
        pos += 1
    }

    /// The next member's key, with its colon consumed; nil after the closing brace.
    mutating func nextKey(_ first: inout Bool) throws(StreamFault) -> StreamToken? {
        skipSpace()
        if peek() == UInt8(ascii: "}") {
            pos += 1
            return nil
        }
        if first {
            first = false
        } else {
            guard peek() == UInt8(ascii: ",") else { throw syntax("expected ',' or '}'") }
            pos += 1
            skipSpace()
        }
        guard peek() == UInt8(ascii: "\"") else { throw syntax("expected a key") }
        let key = try string()
        skipSpace()
        guard peek() == UInt8(ascii: ":") else { throw syntax("expected ':'") }
        pos += 1
        return key
    }

    /// True when another element follows (its first byte is next after whitespace); false after
    /// the closing bracket.
    mutating func nextElement(_ first: inout Bool) throws(StreamFault) -> Bool {
        skipSpace()
        if peek() == UInt8(ascii: "]") {
            pos += 1
            return false
        }
        if first {
            first = false
            return true
        }
        guard peek() == UInt8(ascii: ",") else { throw syntax("expected ',' or ']'") }
        pos += 1
        return true
    }

    /// A string value; a value of another type is a shape fault once it has been checked for
    /// syntax and skipped.
    mutating func stringValue() throws(StreamFault) -> StreamToken {
        skipSpace()
        guard peek() == UInt8(ascii: "\"") else {
            let at = pos
            try skipValue()
            throw StreamFault(offset: at, reason: "expected a string", shape: true)
        }
        return try string()
    }

    /// The string starting at the quote under the cursor. Escapes and UTF-8 are checked here,
    /// so decoding later can trust them. Plain ASCII is skipped eight bytes at a time.
    mutating func string() throws(StreamFault) -> StreamToken {
        var p = pos + 1
        let start = p
        var escaped = false
        while true {
            while p + 8 <= end {
                let v = UnsafeRawPointer(base + p).loadUnaligned(as: UInt64.self)
                if Self.hasSpecialByte(v) { break }
                p += 8
            }
            while p < end {
                let c = base[p]
                if c &- 0x20 >= 0x60 || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") { break }
                p += 1
            }
            guard p < end else {
                pos = p
                throw syntax("unterminated string")
            }
            let c = base[p]
            pos = p
            if c == UInt8(ascii: "\"") {
                pos = p + 1
                return StreamToken(start: start, end: p, escaped: escaped)
            }
            if c == UInt8(ascii: "\\") {
                escaped = true
                try escape()
            } else if c < 0x20 {
                throw syntax("control character in a string")
            } else {
                try utf8Sequence()
            }
            p = pos
        }
    }

    /// Whether any of the eight bytes is a quote, a backslash, a control byte or non-ASCII
    /// (the classic "has zero byte" and "has byte less than n" bit tricks; a borrow can only
    /// add false positives next to a true one, so "any" is exact).
    @inline(__always) static func hasSpecialByte(_ v: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
        let quote = v ^ (ones &* 0x22), backslash = v ^ (ones &* 0x5C)
        let zeroQuote = (quote &- ones) & ~quote
        let zeroBackslash = (backslash &- ones) & ~backslash
        let control = (v &- ones &* 0x20) & ~v
        return (zeroQuote | zeroBackslash | control | v) & high != 0
    }

    private mutating func escape() throws(StreamFault) {
        pos += 1
        switch peek() {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
             UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            pos += 1
        case UInt8(ascii: "u"):
            pos += 1
            guard let unit = hex4(at: pos) else { throw syntax("bad \\u escape") }
            pos += 4
            if unit >= 0xDC00 && unit <= 0xDFFF { throw syntax("lone low surrogate in \\u escape") }
            if unit >= 0xD800 && unit <= 0xDBFF {
                guard peek() == UInt8(ascii: "\\"), pos + 1 < end, base[pos + 1] == UInt8(ascii: "u"),
                      let low = hex4(at: pos + 2), low >= 0xDC00 && low <= 0xDFFF
                else { throw syntax("high surrogate without its low half") }
                pos += 6
            }
        default:
            throw syntax("bad escape in a string")
        }
    }

    func hex4(at i: Int) -> UInt32? {
        guard i >= 0, i + 4 <= end else { return nil }
        var v: UInt32 = 0
        for k in 0..<4 {
            let c = base[i + k]
            let d: UInt32
            switch c {
            case 48...57: d = UInt32(c - 48)
            case 65...70: d = UInt32(c - 55)
            case 97...102: d = UInt32(c - 87)
            default: return nil
            }
            v = v << 4 | d
        }
        return v
    }

    /// One multi-byte UTF-8 character (RFC 3629: no overlongs, no surrogates, at most U+10FFFF).
    private mutating func utf8Sequence() throws(StreamFault) {
        let c = base[pos]
        var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
        let more: Int
        switch c {
        case 0xC2...0xDF: more = 1
        case 0xE0: more = 2; lo = 0xA0
        case 0xE1...0xEC, 0xEE, 0xEF: more = 2
        case 0xED: more = 2; hi = 0x9F
        case 0xF0: more = 3; lo = 0x90
        case 0xF1...0xF3: more = 3
        case 0xF4: more = 3; hi = 0x8F
        default: throw syntax("invalid UTF-8")
        }
        guard pos + more < end else { throw syntax("invalid UTF-8") }
        let second = base[pos + 1]
        guard second >= lo && second <= hi else { throw syntax("invalid UTF-8") }
        var k = 2
        while k <= more {
            guard base[pos + k] & 0xC0 == 0x80 else { throw syntax("invalid UTF-8") }
            k += 1
        }
        pos += more + 1
    }

    /// Checks and skips any value.
    mutating func skipValue(depth: Int = 0) throws(StreamFault) {
        skipSpace()
        switch peek() {
        case UInt8(ascii: "\""):
            _ = try string()
        case UInt8(ascii: "{"):
            guard depth < Self.maxDepth else { throw syntax("nested too deep") }
            pos += 1
            var first = true
            while try nextKey(&first) != nil { try skipValue(depth: depth + 1) }
        case UInt8(ascii: "["):
            guard depth < Self.maxDepth else { throw syntax("nested too deep") }
            pos += 1
            var first = true
            while try nextElement(&first) { try skipValue(depth: depth + 1) }
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), 48...57: try number()
        default: throw syntax("expected a value")
        }
    }

    mutating func literal(_ word: StaticString) throws(StreamFault) {
        let n = word.utf8CodeUnitCount
        guard pos + n <= end else { throw syntax("bad literal") }
        let w = word.utf8Start
        for k in 0..<n where base[pos + k] != w[k] { throw syntax("bad literal") }
        pos += n
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
    mutating func number() throws(StreamFault) {
        if peek() == UInt8(ascii: "-") { pos += 1 }
        if peek() == UInt8(ascii: "0") {
            pos += 1
        } else {
            guard digits() > 0 else { throw syntax("bad number") }
        }
        if peek() == UInt8(ascii: ".") {
            pos += 1
            guard digits() > 0 else { throw syntax("bad number") }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            pos += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { pos += 1 }
            guard digits() > 0 else { throw syntax("bad number") }
        }
    }

    private mutating func digits() -> Int {
        let start = pos
        while pos < end, base[pos] >= 48, base[pos] <= 57 { pos += 1 }
        return pos - start
    }
}
