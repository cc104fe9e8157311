/// Telegram's reading of a message in HTML parse mode: the supported tags, properly nested,
/// and `&` only as one of the four named entities or a numeric one. Gives the text a user
/// sees, or the description Telegram's 400 carries ("can't parse entities: …").
enum FakeHTML {
    static let tags: Set<String> = ["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "tg-spoiler", "span", "a",
                                    "code", "pre", "blockquote", "tg-emoji", "tg-time"]

    static func parse(_ html: String) -> Result<String, HTMLError> {
        let b = Array(html.utf8)
        var out: [UInt8] = []
        var open: [String] = []
        var i = 0
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "<") {
                guard let close = b[i...].firstIndex(of: UInt8(ascii: ">")) else {
                    return .failure(HTMLError(reason: "Can't find end of the tag starting at byte offset \(i)"))
                }
                let inner = String(decoding: b[(i + 1)..<close], as: UTF8.self)
                if inner.hasPrefix("/") {
                    let name = String(inner.dropFirst()).trimmingSpaces.lowercased()
                    guard let top = open.last else { return .failure(HTMLError(reason: "Unexpected end tag at byte offset \(i)")) }
                    guard top == name else { return .failure(HTMLError(reason: "Unmatched end tag at byte offset \(i), expected \"</\(top)>\", found \"</\(name)>\"")) }
                    open.removeLast()
                } else {
                    let name = String(inner.prefix { $0 != " " && $0 != "\t" && $0 != "\n" && $0 != "/" }).lowercased()
                    guard tags.contains(name) else { return .failure(HTMLError(reason: "Unsupported start tag \"\(name)\" at byte offset \(i)")) }
                    if name == "span", !inner.contains("tg-spoiler") { return .failure(HTMLError(reason: "Tag \"span\" must have class \"tg-spoiler\" at byte offset \(i)")) }
                    if name == "a", !inner.contains("href=") { return .failure(HTMLError(reason: "Tag \"a\" must have attribute \"href\" at byte offset \(i)")) }
                    open.append(name)
                }
                i = close + 1
            } else if c == UInt8(ascii: "&") {
                guard let semi = b[i...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else {
                    return .failure(HTMLError(reason: "Character '&' is reserved and must be escaped at byte offset \(i)"))
                }
                let name = String(decoding: b[(i + 1)..<semi], as: UTF8.self)
                guard let decoded = entity(name) else { return .failure(HTMLError(reason: "Unsupported HTML entity \"&\(name);\" at byte offset \(i)")) }
                out += Array(decoded.utf8)
                i = semi + 1
            } else if c == UInt8(ascii: ">") {
                // Telegram tolerates a bare '>' outside tags; it is text.
                out.append(c)
                i += 1
            } else {
                out.append(c)
                i += 1
            }
        }
        if let top = open.last { return .failure(HTMLError(reason: "Can't find end tag corresponding to start tag \"\(top)\"")) }
        return .success(String(decoding: out, as: UTF8.self))
    }

    static func entity(_ name: String) -> String? {
        switch name {
        case "lt": return "<"
        case "gt": return ">"
        case "amp": return "&"
        case "quot": return "\""
        default:
            guard name.hasPrefix("#") else { return nil }
            let digits = name.dropFirst()
            let value: UInt32?
            if digits.first == "x" || digits.first == "X" { value = UInt32(digits.dropFirst(), radix: 16) } else { value = UInt32(digits) }
            guard let v = value, let scalar = Unicode.Scalar(v), v != 0 else { return nil }
            return String(Character(scalar))
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}

struct HTMLError: Error { let reason: String }
