/// The bot's own membership changed in a chat (`my_chat_member`): added to a group, made an
/// admin, removed, or blocked by a user in a private chat.
public struct TelegramChatMemberUpdated: Decodable, Hashable, Sendable {
    public var chat: TelegramChat
    /// Who made the change.
    public var from: TelegramUser
    public var date: Int64
    /// `ChatMember.status`: "creator", "administrator", "member", "restricted", "left", "kicked".
    public var oldStatus: String
    public var newStatus: String

    public init(chat: TelegramChat, from: TelegramUser, date: Int64, oldStatus: String, newStatus: String) {
        self.chat = chat
        self.from = from
        self.date = date
        self.oldStatus = oldStatus
        self.newStatus = newStatus
    }

    /// The bot can no longer send there: removed from the group, or blocked by the user.
    public var botWasRemoved: Bool { newStatus == "left" || newStatus == "kicked" }

    enum CodingKeys: String, CodingKey {
        case chat, from, date
        case old = "old_chat_member"
        case new = "new_chat_member"
    }

    struct Member: Decodable { var status: String }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        chat = try c.decode(TelegramChat.self, forKey: .chat)
        from = try c.decode(TelegramUser.self, forKey: .from)
        date = try c.decode(Int64.self, forKey: .date)
        oldStatus = try c.decode(Member.self, forKey: .old).status
        newStatus = try c.decode(Member.self, forKey: .new).status
    }
}
