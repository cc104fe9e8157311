import BotConfig
import BotCore
import Store
import Telegram
import Testing

/// The log made into messages: each recipient in their language and chats, the kinds they
/// chose, an exit saying the fill that closed it, nothing for events no one is told of.
struct NotificationPlannerTests {
    let users = ["alice": UserConfig(name: "alice", telegramIDs: [111], language: "ko", notify: [.entry, .exit], silent: [.entry]),
                 "bob": UserConfig(name: "bob", telegramIDs: [222], chats: [222, -100300])]

    @Test func eachRecipientGetsTheirLanguageAndChats() {
        var p = NotificationPlanner(users: users)
        let id = ClientOrderID(bot: "a-btc", sequence: 1)
        let out = p.plan([
            RuntimeEvent(ts: 1, bot: "a-btc", user: "alice", .orderPlaced(id, side: .buy, type: .market, quantity: 1, positionSide: .net, reduceOnly: false)),
            RuntimeEvent(ts: 2, bot: "a-btc", user: "alice", .positionOpened(.net, quantity: 1, entry: Price.of("100"))),
            RuntimeEvent(ts: 3, bot: "a-btc", user: "alice", .orderFilled(id, side: .sell, price: Price.of("110"), quantity: 1, fee: 0, tradeID: "t")),
            RuntimeEvent(ts: 4, bot: "a-btc", user: "alice", .positionClosed(.net, realizedPnL: Money.of("10"))),
            RuntimeEvent(ts: 5, bot: "b-eth", user: "bob", .stopHit(nil, price: Price.of("2000"))),
            RuntimeEvent(ts: 6, .feedLost("okx")),
        ])
        #expect(out.map(\.chatID) == [111, 111, 222, -100300, 222, -100300], "alice chose no feed notices")
        #expect(out.map(\.kind) == ["entry", "exit", "stop", "stop", "feed", "feed"])
        #expect(out[0].silent && !out[1].silent && out.allSatisfy(\.packable))
        #expect(out[0].text.contains("진입") && out[1].text.contains("청산") && out[1].text.contains("1 @ 110") && out[1].text.contains("+10"))
        #expect(out[2].text.contains("stop hit at 2000") && out[4].text.contains("Market data lost: okx"))
    }
}
