import BotConfig
import BotCore

/// Who is told of an event: a bot's events go to its owner (and to admins who asked for
/// them); what concerns every bot (a feed, the daemon) goes to every user. Each only for the
/// kinds they chose, silently for those they marked silent, in each of their chats.
public struct Recipients: Sendable {
    public struct Delivery: Equatable, Sendable {
        public var user: String
        public var chatID: Int64
        public var silent: Bool

        public init(user: String, chatID: Int64, silent: Bool) {
            self.user = user
            self.chatID = chatID
            self.silent = silent
        }
    }

    let users: [String: UserConfig]

    public init(users: [String: UserConfig]) { self.users = users }

    /// Where a notification of `kind` about `event` goes, in a stable order (user, then chat).
    public func deliveries(of kind: NotificationKind, for event: RuntimeEvent) -> [Delivery] {
        let everyone = [.feed, .daemon].contains(kind) || event.user == nil
        var out: [Delivery] = []
        for u in users.values.sorted(by: { $0.name < $1.name }) where u.notify.contains(kind) {
            guard everyone || u.name == event.user || (u.role == .admin && admins(kind)) else { continue }
            for chat in u.chats { out.append(Delivery(user: u.name, chatID: chat, silent: u.silent.contains(kind))) }
        }
        return out
    }

    /// Admins hear of other users' bots failing and of kill switches, not of their trades.
    func admins(_ kind: NotificationKind) -> Bool { [.botFailed, .killSwitch].contains(kind) }
}
