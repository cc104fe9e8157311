import TelegramWire

/// What an update asks of botd, read once from the inbox: a command, a button press, a chat
/// that moved or that no longer takes the bot's messages, or nothing.
public enum Incoming: Equatable, Sendable {
    case command(from: Int64, chat: Int64, isGroup: Bool, name: String, arguments: [String])
    case press(from: Int64, chat: Int64, messageID: Int64?, callbackID: String, data: String?)
    /// A group became a supergroup: messages go to the new id.
    case migrated(from: Int64, to: Int64)
    /// The bot was blocked (a private chat) or removed (a group): stop sending there. `false`:
    /// it is welcome again.
    case reachable(chat: Int64, Bool)
    case ignore

    /// `botUsername`: the bot's own (getMe), so `/cmd@otherbot` in a group is left alone.
    public init(_ update: TelegramUpdate, botUsername: String?) {
        switch update.payload {
        case .message(let m):
            if let to = m.migrateToChatID {
                self = .migrated(from: m.chat.id, to: to)
            } else if let from = m.from, !from.isBot, let c = TelegramCommand.parse(m, botUsername: botUsername) {
                self = .command(from: from.id, chat: m.chat.id, isGroup: m.chat.type.isGroup, name: c.name, arguments: c.arguments)
            } else {
                self = .ignore
            }
        case .callbackQuery(let q):
            self = .press(from: q.from.id, chat: q.message?.chat.id ?? q.from.id, messageID: q.message?.messageID, callbackID: q.id, data: q.data)
        case .myChatMember(let u):
            self = .reachable(chat: u.chat.id, !u.botWasRemoved)
        case .editedMessage, .other, .malformed, .none:
            // An edited command is not run again; what botd cannot read is skipped, never retried.
            self = .ignore
        }
    }
}
