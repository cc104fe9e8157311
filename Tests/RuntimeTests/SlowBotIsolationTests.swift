import BotCore
import Foundation
@testable import Runtime
import Store
import Testing

/// Burns `micros` of CPU on every trade (and, with `onBars`, on every closed bar instead),
/// counting what it saw: the strategy a shared shard must not keep.
struct SlowStrategy: Strategy {
    static let key = "test-slow"
    static let summary = "takes long on every event"
    static var wantsTrades: Bool { true }
    struct Params: Sendable, Codable, Equatable { var micros = 2000; var onBars = false }
    struct State: Sendable, Codable { var trades = 0; var bars = 0 }
    var params: Params
    var state = State()
    static func parameters(_ r: any ParameterReader) -> Params? {
        var p = Params()
        p.micros = r.int("micros", in: 0...1_000_000) ?? p.micros
        p.onBars = r.bool("on_bars") ?? p.onBars
        return p
    }
    init(params: Params, setup: StrategySetup) { self.params = params }
    mutating func handle(_ event: BotEvent, context: StrategyContext, into out: inout IntentSink) {
        switch event {
        case .trade:
            state.trades += 1
            if !params.onBars { burn() }
        case .candleClosed:
            state.bars += 1
            if params.onBars { burn() }
        default: break
        }
    }

    func burn() {
        let end = DispatchTime.now().uptimeNanoseconds + UInt64(params.micros) * 1000
        while DispatchTime.now().uptimeNanoseconds < end {}
    }
}

@Suite(.serialized)
struct SlowBotIsolationTests {
    func trade(_ i: Int, _ h: Harness, _ inst: Instrument) async -> Trade {
        let last = await h.hub.lastBar(inst.id)!
        return Trade(ts: last.ts + 60_000 + Int64(i), price: last.close, quantity: Quantity.of("0.1"), side: .buy)
    }

    func shard(of id: String, _ h: Harness) async -> BotShard? {
        await h.supervisor.entries[id]?.handle.map { ($0 as? any InlineEventTarget)?.shard } ?? nil
    }

    func kinds(_ h: Harness, bot: String) async throws -> [String] {
        try await h.store.events(after: 0, limit: 1000, bot: bot).map(\.event.kind)
    }

    @Test func aBotSlowOnTradesMovesToAThreadOfItsOwnAndKeepsItsState() async throws {
        let h = try Harness(extra: "shards = 2", strategies: [SlowStrategy.self], slowEventMicros: 200)
        let fast = try (0..<4).map { try h.bot("f\($0)", strategy: TradeCounter.key, params: "every = 100000") }
        let slow = try h.bot("slow", strategy: SlowStrategy.key)
        await h.supervisor.start(fast + [slow], coldStart: true)
        try await h.waitFor("running") { await h.supervisor.count(.running) == 5 }
        let before = try #require(await shard(of: "slow", h))
        #expect(!before.isIsolated)
        let inst = slow.instrument
        var i = 0
        while !(await h.supervisor.isIsolated("slow")) && i < 200 {
            i += 1
            await h.hub.publish(trade: await trade(i, h, inst), instrument: inst.id)
            try await Task.sleep(for: .milliseconds(3))
        }
        #expect(await h.supervisor.isIsolated("slow"), "not isolated after \(i) trades")
        // Three strikes, once its chunk was suspected: a handful of trades, not hundreds.
        #expect(i < 40, "took \(i) trades")
        try await h.waitFor("running again") { await h.supervisor.state("slow") == .running }
        let after = try #require(await shard(of: "slow", h))
        #expect(after.isIsolated && after !== before)
        // The new instance resumed from the old one's snapshot: it goes on counting.
        let seen = i
        for j in 1...10 { await h.hub.publish(trade: await trade(seen + j, h, inst), instrument: inst.id) }
        try await h.waitFor("the slow bot's trades") { await h.supervisor.statuses().first { $0.id == "slow" }?.events == 10 }
        try await h.supervisor.stop("slow", policy: .leave)
        let snap = try #require(try await h.store.snapshot(bot: "slow"))
        let state = try BotActor<SlowStrategy>.decoder.decode(BotSnapshot<SlowStrategy.State>.self, from: Data(snap.state))
        // At least the three over the budget before the move, and the ten after it.
        #expect(state.strategy.trades >= 13, "\(state.strategy.trades) after \(seen) + 10 trades")
        for f in fast {
            #expect(!(await h.supervisor.isIsolated(f.id)))
            #expect(await shard(of: f.id, h)?.isIsolated == false)
            #expect(try await !kinds(h, bot: f.id).contains("bot_isolated"))
        }
        let statuses = await h.supervisor.statuses()
        #expect(statuses.filter { $0.id != "slow" }.allSatisfy { $0.state == .running && $0.restarts == 0 })
        let logged = try await kinds(h, bot: "slow")
        #expect(logged.filter { $0 == "bot_isolated" }.count == 1, "\(logged)")
    }

    @Test func aBotSlowOnBarsIsFoundByItsRunLoop() async throws {
        let h = try Harness(extra: "shards = 1", strategies: [SlowStrategy.self], slowEventMicros: 200)
        let fast = try h.bot("fast", strategy: TradeCounter.key, params: "every = 100000")
        let slow = try h.bot("slow-bars", strategy: SlowStrategy.key, params: "on_bars = true")
        await h.supervisor.start([fast, slow], coldStart: true)
        try await h.waitFor("running") { await h.supervisor.count(.running) == 2 }
        // Warm-up bars were slow too, and did not count: nothing moved yet.
        #expect(!(await h.supervisor.isIsolated("slow-bars")))
        try await h.step(4)
        try await h.waitFor("isolated") { await h.supervisor.isIsolated("slow-bars") }
        try await h.waitFor("running again") { await h.supervisor.state("slow-bars") == .running }
        #expect(await shard(of: "slow-bars", h)?.isIsolated == true)
        #expect(!(await h.supervisor.isIsolated("fast")))
        // Bars keep coming on its own thread: it records each one it closes.
        try await h.step(2)
        let last = try #require(await h.hub.lastBar(slow.instrument.id))
        try await h.waitFor("its bars") {
            guard let snap = try? await h.store.snapshot(bot: "slow-bars"),
                  let state = try? BotActor<SlowStrategy>.decoder.decode(BotSnapshot<SlowStrategy.State>.self, from: Data(snap.state))
            else { return false }
            return state.lastBarTs == last.ts
        }
    }

    @Test func withNoBudgetNoBotIsEverMoved() async throws {
        let h = try Harness(extra: "shards = 1", strategies: [SlowStrategy.self], slowEventMicros: 0)
        let slow = try h.bot("slow", strategy: SlowStrategy.key, params: "micros = 1000")
        await h.supervisor.start([slow], coldStart: true)
        try await h.waitFor("running") { await h.supervisor.state("slow") == .running }
        for i in 1...30 { await h.hub.publish(trade: await trade(i, h, slow.instrument), instrument: slow.instrument.id) }
        try await h.step(3)
        try await h.waitFor("every trade") { await h.supervisor.statuses().first?.events ?? 0 >= 30 }
        #expect(!(await h.supervisor.isIsolated("slow")))
        #expect(await shard(of: "slow", h)?.isIsolated == false)
    }
}
