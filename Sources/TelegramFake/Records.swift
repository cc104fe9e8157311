// What the bot did, as the fake recorded it for a test to read.

/// A message the bot sent, as the fake accepted it.
public struct SentMessage: Sendable, Equatable {
    public var chatId: Int64
    public var messageId: Int64
    /// The text as sent, markup included.
    public var text: String
    /// What the user sees: the markup parsed away, entities decoded, the ends trimmed (as
    /// Telegram stores it and answers it in `result.text`).
    public var plainText: String
    public var parseMode: String?
    public var disableNotification: Bool
    /// The `reply_markup` JSON as the fake read it (compact), if any.
    public var replyMarkup: String?
    /// When it arrived, on the fake's clock.
    public var atMs: Int64
}

/// An `editMessageText` the fake applied.
public struct EditedMessage: Sendable, Equatable {
    public var chatId: Int64
    public var messageId: Int64
    public var text: String
    public var plainText: String
    public var replyMarkup: String?
    public var atMs: Int64
}

/// An `answerCallbackQuery` the fake accepted.
public struct CallbackAnswer: Sendable, Equatable {
    public var queryId: String
    public var text: String?
    public var showAlert: Bool

    public init(queryId: String, text: String?, showAlert: Bool) {
        self.queryId = queryId
        self.text = text
        self.showAlert = showAlert
    }
}
