/// A JSON object written key by key in the order given, so a request's body is the same bytes
/// every time (tests compare them; the fake reads them). Absent optionals are left out.
struct TelegramJSON {
    private var text = "{"
    private var empty = true

    mutating func add(_ key: String, _ value: String?) { if let value { member(key, Self.quoted(value)) } }
    mutating func add(_ key: String, _ value: Int64?) { if let value { member(key, String(value)) } }
    mutating func add(_ key: String, _ value: Int?) { if let value { member(key, String(value)) } }
    mutating func add(_ key: String, _ value: Bool) { member(key, value ? "true" : "false") }
    /// `value` is JSON already (an object or an array built here).
    mutating func add(_ key: String, json value: String?) { if let value { member(key, value) } }

    private mutating func member(_ key: String, _ json: String) {
        text += (empty ? "" : ",") + Self.quoted(key) + ":" + json
        empty = false
    }

    var json: String { text + "}" }

    static func array(_ items: [String]) -> String { "[" + items.joined(separator: ",") + "]" }

    /// A JSON string: quotes, backslashes and control characters escaped; everything else as
    /// UTF-8, which Telegram reads.
    static func quoted(_ s: String) -> String {
        var o = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": o += "\\\""
            case "\\": o += "\\\\"
            case "\n": o += "\\n"
            case "\r": o += "\\r"
            case "\t": o += "\\t"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    o += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    o.unicodeScalars.append(u)
                }
            }
        }
        return o + "\""
    }
}
