import BotConfig
import BotCore
import PaperTrading
import Feeds
import BotTestKit
import Foundation
import Logging
@testable import Runtime
import Store
import TOML
import Testing

/// A runtime in the test process: real SQLite file, real actors; the hub is stepped by hand.
struct Harness {
    let dir: URL
    let config: RuntimeConfig
    let store: Store
    let hub: MarketDataHub
    let supervisor: Supervisor
    let catalog: InstrumentCatalog
    let metrics = RuntimeMetrics()

    /// `dir`: an earlier harness's folder, to start again on its database (a restart).
    /// `makeVenue`: the accounts' venue instead of the built-in paper one.
    /// `slowEventMicros`: off unless asked for, so a debug build on a busy machine never moves
    /// a test's bots while it counts their events.
    init(history: Int = 30, maxRestarts: Int = 3, period: Double = 60, paper: String = "", extra: String = "",
         busyTimeout: Duration = .seconds(5), dir: URL? = nil, resumeAfter: Int64 = 0, strategies: [any Strategy.Type] = [],
         slowEventMicros: Int = 0, accounts: String = "", makeVenue: Supervisor.VenueFactory? = nil) throws {
        self.dir = try dir ?? SharedData.temporaryDirectory("runtime")
        let text = """
            [paths]
            instruments = "\(SharedData.packageRoot.path)/data/instruments.toml"
            [paper]
            initial_balance = "1000000"
            \(paper)
            [accounts.paper]
            venue = "paper"
            [storage]
            path = "state.sqlite"
            [market]
            history_minutes = \(history)
            [supervisor]
            max_restarts = \(maxRestarts)
            period_seconds = \(period)
            backoff_initial_ms = 10
            backoff_max_ms = 50
            slow_event_us = \(slowEventMicros)
            \(extra)
            \(accounts)
            """
        let d = Diagnostics()
        config = try #require(RuntimeConfig.parse(text, file: self.dir.appendingPathComponent("runtime.toml").path, diagnostics: d))
        catalog = InstrumentCatalog.parse(try String(contentsOfFile: config.instrumentsFile, encoding: .utf8), file: "i", diagnostics: d)
        store = try Store(path: config.daemon.storagePath, busyTimeout: busyTimeout)
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        hub = MarketDataHub(historyMinutes: history, feed: SimulatorFeed(seed: 1, resumeAfter: resumeAfter), logger: logger)
        supervisor = Supervisor(config: config, store: store, hub: hub, metrics: metrics, logger: logger,
                                extraStrategies: [Flipper.self, ThrowOnce.self, AlwaysThrow.self, TimerAmend.self, TradeCounter.self, BuyAndHold.self,
                                                 EntryWithTarget.self] + strategies,
                                makeVenue: makeVenue ?? PaperVenue.factory(config: config, prices: hub.prices))
    }

    func bot(_ id: String, strategy: String = Flipper.key, symbol: String = "BTC-USDT-SWAP", params: String = "",
             onStop: OnStop = .cancelOrders, account: String = "paper") throws -> BotSpec {
        BotSpec(id: id, user: "u", strategy: strategy, account: account, instrument: catalog.find(symbol: symbol)!,
                timeframe: Timeframe("1m")!, params: try TOMLParser.parse(params), onStop: onStop)
    }

    /// Publishes `n` simulated minutes, letting the bots catch up after each.
    func step(_ n: Int) async throws {
        for _ in 0..<n {
            await hub.step()
            try await settle()
        }
    }

