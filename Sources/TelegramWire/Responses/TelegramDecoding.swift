/// JSONDecoder's errors as messages that name the field: `result[0].message.chat: missing`.
enum TelegramDecoding {
    static func describe(_ e: DecodingError) -> String {
        func at(_ keys: [any CodingKey], _ reason: String) -> String {
            let p = path(keys)
            return p.isEmpty ? reason : "\(p): \(reason)"
        }
        switch e {
        case .keyNotFound(let key, let ctx): return at(ctx.codingPath + [key], "missing")
        case .valueNotFound(_, let ctx): return at(ctx.codingPath, "null")
        case .typeMismatch(let type, let ctx): return at(ctx.codingPath, "expected \(typeName(type))")
        case .dataCorrupted(let ctx): return at(ctx.codingPath, ctx.codingPath.isEmpty ? "not JSON" : "unreadable")
        @unknown default: return "unreadable"
        }
    }

    /// The path and the reason apart, for `TelegramError.malformed`.
    static func split(_ e: DecodingError) -> (field: String, reason: String) {
        let keys: [any CodingKey]
        let reason: String
        switch e {
        case .keyNotFound(let key, let ctx): keys = ctx.codingPath + [key]; reason = "missing"
        case .valueNotFound(_, let ctx): keys = ctx.codingPath; reason = "null"
        case .typeMismatch(let type, let ctx): keys = ctx.codingPath; reason = "expected \(typeName(type))"
        case .dataCorrupted(let ctx): keys = ctx.codingPath; reason = ctx.codingPath.isEmpty ? "not JSON" : "unreadable"
        @unknown default: keys = []; reason = "unreadable"
        }
        return (path(keys), reason)
    }

    static func path(_ keys: [any CodingKey]) -> String {
        var s = ""
        for k in keys {
            if let i = k.intValue { s += "[\(i)]" } else { s += (s.isEmpty ? "" : ".") + k.stringValue }
        }
        return s
    }

    private static func typeName(_ t: Any.Type) -> String {
        switch t {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        case is Int64.Type, is Int.Type: "an integer"
        case is [Any].Type: "an array"
        default: "\(t)"
        }
    }
}
