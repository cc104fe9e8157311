import FakeKit

/// What sendMessage and editMessageText check before anything happens, in Telegram's order:
/// the chat (given, known, not moved to a supergroup, not blocking the bot), the text after
/// entity parsing, the keyboard.
extension BotAPI {
    /// The chat a call addresses: an id, or `@username` of a chat that has one.
    mutating func target(_ p: Params) -> Result<FakeChat, Refusal> {
        guard let raw = p.string("chat_id"), !raw.isEmpty else { return .failure(Refusal(error(400, "Bad Request: chat_id is empty"))) }
        let id: Int64
        if raw.hasPrefix("@") {
            let name = raw.dropFirst().lowercased()
            guard let chat = chats.values.first(where: { $0.username?.lowercased() == name }) else {
                return .failure(Refusal(error(400, "Bad Request: chat not found")))
            }
            id = chat.id
        } else {
            guard let n = Int64(raw) else { return .failure(Refusal(error(400, "Bad Request: chat not found"))) }
            id = n
        }
        if let to = migratedTo[id] {
            return .failure(Refusal(error(400, "Bad Request: group chat was upgraded to a supergroup chat", parameters: [("migrate_to_chat_id", .int(to))])))
        }
        guard let chat = chats[id] else { return .failure(Refusal(error(400, "Bad Request: chat not found"))) }
        if chat.type == "private", blockedBy.contains(id) { return .failure(Refusal(error(403, "Forbidden: bot was blocked by the user"))) }
        return .success(chat)
    }

    /// The text as the user will see it (markup parsed, ends trimmed as Telegram trims
    /// them), 1–4096 UTF-16 units, or the 400 it gets.
    mutating func readText(_ p: Params) -> Result<String, Refusal> {
        let text = p.string("text") ?? ""
        var plain: String
        switch (p.string("parse_mode") ?? "").lowercased() {
        case "html":
            switch FakeHTML.parse(text) {
            case .success(let s): plain = s
            case .failure(let why): return .failure(Refusal(error(400, "Bad Request: can't parse entities: " + why.reason)))
            }
        // MarkdownV2 and Markdown are not parsed: our client sends HTML (protocols.md §5.3).
        case "", "markdown", "markdownv2": plain = text
        default: return .failure(Refusal(error(400, "Bad Request: unsupported parse_mode")))
        }
        plain = plain.trimmingWhitespace
        if plain.isEmpty { return .failure(Refusal(error(400, "Bad Request: message text is empty"))) }
        if plain.utf16.count > 4_096 { return .failure(Refusal(error(400, "Bad Request: message is too long"))) }
        return .success(plain)
    }

    /// The reply markup, checked where Telegram is strict about inline keyboards: each
    /// button has text and one action, and `callback_data` is 1–64 bytes.
    mutating func readMarkup(_ p: Params) -> Result<JSON?, Refusal> {
        guard p.values["reply_markup"] != nil else { return .success(nil) }
        guard let m = p.json("reply_markup"), case .object = m else { return .failure(Refusal(error(400, "Bad Request: can't parse reply keyboard markup JSON object"))) }
        guard let keyboard = m["inline_keyboard"] else { return .success(m) }
        guard let rows = keyboard.array else { return .failure(Refusal(error(400, "Bad Request: field \"inline_keyboard\" of the InlineKeyboardMarkup should be an Array of Arrays"))) }
        for row in rows {
            guard let buttons = row.array else { return .failure(Refusal(error(400, "Bad Request: field \"inline_keyboard\" of the InlineKeyboardMarkup should be an Array of Arrays"))) }
            for b in buttons {
                guard !b.s("text").isEmpty else { return .failure(Refusal(error(400, "Bad Request: can't parse inline keyboard button: Field \"text\" must be of type String"))) }
                if let data = b["callback_data"] {
                    guard let s = data.string, (1...64).contains(s.utf8.count) else { return .failure(Refusal(error(400, "Bad Request: BUTTON_DATA_INVALID"))) }
                } else if !b.keys.contains(where: Self.buttonActions.contains) {
                    return .failure(Refusal(error(400, "Bad Request: can't parse inline keyboard button: InlineKeyboardButton must have exactly one optional field")))
                }
            }
        }
        return .success(m)
    }

    static let buttonActions: Set<String> = ["url", "callback_data", "web_app", "login_url", "switch_inline_query",
                                             "switch_inline_query_current_chat", "switch_inline_query_chosen_chat",
                                             "copy_text", "callback_game", "pay"]
}

/// A call refused, with the answer it gets.
struct Refusal: Error {
    let outcome: RESTOutcome
    init(_ outcome: RESTOutcome) { self.outcome = outcome }
}

extension String {
    /// Without the whitespace and newlines at either end (Telegram strips a message's text so).
    var trimmingWhitespace: String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }
}