    /// Waits until every bot's mailbox is empty and its events stop changing.
    func settle() async throws {
        var last = -1
        for _ in 0..<400 {
            let s = await supervisor.statuses()
            let total = s.reduce(0) { $0 + $1.events }
            if total == last && s.allSatisfy({ $0.queueDepth == 0 && $0.state != .starting }) { return }
            last = total
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    func waitFor(_ what: String, _ condition: () async -> Bool) async throws {
        for _ in 0..<1000 {
            if await condition() { return }
            try await Task.sleep(for: .milliseconds(5))
        }
        Issue.record("timed out waiting for \(what)")
    }
}

@Suite(.serialized)
struct SupervisorTests {
    @Test func botsTradeOnPaperAndEveryOrderIsRecorded() async throws {
        let h = try Harness()
        await h.supervisor.start([try h.bot("a")], coldStart: true)
        try await h.waitFor("running") { await h.supervisor.state("a") == .running }
        try await h.step(10)
        let orders = try await h.store.orders(bot: "a")
        #expect(orders.count >= 8, "orders: \(orders.count)")
        #expect(orders.allSatisfy { $0.status == "filled" || $0.status == "pendingNew" || $0.status == "accepted" })
        #expect(Set(orders.map(\.clientOrderID)).count == orders.count)
        let filled = orders.filter { $0.status == "filled" }
        #expect(filled.allSatisfy { $0.history.first == "pendingNew" && $0.history.last == "filled" })
        let status = try #require(await h.supervisor.statuses().first)
        #expect(status.fills == (try await h.store.fills(bot: "a")).count)
        #expect(status.state == .running && status.orders == orders.count)
        // Equity over time: one point per live bar, the last one equal to the bot's net PnL.
        let curve = try await h.store.equity(bot: "a")
        #expect(curve.count >= 9)
        #expect(curve.last?.equity == status.netPnL)
    }

    @Test func twoBotsOnOneAccountAndSymbolKeepSeparateLedgers() async throws {
        let h = try Harness()
        await h.supervisor.start([try h.bot("a", params: "size = \"0.01\""), try h.bot("b", params: "size = \"0.05\"")],
                                 coldStart: true)
        try await h.waitFor("both running") { await h.supervisor.statuses().allSatisfy { $0.state == .running } }
        try await h.step(7)
        for (bot, size) in [("a", Quantity.of("0.01")), ("b", Quantity.of("0.05"))] {
            let fills = try await h.store.fills(bot: bot)
            #expect(!fills.isEmpty)
            #expect(fills.allSatisfy { $0.quantity == size && ClientOrderID($0.clientOrderID)?.botHash == ClientOrderID.hash(bot) })
            let net = fills.reduce(Quantity.zero) { $0 + ($1.side == "buy" ? $1.quantity : -$1.quantity) }
            let s = try #require(await h.supervisor.statuses().first { $0.id == bot })
            #expect(s.position == net)
        }
    }

    @Test func aThrowingStrategyRestartsFromItsSnapshotAndNeverReusesAnID() async throws {
        let h = try Harness(history: 30)
        await h.supervisor.start([try h.bot("t", strategy: ThrowOnce.key, params: "throw_at = 36")], coldStart: true)
        try await h.waitFor("running") { await h.supervisor.state("t") == .running }
        try await h.step(4)
        let before = try await h.store.orders(bot: "t").count
        try await h.step(4)  // the throw happens here
        try await h.waitFor("restarted") { await h.supervisor.statuses().first?.restarts == 1 }
        try await h.waitFor("running again") { await h.supervisor.state("t") == .running }
        try await h.step(6)
        let orders = try await h.store.orders(bot: "t")
        #expect(orders.count > before)
        #expect(Set(orders.map(\.clientOrderID)).count == orders.count)
        let seqs = orders.compactMap { ClientOrderID($0.clientOrderID)?.sequence }
        #expect(seqs == seqs.sorted() && Set(seqs).count == seqs.count)
        #expect(await h.supervisor.events.contains { $0.kind == "restarting" && $0.bot == "t" })
    }

    @Test func tooManyRestartsMarkTheBotFailedAndTheOthersRun() async throws {
        let h = try Harness(maxRestarts: 2)
        await h.supervisor.start([try h.bot("bad", strategy: AlwaysThrow.key), try h.bot("good")], coldStart: true)
        try await h.waitFor("failed") { await h.supervisor.state("bad") == .failed }
        #expect(await h.supervisor.events.contains { $0.kind == "failed" && $0.bot == "bad" && $0.detail.contains("more than 2 restarts") })
        try await h.waitFor("good running") { await h.supervisor.state("good") == .running }
        try await h.step(4)
        #expect(try await h.store.orders(bot: "good").count >= 3)
        #expect(await h.supervisor.statuses().first { $0.id == "bad" }?.restarts == 2)
    }

    @Test func perUserLimitsCountEveryBotOfTheUser() async throws {
        // BTC swap at ~100,000: 0.01 contracts ≈ 10 USDT; the user may hold 15 USDT in all.
        let h = try Harness(extra: "[risk]\nmax_user_notional = \"15\"")
        await h.supervisor.start([try h.bot("a"), try h.bot("b")], coldStart: true)
        try await h.waitFor("both running") { await h.supervisor.statuses().allSatisfy { $0.state == .running } }
        try await h.step(6)
        let positions = await h.supervisor.statuses().map(\.position)
        // Never both long at once: the second entry is denied while the first is open.
        #expect(positions.filter { !$0.isZero }.count <= 1)
        let fills = try await h.store.fills(bot: "a").count + h.store.fills(bot: "b").count
        #expect(fills > 0)
        let denials = h.metrics.prometheusText().split(separator: "\n").first { $0.hasPrefix("botruntime_risk_rejections_total ") }
        #expect((denials?.split(separator: " ").last).flatMap { Int($0) } ?? 0 > 0)
    }

    @Test func timersFireOnEventTimeAndAmendsReachTheGateway() async throws {
        let h = try Harness()
        await h.supervisor.start([try h.bot("ta", strategy: TimerAmend.key)], coldStart: true)
        try await h.waitFor("running") { await h.supervisor.state("ta") == .running }
        try await h.step(5)
        let orders = try await h.store.orders(bot: "ta")
        #expect(orders.count == 1, "the timer fired once and placed one order")
        let o = try #require(orders.first)
        // Placed, accepted, then the amendment acknowledged.
        #expect(o.status == "accepted" && o.history == ["pendingNew", "accepted", "accepted"])
        #expect(await h.supervisor.statuses().first?.openOrders == 1)
        // The store holds the working order after the amendment: half the size, 20 % lower.
        #expect(o.quantity == Quantity.of("0.01"))
        let price = try #require(o.price)
        #expect(price.doubleValue < 0.85 * 100_000 && price.doubleValue > 0.5 * 100_000)
    }

    @Test func pausedBotsIgnoreTheMarketAndResume() async throws {
        let h = try Harness()
        await h.supervisor.start([try h.bot("p")], coldStart: true)
        try await h.waitFor("running") { await h.supervisor.state("p") == .running }
        try await h.supervisor.pause("p")
        let before = try await h.store.orders(bot: "p").count
        try await h.step(4)
        #expect(try await h.store.orders(bot: "p").count == before)
        try await h.supervisor.resume("p")
        try await h.step(4)
        #expect(try await h.store.orders(bot: "p").count > before)
        await #expect(throws: RuntimeError.self) { try await h.supervisor.resume("p") }
        await #expect(throws: RuntimeError.self) { try await h.supervisor.pause("nobody") }
    }

    @Test func fundingIsBookedPerBotAndSurvivesARestart() async throws {
        let h = try Harness(paper: "funding_interval_hours = 1")
        await h.supervisor.start([try h.bot("hold", strategy: BuyAndHold.key)], coldStart: true)
        try await h.waitFor("running") { await h.supervisor.state("hold") == .running }
        var rows: [(ts: Int64, side: PositionSide, amount: Money)] = []
        for _ in 0..<62 where rows.isEmpty {
            try await h.step(1)
            rows = try await h.store.funding(bot: "hold")
        }
        let row = try #require(rows.first, "an hour of bars crosses a funding time")
        #expect(rows.count == 1 && row.ts % 3_600_000 == 0)
        let s = try #require(await h.supervisor.statuses().first)
        // A long pays: 0.01 contracts × contract value × price × 0.0001.
        let inst = try #require(h.catalog.find(symbol: "BTC-USDT-SWAP"))
        let price = try #require(await h.hub.lastBar(inst.id)).close
        let approx = 0.01 * inst.contractValue.doubleValue * price.doubleValue * 0.0001
        #expect(row.amount.raw > 0 && abs(row.amount.doubleValue - approx) < approx * 0.05)
        #expect(s.funding == row.amount)
        #expect(s.netPnL == s.realizedPnL + s.unrealizedPnL - s.fees - s.funding)
        try await h.supervisor.restart("hold")
        try await h.waitFor("running again") { await h.supervisor.state("hold") == .running }
        #expect(await h.supervisor.statuses().first?.funding == row.amount, "rebuilt from the store")
    }

    /// A bot removed and added again under its id is a new entry: the end of the removed one's
    /// task must not stop it (their launches once shared a generation number).
    @Test func aBotRemovedAndAddedAgainRuns() async throws {
        let h = try Harness()
        await h.supervisor.start([try h.bot("again", strategy: BuyAndHold.key)], coldStart: true)
        try await h.waitFor("running") { await h.supervisor.state("again") == .running }
        await h.supervisor.remove("again", policy: .leave)
        await h.supervisor.add(try h.bot("again", strategy: BuyAndHold.key))
        try await h.waitFor("running again") { await h.supervisor.state("again") == .running }
        try await h.step(2)
        #expect(await h.supervisor.state("again") == .running)
        await h.supervisor.shutdown()
    }

    @Test func hyperRSIBotsShareTheirSeriesAndResumeFromSnapshotsWithoutThem() async throws {
        let h = try Harness(history: 200)
        await h.supervisor.start([try h.bot("hyper", strategy: "hyperrsi"), try h.bot("hyper2", strategy: "hyperrsi"),
                                  try h.bot("hyper3", strategy: "hyperrsi", params: "rsi_length = 9")], coldStart: true)
        try await h.waitFor("running") { await h.supervisor.statuses().allSatisfy { $0.state == .running } }
        try await h.step(3)
        // One trend series for all three (same chart and trend setting), an RSI series per length.
        #expect(h.supervisor.series.count == 3)
        let before = try #require(try await h.store.snapshot(bot: "hyper"))
        let text = String(decoding: before.state, as: UTF8.self)
        // The snapshot holds what is the bot's own: no indicator state.
        #expect(text.contains("\"previousRSI\"") && !text.contains("\"bb\"") && before.state.count < 2_000, "\(before.state.count) bytes")
        try await h.supervisor.restart("hyper")
        try await h.waitFor("running again") { await h.supervisor.state("hyper") == .running }
        try await h.step(2)
        let s = try #require(await h.supervisor.statuses().first { $0.id == "hyper" })
        #expect(s.state == .running && s.restarts == 0 && s.lastError == nil)
        let after = try #require(try await h.store.snapshot(bot: "hyper"))
        let resumed = try JSONDecoder().decode(BotSnapshotProbe.self, from: Data(after.state))
        #expect(resumed.strategy.previousRSI != nil && resumed.strategy.bars > 200, "\(resumed)")
    }

    @Test func theDaysPnLSurvivesARestart() async throws {
        let h = try Harness()
        await h.supervisor.start([try h.bot("d")], coldStart: true)
        try await h.waitFor("running") { await h.supervisor.state("d") == .running }
        try await h.step(6)   // Flipper trades every other bar: fees at least
        let before = h.supervisor.users.exposure(user: "u").dailyPnL
        #expect(!before.isZero)
        let day = try #require(await h.hub.lastBar(h.catalog.find(symbol: "BTC-USDT-SWAP")!.id)).ts / 86_400_000
        try await h.supervisor.restart("d")
        try await h.waitFor("running again") { await h.supervisor.state("d") == .running }
        try await h.settle()
        let after = h.supervisor.users.exposure(user: "u").dailyPnL
        let dayNow = try #require(await h.hub.lastBar(h.catalog.find(symbol: "BTC-USDT-SWAP")!.id)).ts / 86_400_000
        // (Unless the simulated clock crossed 00:00 UTC meanwhile, when a new day rightly starts.)
        if day == dayNow {
            // The mark may have moved with the last bar; the booked part (fees, realized) stays.
            #expect(abs(after.doubleValue - before.doubleValue) < max(1, abs(before.doubleValue) * 0.5),
                    "daily PnL \(before) before the restart, \(after) after: it must not start again from 0")
            #expect(!after.isZero)
        }
    }

    @Test func aPendingTimerSurvivesARestart() async throws {
        let h = try Harness()
        await h.supervisor.start([try h.bot("t", strategy: TimerAmend.key)], coldStart: true)
        try await h.waitFor("running") { await h.supervisor.state("t") == .running }
        try await h.step(1)   // the first live bar sets a timer two minutes ahead
        try await h.supervisor.restart("t")
        try await h.waitFor("running again") { await h.supervisor.state("t") == .running }
        #expect(try await h.store.orders(bot: "t").isEmpty)
        try await h.step(3)
        #expect(try await h.store.orders(bot: "t").count == 1, "the timer fired after the restart and placed its order")
    }

    @Test func aRemovedBotLeavesNoMetricsSeries() async throws {
        let h = try Harness()
        await h.supervisor.start([try h.bot("m1"), try h.bot("m2")], coldStart: true)
        try await h.waitFor("running") { await h.supervisor.statuses().allSatisfy { $0.state == .running } }
        try await h.step(2)
        #expect(h.metrics.prometheusText().contains("botruntime_queue_depth{bot=\"m1\"}"))
        await h.supervisor.remove("m1")
        let text = h.metrics.prometheusText()
        #expect(!text.contains("bot=\"m1\"") && text.contains("botruntime_queue_depth{bot=\"m2\"}"))
    }

    @Test func stopAppliesTheOnStopPolicy() async throws {
        let h = try Harness()
        await h.supervisor.start([try h.bot("c", onStop: .closePosition)], coldStart: true)
        try await h.waitFor("running") { await h.supervisor.state("c") == .running }
        // Step until the bot holds a position, then stop it.
        var held = false
        for _ in 0..<6 {
            try await h.step(1)
            if let s = await h.supervisor.statuses().first, !s.position.isZero { held = true; break }
        }
        #expect(held)
        try await h.supervisor.stop("c")
        #expect(await h.supervisor.state("c") == .stopped)
        let fills = try await h.store.fills(bot: "c")
        let net = fills.reduce(Quantity.zero) { $0 + ($1.side == "buy" ? $1.quantity : -$1.quantity) }
        #expect(net.isZero, "close_position leaves the bot flat")
    }
}

/// An account the venue factory refuses fails its own bots, naming the account and why; the
/// other accounts' bots trade.
@Suite(.serialized)
struct AccountRefusalTests {
    @Test func anAccountWithoutAVenueInThisBuildFailsItsBotsAloneAndIsNeverTradedOnPaper() async throws {
        let h = try Harness(accounts: """
            [accounts.okx-demo]
            venue = "okx"
            environment = "demo"
            api_key_env = "OKX_KEY"
            api_secret_env = "OKX_SECRET"
            passphrase_env = "OKX_PASS"
            [accounts.dry]
            venue = "paper"
            market = "okx"
            """)
        let specs = [try h.bot("live", account: "okx-demo"), try h.bot("dry", account: "dry"), try h.bot("paper")]
        await h.supervisor.start(specs, coldStart: true)
        try await h.waitFor("the paper bot running") { await h.supervisor.state("paper") == .running }
        let s = await h.supervisor.statuses()
        let live = try #require(s.first { $0.id == "live" })
        #expect(live.state == .failed)
        #expect(live.lastError == "account 'okx-demo' refused: the okx venue is not in this build yet")
        #expect(s.first { $0.id == "dry" }?.lastError == "account 'dry' refused: a dry-run on okx's market is not in this build yet")
        try await h.step(3)
        #expect(try await h.store.orders(bot: "live").isEmpty)
        #expect(try await h.store.orders(bot: "dry").isEmpty)
        #expect(try await !h.store.orders(bot: "paper").isEmpty)
        let failed = try await h.store.events(after: 0, limit: 100, bot: "live").map(\.event.kind)
        #expect(failed == ["bot_failed"])
    }
}

/// The parts of a HYPERRSI snapshot a test reads.
struct BotSnapshotProbe: Decodable {
    struct Strategy: Decodable {
        var previousRSI: Double?
        var bars: Int
    }
    var strategy: Strategy
}
