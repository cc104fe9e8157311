/// HTML entities as Telegram knows them: only `&lt; &gt; &amp; &quot;` by name, and numeric
/// ones, decimal `&#NN;` or hexadecimal `&#xHH;` (a lower-case x, as tdlib reads it), for
/// any scalar but 0 and surrogates, below U+10FFFF.
enum HTMLEntity {
    /// The entity starting at the `&` at `pos`: its scalar, and where its name or digits
    /// end (the `;`, if any, is at `end`); nil when none starts there.
    static func decode(_ b: [UInt8], at pos: Int) -> (scalar: Unicode.Scalar, end: Int)? {
        func at(_ k: Int) -> UInt8 { k < b.count ? b[k] : 0 }
        var end = pos + 1
        if at(end) == UInt8(ascii: "#") {
            end += 1
            let hex = at(end) == UInt8(ascii: "x")
            if hex { end += 1 }
            let digitsStart = end
            var value: UInt32 = 0
            while let d = digit(at(end), hex: hex) {
                value = value * (hex ? 16 : 10) + d
                end += 1
                if value >= 0x10FFFF || end - pos >= 10 { return nil }
            }
            guard end > digitsStart, value != 0, let s = Unicode.Scalar(value) else { return nil }
            return (s, end)
        }
        while isLetter(at(end)) { end += 1 }
        switch String(decoding: b[(pos + 1)..<min(end, b.count)], as: UTF8.self) {
        case "lt": return ("<", end)
        case "gt": return (">", end)
        case "amp": return ("&", end)
        case "quot": return ("\"", end)
        default: return nil
        }
    }

    static func digit(_ c: UInt8, hex: Bool) -> UInt32? {
        switch c {
        case 0x30...0x39: return UInt32(c - 0x30)
        case 0x61...0x66 where hex: return UInt32(c - 0x61 + 10)
        case 0x41...0x46 where hex: return UInt32(c - 0x41 + 10)
        default: return nil
        }
    }

    static func isLetter(_ c: UInt8) -> Bool { (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c) }
}

extension HTMLReader {
    /// An entity in the text, strictly: a known one closed by `;`, else the 400 (see FakeHTML).
    mutating func entityInText() throws(HTMLError) -> [UInt8] {
        let begin = i
        if let e = HTMLEntity.decode(bytes, at: i), at(e.end) == UInt8(ascii: ";") {
            i = e.end + 1
            return Array(String(Character(e.scalar)).utf8)
        }
        // What follows the '&' up to a ';' close by, to name it in the message.
        var end = i + 1
        while end < bytes.count, end - i < 12, HTMLReader.isNameToken(bytes[end]) || bytes[end] == UInt8(ascii: "#") { end += 1 }
        guard at(end) == UInt8(ascii: ";"), end > i + 1 else {
            throw "Character '&' is reserved and must be escaped as \"&amp;\" at byte offset \(begin)"
        }
        throw "Unsupported HTML entity \"\(word(begin, end + 1))\" at byte offset \(begin)"
    }
}
