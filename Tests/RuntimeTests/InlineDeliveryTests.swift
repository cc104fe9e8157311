import BotConfig
import Foundation
import BotCore
import PaperTrading
import Logging
import Risk
@testable import Runtime
import Store
import Testing

/// Trades reach bots inline on their shards: in order, with their intents executed through
/// the write-ahead path, and coalesced away (never queued without bound) for a bot behind.
@Suite(.serialized)
struct InlineDeliveryTests {
    /// The `i`th trade of a test, inside the minute after the hub's last bar, 0.1 % above
    /// its close.
    func trade(_ i: Int, _ h: Harness, _ inst: Instrument) async -> Trade {
        let last = await h.hub.lastBar(inst.id)!
        return Trade(ts: last.ts + 60_000 + Int64(i), price: tradePrice(last, inst), quantity: Quantity.of("0.1"),
                     side: i % 2 == 0 ? .buy : .sell)
    }

    func tradePrice(_ bar: Candle, _ inst: Instrument) -> Price {
        bar.close.scaled(by: Ratio.of("1.001"), .down).rounded(toMultipleOf: inst.tickSize, .halfEven)
    }

    @Test func tradesReachEveryBotInOrderAcrossShardsAndTheirOrdersExecute() async throws {
        let h = try Harness(extra: "shards = 3")
        #expect(h.supervisor.shards.shards.count == 3)
        let specs = try (0..<7).map { try h.bot("t\($0)", strategy: TradeCounter.key, params: "every = 10") }
        await h.supervisor.start(specs, coldStart: true)
        try await h.waitFor("running") { await h.supervisor.statuses().allSatisfy { $0.state == .running } }
        let inst = specs[0].instrument
        for i in 1...200 {
            await h.hub.publish(trade: await trade(i, h, inst), instrument: inst.id)
            if i % 7 == 0 { await Task.yield() }
        }
        try await h.waitFor("every order") {
            await h.supervisor.statuses().allSatisfy { $0.orders == 20 && $0.fills == 20 && $0.queueDepth == 0 }
        }
        var ids = Set<String>()
        for s in await h.supervisor.statuses() {
            // Out of order would have thrown and restarted the bot.
            #expect(s.state == .running && s.restarts == 0, "\(s.id): \(s.lastError ?? "")")
            let orders = try await h.store.orders(bot: s.id)
            // The venue fills market orders at the last trade: a buy, then its close, ten times.
            #expect(orders.map(\.side) == Array(repeating: ["buy", "sell"], count: 10).flatMap { $0 })
            #expect(orders.allSatisfy { $0.status == "filled" }, "\(orders.map(\.status))")
            ids.formUnion(orders.map(\.clientOrderID))
        }
        #expect(ids.count == 140, "no client order id twice")
        #expect(h.supervisor.shards.coalesced == 0)
        // Market orders fill at the market of the moment: the last trade, not the last bar.
        let price = tradePrice(try #require(await h.hub.lastBar(inst.id)), inst)
        for s in await h.supervisor.statuses() {
            #expect(s.fills == 20 && s.position.isZero, "\(s.id)")
            #expect(try await h.store.fills(bot: s.id).allSatisfy { $0.price == price })
        }
    }

    /// The first order of an inline decision is admitted and journaled on the shard; the
    /// rest wait for the run loop, in order, so a take-profit sees the entry's fill (admitted
    /// together, its reduce-only check would see no position and deny it).
    @Test func anInlineDecisionKeepsItsOrdersInSequence() async throws {
        let h = try Harness(extra: "shards = 1")
        let spec = try h.bot("tp", strategy: EntryWithTarget.key)
        await h.supervisor.start([spec], coldStart: true)
        try await h.waitFor("running") { await h.supervisor.state("tp") == .running }
        await h.hub.publish(trade: await trade(1, h, spec.instrument), instrument: spec.instrument.id)
        try await h.waitFor("both orders") { (try? await h.store.orders(bot: "tp").count) == 2 }
        let orders = try await h.store.orders(bot: "tp")
        #expect(orders.map(\.side) == ["buy", "sell"] && orders.map(\.type) == ["market", "limit"])
        try await h.waitFor("the fill and the resting target") {
            (try? await h.store.orders(bot: "tp").map(\.status)) == ["filled", "accepted"]
        }
        let s = try #require(await h.supervisor.statuses().first)
        #expect(s.orders == 2 && s.fills == 1 && s.openOrders == 1 && s.position == Quantity.of("0.01"))
        // What the bot persisted with its orders knows of no denial.
        let snap = try #require(try await h.store.snapshot(bot: "tp"))
        let state = try BotActor<EntryWithTarget>.decoder.decode(BotSnapshot<EntryWithTarget.State>.self, from: Data(snap.state))
        #expect(state.strategy.placed && state.strategy.denials.isEmpty)
    }

    @Test func aRestartRestoresTheLedgerFromWhatIsOpenAndTheRecordedPositions() async throws {
        // More orders than the ledger keeps finished: the restart reads the open and recent
        // orders and the positions table, not the whole history, and must come back the same.
        let h = try Harness(extra: "[rate_limits.orders]\nper_second = 100000\nburst = 100000")
        let spec = try h.bot("many", strategy: TradeCounter.key, params: "every = 1")
        await h.supervisor.start([spec], coldStart: true)
        try await h.waitFor("running") { await h.supervisor.state("many") == .running }
        let inst = spec.instrument
        let last = try #require(await h.hub.lastBar(inst.id))
        let n = 301
        for i in 1...n {
            // Prices walk so that the round trips realize profits and losses. One trade at a
            // time: a bot busy with its orders would see queued trades coalesced.
            let price = last.close + Price(raw: inst.tickSize.raw * Int64((i * 7919) % 41 - 20))
            await h.hub.publish(trade: Trade(ts: last.ts + 60_000 + Int64(i), price: price, quantity: Quantity.of("0.1"), side: .buy),
                                instrument: inst.id)
            for _ in 0..<2000 where await h.supervisor.statuses().first?.fills != i { try await Task.sleep(for: .microseconds(200)) }
        }
        let before = try #require(await h.supervisor.statuses().first)
        #expect(before.orders == n && before.fills == n && before.orders > BotLedger.keepFinished)
        #expect(!before.position.isZero && !before.realizedPnL.isZero)
        try await h.supervisor.restart("many")
        try await h.waitFor("running again") { await h.supervisor.state("many") == .running }
        let after = try #require(await h.supervisor.statuses().first)
        // The mark differs (the last bar's close, not the last trade), so unrealized PnL may.
        #expect(after.position == before.position && after.averageEntry == before.averageEntry)
        #expect(after.realizedPnL == before.realizedPnL && after.fees == before.fees && after.funding == before.funding)
        #expect(after.orders == before.orders && after.fills == before.fills && after.openOrders == 0)
        // It goes on from the next id and closes what it held.
        await h.hub.publish(trade: Trade(ts: last.ts + 60_000 + 700, price: last.close, quantity: Quantity.of("0.1"), side: .sell),
                            instrument: inst.id)
        try await h.waitFor("the close") { await h.supervisor.statuses().first?.fills == n + 1 }
        let ids = try await h.store.orders(bot: "many").map(\.clientOrderID)
        #expect(ids.count == n + 1 && Set(ids).count == n + 1)
        #expect(try #require(await h.supervisor.statuses().first).position.isZero)
    }

    @Test func aBotThatIsBehindQueuesTradesUpToALimitButEveryClosedBar() async throws {
        let h = try Harness()
        let spec = try h.bot("slow", strategy: TradeCounter.key, params: "every = 10")
        await h.hub.add(spec.instrument, now: wallClockMilliseconds())
        var logger = Logger(label: "t")
        logger.logLevel = .warning
        let venue = PaperVenue(account: "paper", config: h.config.paper, prices: h.hub.prices)
        let router = VenueRouter(logger: logger)
        await venue.connect(router)
        await venue.follow(spec.instrument, hub: h.hub)
        let bot = try BotActor<TradeCounter>(spec: spec, params: .init(every: 10),
                                         guardrails: RiskGuard(limits: spec.risk, userLimits: h.config.userLimits),
                                         store: h.store, venue: venue, router: router, hub: h.hub, metrics: h.metrics, users: UserBook(),
                                         shard: h.supervisor.shards.assign(), logger: logger)
        // Prepared but not yet running: nothing is taken from its mailbox.
        try await bot.prepare(coldStart: true)
        let inst = spec.instrument
        for i in 1...300 { await h.hub.publish(trade: await trade(i, h, inst), instrument: inst.id) }
        try await h.waitFor("the shard to deliver") { bot.mailbox.depth + h.supervisor.shards.coalesced == 300 }
        #expect(bot.mailbox.depth == MarketDataHub.coalesceDepth)
        #expect(h.supervisor.shards.coalesced == 300 - MarketDataHub.coalesceDepth)
        for _ in 0..<3 { await h.hub.step() }
        #expect(bot.mailbox.depth == MarketDataHub.coalesceDepth + 3, "closed bars are queued whatever the depth")
        let run = Task { try await bot.run() }
        try await h.waitFor("the bot to catch up") {
            let orders = (try? await h.store.orders(bot: "slow").count) ?? 0
            return bot.mailbox.depth == 0 && orders == 25
        }
        // 256 queued trades, an order on every 10th.
        #expect(try await h.store.orders(bot: "slow").count == 25)
        await bot.shutdown(policy: .leave)
        try await run.value
    }
}
