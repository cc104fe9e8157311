import BotCore

/// A JSON object written key by key, in the order given: the body is signed byte for byte, so
/// it is built once, deterministically, and sent as it is.
struct OKXJSONBody {
    private var text = "{"
    private var empty = true

    mutating func add(_ key: String, _ value: String) { member(key, JSONText.quoted(value)) }
    mutating func add(_ key: String, _ value: Bool) { member(key, value ? "true" : "false") }
    mutating func add(_ key: String, _ value: String?) { if let value { add(key, value) } }
    mutating func add<T: FixedPoint>(_ key: String, _ value: T?) { if let value { add(key, value.description) } }

    private mutating func member(_ key: String, _ json: String) {
        text += (empty ? "" : ",") + JSONText.quoted(key) + ":" + json
        empty = false
    }

    var json: String { text + "}" }
    var bytes: [UInt8] { Array(json.utf8) }

    /// `[obj,obj,…]`, for the endpoints that take an array.
    static func array(_ items: [OKXJSONBody]) -> [UInt8] { Array(("[" + items.map(\.json).joined(separator: ",") + "]").utf8) }
}

/// A query string in the order given. Values are percent-encoded except RFC 3986's unreserved
/// characters and the comma OKX's lists use (`ccy=BTC,USDT`); the result is both what is sent
/// and what is signed.
struct OKXQuery {
    private var parts: [String] = []

    mutating func add(_ key: String, _ value: String?) {
        guard let value else { return }
        parts.append(key + "=" + Self.encode(value))
    }

    mutating func add(_ key: String, _ value: Int64?) { add(key, value.map { String($0) }) }
    mutating func add(_ key: String, _ value: Int?) { add(key, value.map { String($0) }) }

    var text: String { parts.joined(separator: "&") }

    static func encode(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            switch b {
            case 48...57, 65...90, 97...122, UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"),
                 UInt8(ascii: ","):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                out += "%"
                out.unicodeScalars.append(hex[Int(b >> 4)])
                out.unicodeScalars.append(hex[Int(b & 15)])
            }
        }
        return out
    }
}
