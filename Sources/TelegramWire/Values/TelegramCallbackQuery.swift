/// A press on an inline button (`CallbackQuery`). Every one must be answered
/// (`answerCallbackQuery`), or the user's button keeps spinning.
public struct TelegramCallbackQuery: Decodable, Hashable, Sendable {
    /// Opaque; the id `answerCallbackQuery` takes.
    public var id: String
    /// Who pressed: authorise by this id, never by the chat.
    public var from: TelegramUser
    /// The message the button was under; absent for inline-mode messages, and with date 0
    /// when the message is too old for the bot to see.
    public var message: TelegramMessage?
    /// The button's `callback_data`; absent for a game button.
    public var data: String?
    /// Identifies the chat the message was in, across bots; not a chat id.
    public var chatInstance: String

    public init(id: String, from: TelegramUser, message: TelegramMessage? = nil, data: String? = nil, chatInstance: String) {
        self.id = id
        self.from = from
        self.message = message
        self.data = data
        self.chatInstance = chatInstance
    }

    enum CodingKeys: String, CodingKey {
        case id, from, message, data
        case chatInstance = "chat_instance"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        from = try c.decode(TelegramUser.self, forKey: .from)
        message = try c.decodeIfPresent(TelegramMessage.self, forKey: .message)
        data = try c.decodeIfPresent(String.self, forKey: .data)
        // Documented as required; a missing one costs nothing the runtime uses.
        chatInstance = try c.decodeIfPresent(String.self, forKey: .chatInstance) ?? ""
    }
}
