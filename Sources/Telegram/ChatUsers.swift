import BotConfig
import Commands

/// Who may command botd from Telegram: decided by the sender's user id (`from.id`) alone,
/// never by the chat, for messages and button presses alike. A stranger is refused politely,
/// once per chat and hour, and never reaches the router. In a group, only a listed user's
/// commands count, and only where `[telegram] group_commands` allows; otherwise groups only
/// receive notifications.
public struct ChatUsers: Sendable {
    public enum Decision: Equatable, Sendable {
        /// A listed user: run their command as this caller.
        case user(UserConfig, Caller)
        /// Not to be run. `reply`: say why (a refusal or the group hint), at most once per chat
        /// and hour; otherwise stay silent.
        case stranger(reply: Bool)
        case groupNotifiesOnly(reply: Bool)
        /// Nothing to decide (no sender: a channel post, a service message).
        case ignore
    }

    let byTelegramID: [Int64: UserConfig]
    let groupCommands: Bool
    /// When each chat was last told no, so a stranger (or a noisy group) gets one reply an hour.
    var toldAt: [Int64: Int64] = [:]
    static let replyEveryMs: Int64 = 3_600_000

    public init(users: [String: UserConfig], groupCommands: Bool) {
        var by: [Int64: UserConfig] = [:]
        for u in users.values { for id in u.telegramIDs { by[id] = u } }
        byTelegramID = by
        self.groupCommands = groupCommands
    }

    /// Who sent a message or pressed a button, from `fromID` in `chatID` (negative: a group).
    public mutating func decide(fromID: Int64?, chatID: Int64, isGroup: Bool, nowMs: Int64) -> Decision {
        guard let fromID else { return .ignore }
        guard let user = byTelegramID[fromID] else { return .stranger(reply: tell(chatID, nowMs)) }
        if isGroup && !groupCommands { return .groupNotifiesOnly(reply: tell(chatID, nowMs)) }
        return .user(user, .user(name: user.name, role: user.role == .admin ? .admin : .user))
    }

    /// The user a Telegram id acts as, if any.
    public func user(telegramID: Int64) -> UserConfig? { byTelegramID[telegramID] }

    mutating func tell(_ chat: Int64, _ nowMs: Int64) -> Bool {
        if let last = toldAt[chat], nowMs - last < Self.replyEveryMs { return false }
        toldAt[chat] = nowMs
        return true
    }
}
