extension StringProtocol {
    /// The text with control characters (C0, DEL, C1) and invalid bytes shown as `\u{XX}`
    /// escapes: what an error message may quote from a file or a request without sending raw
    /// control bytes to a terminal or a log.
    public var printable: String {
        var out = ""
        for scalar in unicodeScalars {
            let v = scalar.value
            if v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) || v == 0xFFFD {
                out += "\\u{\(String(v, radix: 16, uppercase: true))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
