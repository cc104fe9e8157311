/// How Telegram reads a message's markup.
public enum TelegramParseMode: String, Hashable, Sendable {
    /// What the runtime sends: only `& < >` need escaping (`TelegramHTML`).
    case html = "HTML"
    case markdownV2 = "MarkdownV2"
}

extension TelegramAPI {
    /// A message to a chat. `text` 1–4096 UTF-16 units after entity parsing (longer text:
    /// `TelegramText.split`). `disableNotification` delivers it silently.
    public static func sendMessage(chatID: Int64, text: String, parseMode: TelegramParseMode? = .html,
                                   replyMarkup: InlineKeyboardMarkup? = nil,
                                   disableNotification: Bool = false) throws(TelegramRequestError) -> TelegramRequest<TelegramMessage> {
        try TelegramCheck.chatID(chatID)
        try TelegramCheck.messageText(text, parseMode: parseMode)
        var o = TelegramJSON()
        o.add("chat_id", chatID)
        o.add("text", text)
        o.add("parse_mode", parseMode?.rawValue)
        o.add("reply_markup", json: replyMarkup?.json)
        if disableNotification { o.add("disable_notification", true) }
        return TelegramRequest("sendMessage", o)
    }

    /// Replaces the text (and the buttons: nil removes them) of a message the bot sent.
    /// Sending the same text and buttons again is refused as `.notModified`.
    public static func editMessageText(chatID: Int64, messageID: Int64, text: String, parseMode: TelegramParseMode? = .html,
                                       replyMarkup: InlineKeyboardMarkup? = nil) throws(TelegramRequestError) -> TelegramRequest<TelegramMessage> {
        try TelegramCheck.chatID(chatID)
        try TelegramCheck.positive(messageID, field: "message_id")
        try TelegramCheck.messageText(text, parseMode: parseMode)
        var o = TelegramJSON()
        o.add("chat_id", chatID)
        o.add("message_id", messageID)
        o.add("text", text)
        o.add("parse_mode", parseMode?.rawValue)
        o.add("reply_markup", json: replyMarkup?.json)
        return TelegramRequest("editMessageText", o)
    }

    /// Ends a button press's spinner, with an optional notice (0–200 characters) shown at the
    /// top of the chat, or as an alert the user must dismiss.
    public static func answerCallbackQuery(id: String, text: String? = nil, showAlert: Bool = false) throws(TelegramRequestError) -> TelegramRequest<Bool> {
        guard !id.isEmpty else { throw TelegramRequestError(field: "callback_query_id", reason: "empty") }
        if let n = text?.utf16.count, n > TelegramLimits.callbackAnswerLength {
            throw TelegramRequestError(field: "text", reason: "\(n) UTF-16 units; at most \(TelegramLimits.callbackAnswerLength)")
        }
        var o = TelegramJSON()
        o.add("callback_query_id", id)
        o.add("text", text)
        if showAlert { o.add("show_alert", true) }
        return TelegramRequest("answerCallbackQuery", o)
    }
}
