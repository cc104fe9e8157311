/// Telegram's reading of a message in HTML parse mode, after tdlib's `parse_html` (whose
/// messages the fake's 400s repeat, with their byte offsets): the supported tags with their
/// attributes, end tags matching the innermost open one, and entities. Gives the text a user
/// sees, or the reason for "Bad Request: can't parse entities: …".
///
/// Stricter than Telegram in two places, on purpose, so the fake catches a client that
/// forgot to escape: in text, `&` must start `&lt; &gt; &amp; &quot;` or a numeric entity,
/// `;` included (Telegram reads a lone `&` or `&lt` as text); and `<a>` needs `href`
/// (Telegram then links the text itself, or drops the link).
enum FakeHTML {
    static let tags: Set<String> = ["a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins", "tg-spoiler",
                                    "tg-emoji", "tg-time", "span", "pre", "code", "blockquote"]

    static func parse(_ html: String) -> Result<String, HTMLError> {
        var reader = HTMLReader(bytes: Array(html.utf8))
        do { return .success(try reader.run()) } catch { return .failure(error) }
    }
}

struct HTMLError: Error, ExpressibleByStringInterpolation {
    let reason: String
    init(stringLiteral value: String) { reason = value }
    init(stringInterpolation: DefaultStringInterpolation) { reason = String(stringInterpolation: stringInterpolation) }
}

/// One pass over the UTF-8 bytes. `at` reads past the end as 0, as tdlib reads its
/// NUL-terminated string, so every scan stops there.
struct HTMLReader {
    let bytes: [UInt8]
    var i = 0
    var text: [UInt8] = []
    var open: [String] = []

    init(bytes: [UInt8]) { self.bytes = bytes }

    func at(_ k: Int) -> UInt8 { k < bytes.count ? bytes[k] : 0 }
    func word(_ from: Int, _ to: Int) -> String { String(decoding: bytes[from..<to], as: UTF8.self) }
    static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
    static let lt = UInt8(ascii: "<"), gt = UInt8(ascii: ">"), slash = UInt8(ascii: "/"), amp = UInt8(ascii: "&")

    mutating func run() throws(HTMLError) -> String {
        while i < bytes.count {
            switch bytes[i] {
            case Self.amp: text += try entityInText()
            case Self.lt: if at(i + 1) == Self.slash { try endTag() } else { try startTag() }
            default:
                // A bare '>' is text to Telegram.
                text.append(bytes[i])
                i += 1
            }
        }
        if let top = open.last { throw "Can't find end tag corresponding to start tag \"\(top)\"" }
        return String(decoding: text, as: UTF8.self)
    }

    mutating func startTag() throws(HTMLError) {
        let begin = i
        i += 1
        while !Self.isSpace(at(i)), at(i) != Self.gt, at(i) != 0 { i += 1 }
        guard at(i) != 0 else { throw "Unclosed start tag at byte offset \(begin)" }
        let name = word(begin + 1, i).lowercased()
        guard FakeHTML.tags.contains(name) else { throw "Unsupported start tag \"\(name)\" at byte offset \(begin)" }
        let attributes = try self.attributes(of: name, begin: begin)
        i += 1
        switch name {
        case "span" where attributes["class"] != "tg-spoiler":
            throw "Tag \"span\" must have class \"tg-spoiler\" at byte offset \(begin)"
        case "a" where (attributes["href"] ?? "").isEmpty:
            throw "Tag \"a\" must have attribute \"href\" at byte offset \(begin)"
        case "tg-emoji" where Int64(attributes["emoji-id"] ?? "") == nil:
            throw "Invalid custom emoji identifier specified"
        default: break
        }
        open.append(name)
    }

    /// An end tag closes the innermost open one; `</>` closes it whatever it is (tdlib). The
    /// name is compared as written, so `<B>…</B>` does not match (tdlib lower-cases only
    /// the start tag's).
    mutating func endTag() throws(HTMLError) {
        let begin = i
        guard let top = open.last else { throw "Unexpected end tag at byte offset \(begin)" }
        i += 2
        let nameStart = i
        while !Self.isSpace(at(i)), at(i) != Self.gt, at(i) != 0 { i += 1 }
        let name = word(nameStart, i)
        while Self.isSpace(at(i)) { i += 1 }
        guard at(i) == Self.gt else { throw "Unclosed end tag at byte offset \(begin)" }
        i += 1
        guard name.isEmpty || name == top else {
            throw "Unmatched end tag at byte offset \(begin), expected \"</\(top)>\", found \"</\(name)>\""
        }
        open.removeLast()
    }
}
