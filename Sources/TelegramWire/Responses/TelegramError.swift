/// A Bot API call that did not succeed, in the kinds a caller acts on. Built from what
/// Telegram answered, with any token in its description redacted.
public enum TelegramError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Flood control (429): wait this many seconds, from `parameters.retry_after`, before
    /// this chat (or the bot) sends again.
    case rateLimited(retryAfter: Int)
    /// 409: a webhook is set (delete it first) or another process polls with this token.
    /// Telegram's description tells which (`isWebhookConflict`).
    case conflict(String)
    /// 401: the token is wrong or revoked. No retry helps.
    case unauthorized(String)
    /// 403: the bot may not write there (blocked by the user, removed from the group).
    case forbidden(String)
    /// 400 from a group that became a supergroup: send to this chat id from now on.
    case chatMigrated(to: Int64)
    /// 400 "message is not modified": an edit to the same text and buttons; nothing to do.
    case notModified
    /// Another 400 (`isEntityParseError` for markup Telegram could not read).
    case badRequest(String)
    /// Any other error code Telegram gave (404 for an unknown method, 413, …).
    case rejected(code: Int, description: String)
    /// 5xx, or an answer that was not Telegram's JSON (a proxy's HTML page): try again later.
    case server(status: Int)
    /// A success whose result could not be read: the JSON path and why.
    case malformed(field: String, reason: String)

    /// Used when a 429 does not say how long to wait: the one documented example's value.
    public static let defaultRetryAfter = 5

    /// A 400 about the message's markup ("can't parse entities: …"): the text was not valid
    /// HTML; send it again as plain text rather than losing it.
    public var isEntityParseError: Bool {
        if case .badRequest(let d) = self { return d.lowercased().contains("can't parse entities") }
        return false
    }

    /// A 409 because a webhook is set: `deleteWebhook` ends it. Otherwise another poller runs.
    public var isWebhookConflict: Bool {
        if case .conflict(let d) = self { return d.lowercased().contains("webhook") }
        return false
    }

    /// Seconds to wait before trying again, for the kinds where waiting helps.
    public var retryAfter: Int? {
        switch self {
        case .rateLimited(let s): s
        default: nil
        }
    }

    public var description: String {
        let s: String
        switch self {
        case .rateLimited(let r): s = "rate limited: retry after \(r) s"
        case .conflict(let d): s = "conflict (409): \(d)"
        case .unauthorized(let d): s = "unauthorized (401): \(d)"
        case .forbidden(let d): s = "forbidden (403): \(d)"
        case .chatMigrated(let id): s = "chat migrated to supergroup \(id)"
        case .notModified: s = "message is not modified"
        case .badRequest(let d): s = "bad request (400): \(d)"
        case .rejected(let code, let d): s = "error \(code): \(d)"
        case .server(let status): s = "server error: HTTP \(status)"
        case .malformed(let f, let r): s = "malformed answer: " + (f.isEmpty ? r : "\(f): \(r)")
        }
        // Cases can be made by anyone: what prints is redacted whatever went in.
        return "Telegram " + TelegramRedaction.redact(s)
    }
}
