import BotConfig
import BotCore
import Telegram
import Testing

/// A bot's notifications reach its owner's chats, the kinds they chose, silently where asked;
/// feeds and the daemon reach everyone; admins hear of failures, not of others' trades.
struct RecipientsTests {
    let r = Recipients(users: [
        "alice": UserConfig(name: "alice", telegramIDs: [111], chats: [111, -100200], notify: [.entry, .exit, .daemon], silent: [.entry]),
        "bob": UserConfig(name: "bob", telegramIDs: [222]),
        "root": UserConfig(name: "root", telegramIDs: [333], role: .admin),
    ])

    @Test func aBotsEventsReachItsOwnerInEachChatTheKindsTheyChose() {
        let entry = RuntimeEvent(ts: 1, bot: "alice-btc", user: "alice", .positionOpened(.net, quantity: 1, entry: nil))
        #expect(r.deliveries(of: .entry, for: entry) == [.init(user: "alice", chatID: 111, silent: true),
                                                          .init(user: "alice", chatID: -100200, silent: true)])
        let stop = RuntimeEvent(ts: 1, bot: "alice-btc", user: "alice", .stopHit(nil, price: 1))
        #expect(r.deliveries(of: .stop, for: stop).isEmpty, "alice did not choose stops; no one else owns the bot")
        let bobs = RuntimeEvent(ts: 1, bot: "bob-eth", user: "bob", .positionClosed(.net, realizedPnL: 5))
        #expect(r.deliveries(of: .exit, for: bobs).map(\.user) == ["bob"])
    }

    @Test func everyoneHearsOfTheDaemonAndAdminsOfFailures() {
        let started = RuntimeEvent(ts: 1, .daemonStarted)
        #expect(r.deliveries(of: .daemon, for: started).map(\.user) == ["alice", "alice", "bob", "root"])
        let failed = RuntimeEvent(ts: 1, bot: "bob-eth", user: "bob", .botFailed(reason: "x"))
        #expect(r.deliveries(of: .botFailed, for: failed).map(\.user) == ["bob", "root"])
    }
}
