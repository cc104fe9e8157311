/// An independent reading of Telegram HTML for the splitting tests, written apart from the
/// library's scanner so that one does not vouch for itself: a chunk is valid when every `<`
/// opens a well-formed tag, tags nest and all close, and every `&` is a complete entity.
enum HTMLChecker {
    struct Problem: Error, CustomStringConvertible { var description: String }

    /// The visible text of a valid chunk, or the problem found.
    static func check(_ html: String) throws -> String {
        let s = Array(html.unicodeScalars)
        var visible = String.UnicodeScalarView()
        var stack: [String] = []
        var i = 0
        while i < s.count {
            switch s[i] {
            case "<":
                guard let close = s[i...].firstIndex(of: ">") else { throw Problem(description: "unterminated tag at \(i)") }
                var body = String(String.UnicodeScalarView(s[(i + 1)..<close]))
                let closing = body.hasPrefix("/")
                if closing { body.removeFirst() }
                let name = String(body.prefix { $0.isLetter || $0 == "-" })
                guard !name.isEmpty, ["b", "i", "u", "s", "a", "code", "pre", "tg-spoiler", "blockquote"].contains(name) else {
                    throw Problem(description: "unknown tag '\(body)'")
                }
                if closing {
                    guard stack.popLast() == name else { throw Problem(description: "</\(name)> closes nothing open") }
                } else {
                    stack.append(name)
                }
                i = close + 1
            case "&":
                guard let semi = s[i...].prefix(12).firstIndex(of: ";") else { throw Problem(description: "broken entity at \(i)") }
                let name = String(String.UnicodeScalarView(s[(i + 1)..<semi]))
                switch name {
                case "lt": visible.append("<")
                case "gt": visible.append(">")
                case "amp": visible.append("&")
                case "quot": visible.append("\"")
                default:
                    guard name.hasPrefix("#"), let v = UInt32(name.dropFirst()), let u = Unicode.Scalar(v) else {
                        throw Problem(description: "unknown entity &\(name);")
                    }
                    visible.append(u)
                }
                i = semi + 1
            case ">":
                throw Problem(description: "bare '>' at \(i)")
            default:
                visible.append(s[i])
                i += 1
            }
        }
        guard stack.isEmpty else { throw Problem(description: "left open: \(stack)") }
        return String(visible)
    }
}
