import FakeKit

/// answerCallbackQuery: a press may be answered once, within 15 minutes of it (on the
/// fake's clock); after that, or for an id never given, Telegram's one 400.
extension BotAPI {
    static let queryLifetimeMs: Int64 = 900_000

    mutating func answerCallbackQuery(_ p: Params, nowMs: Int64) -> RESTOutcome {
        let id = p.string("callback_query_id") ?? ""
        guard let q = queries[id], !q.answered, nowMs - q.atMs <= Self.queryLifetimeMs else {
            return error(400, "Bad Request: query is too old and response timeout expired or query ID is invalid")
        }
        let text = p.string("text")
        // The notification's text is 0-200 characters.
        if let text, text.utf16.count > 200 { return error(400, "Bad Request: MESSAGE_TOO_LONG") }
        queries[id] = (q.atMs, true)
        callbackAnswers.append(CallbackAnswer(queryId: id, text: text, showAlert: p.bool("show_alert")))
        return Self.ok(.bool(true))
    }
}
