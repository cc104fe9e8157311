/// The offset of the first byte that does not begin a well-formed UTF-8 sequence (Unicode's
/// table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF, no truncated
/// sequence), or nil if the whole input is well formed.
func firstInvalidUTF8(_ b: [UInt8]) -> Int? {
    var i = 0
    while i < b.count {
        let lead = b[i]
        if lead < 0x80 { i += 1; continue }
        // The length of the sequence, and the range its second byte must be in.
        let length: Int, second: ClosedRange<UInt8>
        switch lead {
        case 0xC2...0xDF: (length, second) = (2, 0x80...0xBF)
        case 0xE0: (length, second) = (3, 0xA0...0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (length, second) = (3, 0x80...0xBF)
        case 0xED: (length, second) = (3, 0x80...0x9F)
        case 0xF0: (length, second) = (4, 0x90...0xBF)
        case 0xF1...0xF3: (length, second) = (4, 0x80...0xBF)
        case 0xF4: (length, second) = (4, 0x80...0x8F)
        default: return i
        }
        guard i + length <= b.count, second.contains(b[i + 1]) else { return i }
        for k in 2..<length where b[i + k] & 0xC0 != 0x80 { return i }
        i += length
    }
    return nil
}
