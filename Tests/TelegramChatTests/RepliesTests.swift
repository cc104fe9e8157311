import BotConfig
import Foundation
import BotCore
import Commands
import Runtime
import Telegram
import Testing

/// Replies and notifications in each user's language, with every outside string escaped.
struct RepliesTests {
    /// A bot's status as the router reports it (built from its JSON: the type has no public init).
    func status(_ id: String, position: String = "0") -> BotStatus {
        let entry = position == "0" ? "" : #""averageEntry":"100000.5","#
        let json = #"{"id":\#(String(reflecting: id)),"user":"alice","strategy":"hyperrsi","instrument":"okx:BTC-USDT-SWAP","timeframe":"15m","#
            + #""state":"running","position":"\#(position)",\#(entry)"realizedPnL":"12.5","unrealizedPnL":"-3","fees":"1","funding":"0","#
            + #""netPnL":"8.5","openOrders":2,"orders":5,"fills":3,"events":10,"queueDepth":0,"restarts":0}"#
        return try! JSONDecoder().decode(BotStatus.self, from: Data(json.utf8))
    }

    @Test func outsideStringsAreEscapedInEveryReply() {
        let evil = "<b>x</b>&"
        for lang in Language.allCases {
            let r = Replies(language: lang)
            let texts = [r.greet(name: evil, bots: [status(evil, position: "1")]), r.refusal(.noSuchBot(evil, candidates: [evil])),
                         r.result(.statuses([status(evil, position: "1")]), of: .status), r.result(.message("paused"), of: .pause(evil)),
                         r.error(CommandError("x", evil)), r.confirmPrompt([.close(evil)])]
            for t in texts {
                #expect(!t.contains(evil) && t.contains("&lt;b&gt;x&lt;/b&gt;&amp;"), "\(lang): \(t)")
                #expect(TelegramTextCheck.balanced(t), "\(lang): \(t)")
            }
        }
    }

    @Test func eachLanguageSpeaksItsOwn() {
        #expect(Replies(language: .ko).greet(name: "앨리스", bots: []).contains("아직 봇이 없습니다"))
        #expect(Replies(language: .en).greet(name: "alice", bots: []).contains("You have no bots yet"))
        #expect(Replies(language: .ko).result(.message("paused"), of: .pause("b")) == "✅ b: 일시정지됨")
        #expect(Replies(language: .en).result(.message("closing at market"), of: .close("b")) == "✅ b: closing at market")
        #expect(Replies(language: .en).confirmPrompt([.close("a"), .close("b")]) == "Close at market: a, b?")
        #expect(Replies(language: .en).help().contains("/forceexit all"))
    }

    @Test func notificationsSayWhatHappenedWithPriceSizeAndPnL() throws {
        var c = NotificationComposer()
        func say(_ w: RuntimeEvent.What) -> (NotificationKind, String)? {
            c.compose(RuntimeEvent(ts: 1, bot: "btc<1>", user: "alice", w), language: .en).map { ($0.kind, $0.text) }
        }
        let id = ClientOrderID(bot: "btc<1>", sequence: 1)
        let entry = try #require(say(.positionOpened(.net, quantity: Quantity.of("0.5"), entry: Price.of("100000"))))
        #expect(entry.0 == .entry && entry.1.contains("btc&lt;1&gt;") && entry.1.contains("0.5 @ 100000"))
        #expect(say(.orderFilled(id, side: .sell, price: Price.of("101000"), quantity: Quantity.of("0.5"), fee: 0, tradeID: nil)) == nil)
        let exit = try #require(say(.positionClosed(.net, realizedPnL: Money.of("500"))))
        #expect(exit.0 == .exit && exit.1.contains("0.5 @ 101000") && exit.1.contains("+500"))
        #expect(say(.stopHit(nil, price: 1))?.0 == .stop && say(.takeProfitHit(nil, price: 1))?.0 == .takeProfit)
        #expect(say(.orderRejected(id, code: "51008", message: "<insufficient>"))?.1.contains("51008 &lt;insufficient&gt;") == true)
        #expect(say(.botFailed(reason: "x"))?.0 == .botFailed && say(.orderAccepted(id)) == nil)
        #expect(c.compose(RuntimeEvent(ts: 1, .daemonStarted), language: .ko)?.text == "▶️ botd 시작.")
    }
}

/// Tags open and close in order: what Telegram's parser checks first.
enum TelegramTextCheck {
    static func balanced(_ html: String) -> Bool {
        var stack: [Substring] = []
        var rest = Substring(html)
        while let open = rest.firstIndex(of: "<") {
            guard let close = rest[open...].firstIndex(of: ">") else { return false }
            let tag = rest[rest.index(after: open)..<close]
            if tag.hasPrefix("/") {
                guard stack.popLast() == tag.dropFirst() else { return false }
            } else {
                stack.append(tag.split(separator: " ").first ?? tag)
            }
            rest = rest[rest.index(after: close)...]
        }
        return stack.isEmpty
    }
}
