/// Keeps bot tokens out of logs and errors. A known token is replaced wherever it appears;
/// without it, anything shaped like one (`<digits>:<30+ of A-Za-z0-9_->`, also with the colon
/// percent-encoded as `%3A`) is replaced too, so a token the process never parsed (an echo in
/// an error page, another bot's) does not leak either. `bot<token>` becomes `bot<redacted>`.
public enum TelegramRedaction {
    public static let placeholder = "<redacted>"

    public static func redact(_ text: String, token: TelegramToken? = nil) -> String {
        var s = text
        if let token, !token.secret.isEmpty { s = s.replacing(token.secret, with: placeholder) }
        return redactShapes(s)
    }

    /// Replaces every `digits(:|%3A)secret` run, scanning bytes once.
    static func redactShapes(_ text: String) -> String {
        let b = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var i = 0, copied = 0
        while i < b.count {
            let sep = b[i] == UInt8(ascii: ":") ? 1 : (isPercentColon(b, i) ? 3 : 0)
            guard sep > 0 else { i += 1; continue }
            var lo = i
            while lo > copied, isDigit(b[lo - 1]) { lo -= 1 }
            var hi = i + sep
            while hi < b.count, TelegramToken.isSecretByte(b[hi]) { hi += 1 }
            if lo < i, hi - (i + sep) >= 30 {
                out += b[copied..<lo]
                out += Array(placeholder.utf8)
                copied = hi
                i = hi
            } else {
                i += sep
            }
        }
        guard copied > 0 else { return text }
        out += b[copied...]
        return String(decoding: out, as: UTF8.self)
    }

    private static func isDigit(_ c: UInt8) -> Bool { (48...57).contains(c) }

    private static func isPercentColon(_ b: [UInt8], _ i: Int) -> Bool {
        i + 2 < b.count && b[i] == UInt8(ascii: "%") && b[i + 1] == UInt8(ascii: "3") && (b[i + 2] | 0x20) == UInt8(ascii: "a")
    }
}
