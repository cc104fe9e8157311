/// A message (`Message`): what the runtime reads of one. Telegram's many other fields
/// (photos, replies, forwards…) are ignored, so they never fail decoding.
public struct TelegramMessage: Decodable, Hashable, Sendable {
    public var messageID: Int64
    /// Unix seconds. 0 for a message the bot can no longer see (`InaccessibleMessage`).
    public var date: Int64
    public var chat: TelegramChat
    /// Absent in channels.
    public var from: TelegramUser?
    public var text: String?
    /// The entities of `text`; empty when there are none.
    public var entities: [TelegramMessageEntity]
    /// A service message in a group that became a supergroup: the new chat's id. The old id
    /// no longer takes messages.
    public var migrateToChatID: Int64?
    /// The same service message in the new supergroup: the id the chat had before.
    public var migrateFromChatID: Int64?
    /// The buttons under the message (the bot's own messages).
    public var replyMarkup: InlineKeyboardMarkup?

    public init(messageID: Int64, date: Int64, chat: TelegramChat, from: TelegramUser? = nil, text: String? = nil,
                entities: [TelegramMessageEntity] = [], migrateToChatID: Int64? = nil, migrateFromChatID: Int64? = nil,
                replyMarkup: InlineKeyboardMarkup? = nil) {
        self.messageID = messageID
        self.date = date
        self.chat = chat
        self.from = from
        self.text = text
        self.entities = entities
        self.migrateToChatID = migrateToChatID
        self.migrateFromChatID = migrateFromChatID
        self.replyMarkup = replyMarkup
    }

    enum CodingKeys: String, CodingKey {
        case date, chat, from, text, entities
        case messageID = "message_id"
        case migrateToChatID = "migrate_to_chat_id"
        case migrateFromChatID = "migrate_from_chat_id"
        case replyMarkup = "reply_markup"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        messageID = try c.decode(Int64.self, forKey: .messageID)
        date = try c.decode(Int64.self, forKey: .date)
        chat = try c.decode(TelegramChat.self, forKey: .chat)
        from = try c.decodeIfPresent(TelegramUser.self, forKey: .from)
        text = try c.decodeIfPresent(String.self, forKey: .text)
        entities = try c.decodeIfPresent([TelegramMessageEntity].self, forKey: .entities) ?? []
        migrateToChatID = try c.decodeIfPresent(Int64.self, forKey: .migrateToChatID)
        migrateFromChatID = try c.decodeIfPresent(Int64.self, forKey: .migrateFromChatID)
        replyMarkup = try c.decodeIfPresent(InlineKeyboardMarkup.self, forKey: .replyMarkup)
    }
}
