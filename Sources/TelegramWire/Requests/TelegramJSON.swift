import BotCore

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

    /// A JSON string: Telegram reads UTF-8, so only quotes, backslashes and control
    /// characters are escaped (BotCore's one writer).
    static func quoted(_ s: String) -> String { JSONText.quoted(s) }
}
