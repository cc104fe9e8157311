import FakeKit

/// sendMessage, editMessageText and answerCallbackQuery as Telegram checks them: the chat
/// (unknown, moved to a supergroup, blocked), the text after entity parsing (1–4096 UTF-16
/// units, HTML that parses), the buttons, and flood control.
extension BotAPI {
    /// The chat a call addresses, or the error it gets.
    mutating func target(_ p: Params) -> Result<FakeChat, Refusal> {
        guard let raw = p.string("chat_id"), !raw.isEmpty else { return .failure(Refusal(error(400, "Bad Request: chat_id is empty"))) }
        guard let id = Int64(raw) else { return .failure(Refusal(error(400, "Bad Request: chat not found"))) }
        if let to = migratedTo[id] {
            return .failure(Refusal(error(400, "Bad Request: group chat was upgraded to a supergroup chat", parameters: [("migrate_to_chat_id", .int(to))])))
        }
        guard let chat = chats[id] else { return .failure(Refusal(error(400, "Bad Request: chat not found"))) }
        if chat.type == "private", blockedBy.contains(id) { return .failure(Refusal(error(403, "Forbidden: bot was blocked by the user"))) }
        return .success(chat)
    }

    /// The text as the user will see it, or the 400 it gets.
    mutating func readText(_ p: Params) -> Result<String, Refusal> {
        let text = p.string("text") ?? ""
        let plain: String
        switch (p.string("parse_mode") ?? "").lowercased() {
        case "html":
            switch FakeHTML.parse(text) {
            case .success(let s): plain = s
            case .failure(let why): return .failure(Refusal(error(400, "Bad Request: can't parse entities: " + why.reason)))
            }
        case "", "markdown", "markdownv2": plain = text
        default: return .failure(Refusal(error(400, "Bad Request: unsupported parse_mode")))
        }
        if plain.utf16.isEmpty || plain.allSatisfy(\.isWhitespace) { return .failure(Refusal(error(400, "Bad Request: message text is empty"))) }
        if plain.utf16.count > 4_096 { return .failure(Refusal(error(400, "Bad Request: message is too long"))) }
        return .success(plain)
    }

    /// The inline keyboard, checked; nil text for none.
    mutating func readMarkup(_ p: Params) -> Result<JSON?, Refusal> {
        guard p.values["reply_markup"] != nil else { return .success(nil) }
        guard let m = p.json("reply_markup"), case .object = m else { return .failure(Refusal(error(400, "Bad Request: can't parse reply keyboard markup JSON object"))) }
        guard let rows = m["inline_keyboard"]?.array else { return .success(m) }
        for row in rows {
            guard let buttons = row.array else { return .failure(Refusal(error(400, "Bad Request: field \"inline_keyboard\" must be an Array of Arrays"))) }
            for b in buttons {
                guard !b.s("text").isEmpty else { return .failure(Refusal(error(400, "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"))) }
                if let data = b["callback_data"] {
                    guard let s = data.string, (1...64).contains(s.utf8.count) else { return .failure(Refusal(error(400, "Bad Request: BUTTON_DATA_INVALID"))) }
                } else if b["url"] == nil {
                    return .failure(Refusal(error(400, "Bad Request: can't parse inline keyboard button: InlineKeyboardButton must have exactly one optional field")))
                }
            }
        }
        return .success(m)
    }

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
        guard let messageID = p.int("message_id"), var stored = messages[chat.id]?[messageID] else {
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
        stored = Stored(plain: plain, markup: markup?.text, json: .object(fields))
        messages[chat.id]?[messageID] = stored
        edits.append(EditedMessage(chatId: chat.id, messageId: messageID, text: p.string("text") ?? "", plainText: plain, replyMarkup: markup?.text, atMs: nowMs))
        return Self.ok(stored.json)
    }

    mutating func answerCallbackQuery(_ p: Params, nowMs: Int64) -> RESTOutcome {
        let id = p.string("callback_query_id") ?? ""
        guard let q = queries[id], !q.answered, nowMs - q.atMs <= Self.queryLifetimeMs else {
            return error(400, "Bad Request: query is too old and response timeout expired or query ID is invalid")
        }
        let text = p.string("text")
        if let text, text.utf16.count > 200 { return error(400, "Bad Request: MESSAGE_TOO_LONG") }
        queries[id] = (q.atMs, true)
        callbackAnswers.append(CallbackAnswer(queryId: id, text: text, showAlert: p.bool("show_alert")))
        return Self.ok(.bool(true))
    }
}

/// A call refused, with the answer it gets.
struct Refusal: Error {
    let outcome: RESTOutcome
    init(_ outcome: RESTOutcome) { self.outcome = outcome }
}
