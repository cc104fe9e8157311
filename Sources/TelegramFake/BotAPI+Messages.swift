import FakeKit

/// sendMessage and editMessageText: checked (BotAPI+Checks), then counted against flood
/// control (a refused call does not count), then stored and answered with the Message.
extension BotAPI {
    mutating func sendMessage(_ p: Params, nowMs: Int64) -> RESTOutcome {
        let chat: FakeChat, plain: String, markup: JSON?
        switch target(p) { case .success(let c): chat = c; case .failure(let e): return e.outcome }
        switch readText(p) { case .success(let t): plain = t; case .failure(let e): return e.outcome }
        switch readMarkup(p) { case .success(let m): markup = m; case .failure(let e): return e.outcome }
        if let wait = limiter.admit(chat: chat.id, isGroup: chat.isGroup, nowMs: nowMs) { return tooMany(wait) }
        let id = newMessageID(chat.id)
        var fields: [(String, JSON)] = [("message_id", .int(id)), ("from", botJSON), ("chat", chat.json), ("date", .int(nowMs / 1000)), ("text", .string(plain))]
        if let markup { fields.append(("reply_markup", markup)) }
        let json = JSON.object(fields)
        messages[chat.id, default: [:]][id] = Stored(plain: plain, markup: markup?.text, json: json)
        sent.append(SentMessage(chatId: chat.id, messageId: id, text: p.string("text") ?? "", plainText: plain, parseMode: p.string("parse_mode"),
                                disableNotification: p.bool("disable_notification"), replyMarkup: markup?.text, atMs: nowMs))
        return Self.ok(json)
    }

    mutating func editMessageText(_ p: Params, nowMs: Int64) -> RESTOutcome {
        let chat: FakeChat, plain: String, markup: JSON?
        switch target(p) { case .success(let c): chat = c; case .failure(let e): return e.outcome }
        guard let messageID = p.int("message_id"), let stored = messages[chat.id]?[messageID] else {
            return error(400, "Bad Request: message to edit not found")
        }
        switch readText(p) { case .success(let t): plain = t; case .failure(let e): return e.outcome }
        switch readMarkup(p) { case .success(let m): markup = m; case .failure(let e): return e.outcome }
        if plain == stored.plain && markup?.text == stored.markup {
            return error(400, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")
        }
        if let wait = limiter.admit(chat: chat.id, isGroup: chat.isGroup, nowMs: nowMs) { return tooMany(wait) }
        var fields: [(String, JSON)] = [("message_id", .int(messageID)), ("from", botJSON), ("chat", chat.json), ("date", stored.json["date"] ?? .int(0)),
                                        ("edit_date", .int(nowMs / 1000)), ("text", .string(plain))]
        if let markup { fields.append(("reply_markup", markup)) }
        let edited = Stored(plain: plain, markup: markup?.text, json: .object(fields))
        messages[chat.id]?[messageID] = edited
        edits.append(EditedMessage(chatId: chat.id, messageId: messageID, text: p.string("text") ?? "", plainText: plain, replyMarkup: markup?.text, atMs: nowMs))
        return Self.ok(edited.json)
    }
}
