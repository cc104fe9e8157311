import BotCore

/// JSONDecoder's errors as messages that name the field: `result[0].message.chat: missing`.
enum TelegramDecoding {
    static func describe(_ e: DecodingError) -> String {
        let (field, reason) = split(e)
        return field.isEmpty ? reason : "\(field): \(reason)"
    }

    /// The path and the reason apart, for `TelegramError.malformed`.
    static func split(_ e: DecodingError) -> (field: String, reason: String) {
        let keys: [any CodingKey]
        let reason: String
        switch e {
        case .keyNotFound(let key, let ctx): keys = ctx.codingPath + [key]; reason = "missing"
        case .valueNotFound(_, let ctx): keys = ctx.codingPath; reason = "null"
        case .typeMismatch(let type, let ctx): keys = ctx.codingPath; reason = "expected \(DecodingText.typeName(type))"
        case .dataCorrupted(let ctx): keys = ctx.codingPath; reason = ctx.codingPath.isEmpty ? "not JSON" : "unreadable"
        @unknown default: keys = []; reason = "unreadable"
        }
        return (DecodingText.path(keys), reason)
    }
}
