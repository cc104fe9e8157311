import BotCore
import BotTestKit
import Foundation
@testable import Runtime
import Store
import Testing

/// A strategy's market order sized in quote, on paper: sized by the venue, closed by its
/// `completed`, recorded with its quote amount, and still closed after a restart.
@Suite(.serialized) struct QuoteSizedOrderTests {
    @Test func anOrderSizedInQuoteFillsForItsAmountAndEndsWhenTheVenueSaysSo() async throws {
        let h = try Harness(strategies: [QuoteSpender.self])
        let spec = try h.bot("q", strategy: QuoteSpender.key, symbol: "BTCUSDT", params: "quote = \"1000\"")
        await h.supervisor.start([spec], coldStart: true)
        try await h.waitFor("running") { await h.supervisor.state("q") == .running }
        try await h.step(3)
        let orders = try await h.store.orders(bot: "q")
        let all = try await h.store.events(after: 0, limit: 100, bot: "q").map { String(decoding: $0.event.json, as: UTF8.self) }
        let statuses = await h.supervisor.statuses()
        try #require(orders.count == 1, "\(orders) \(all) \(statuses)")
        let o = orders[0]
        #expect(o.quoteQuantity == Money.of("1000") && o.type == "market")
        #expect(o.status == "filled" && o.history.last == "filled", "\(o.history)")
        let fills = try await h.store.fills(bot: "q")
        try #require(fills.count == 1)
        // What 1,000 USDT buys at the fill's price, down to the lot: never more than the amount.
        let inst = spec.instrument
        let spent = inst.notional(price: fills[0].price, quantity: fills[0].quantity)
        #expect(spent <= Money.of("1000"))
        #expect(spent > Money.of("1000") - inst.notional(price: fills[0].price, quantity: inst.lotSize))
        #expect(o.filled == fills[0].quantity)
        let logged = try await h.store.events(after: 0, limit: 100, bot: "q").map { $0.event }
        let kinds = logged.map(\.what.kind)
        #expect(kinds.contains("order_completed"), "\(kinds)")
        let placed = try #require(logged.first { $0.what.kind == "order_placed" })
        #expect(String(decoding: placed.json, as: UTF8.self).contains("\"quote_quantity\":\"1000\""))
        let status = try #require(await h.supervisor.statuses().first)
        #expect(status.position == fills[0].quantity)
        await h.supervisor.shutdown()
        let resume = try await h.store.latestEventTime()

        // Started again: the order is over, nothing is placed or asked for again.
        let again = try Harness(history: 0, dir: h.dir, resumeAfter: resume, strategies: [QuoteSpender.self])
        await again.supervisor.start([spec], coldStart: true)
        try await again.waitFor("running again") { await again.supervisor.state("q") == .running }
        try await again.step(2)
        #expect(try await again.store.orders(bot: "q").map(\.status) == ["filled"])
        #expect(try await again.supervisor.statuses().first?.position == fills[0].quantity)
        await again.supervisor.shutdown()
        let report = try StoreCheck.run(path: again.config.daemon.storagePath)
        #expect(report.violations.isEmpty, "\(report)")
    }
}
