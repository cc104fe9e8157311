/// JSONDecoder's coding paths and types as the wire layers' errors name them
/// (`data[0].fillPx`, "expected a string"), written once for every venue and Telegram.
public enum DecodingText {
    /// `data[0].fillPx` from a coding path.
    public static func path(_ keys: [any CodingKey]) -> String {
        var s = ""
        for k in keys {
            if let i = k.intValue { s += "[\(i)]" } else { s += (s.isEmpty ? "" : ".") + k.stringValue }
        }
        return s
    }

    /// A decoded type as a reader of the message knows it: "a string", "an integer".
    public static func typeName(_ t: Any.Type) -> String {
        switch t {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        case is Int64.Type, is Int.Type: "an integer"
        case is [Any].Type: "an array"
        case is [String: Any].Type: "an object"
        default: "\(t)"
        }
    }
}
