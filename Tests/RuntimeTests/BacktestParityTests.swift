import Backtest
import BotConfig
import BotCore
import Feeds
import BotTestKit
import PaperMatching
import Risk
import Strategies
import TOML
import Testing

/// Backtest and paper trading run the same strategy and risk code: on the same bars they must
/// decide the same orders at the same bars and, with the paper venue keeping pace, fill them
/// at the same prices.
@Suite(.serialized)
struct BacktestParityTests {
    @Test func theDaemonDecidesAndFillsLikeTheBacktester() async throws {
        let params = """
            rsi_length = 5
            ema_fast = 5
            ema_slow = 30
            oversold = 45
            overbought = 55
            stop_loss = "0.002"
            take_profit = "0.002"
            size = "1"
            """
        let bars = Array(try CandleCSV.load(path: SharedData.path("binance_BTCUSDT_1m.csv")).prefix(330))
        let h = try Harness(history: 30)
        await h.hub.use(ReplayFeed(symbol: "BTCUSDT", candles: bars), for: "BTCUSDT")
        let spec = try h.bot("parity", strategy: RSICross.key, symbol: "BTCUSDT", params: params)
        await h.supervisor.start([spec], coldStart: true)
        try await h.waitFor("running") { await h.supervisor.state("parity") == .running }
        try await h.step(bars.count - 30)
        let fills = try await h.store.fills(bot: "parity")

        let p = try #require(RSICross.parameters(ConfigReader(file: "t", table: try TOMLParser.parse(params), prefix: "params",
                                                              diagnostics: Diagnostics())))
        var engine = BacktestEngine(strategy: RSICross(params: p, setup: StrategySetup(instrument: spec.instrument, timeframe: spec.timeframe)),
                                    botID: "parity", instrument: spec.instrument, timeframe: spec.timeframe, base: spec.timeframe,
                                    guardrails: RiskGuard(), paper: h.config.paper)
        let run = try engine.run(bars)
        var expected: [(Side, Price)] = []
        for t in run.trades where !t.forcedExit {
            expected.append((.buy, t.entryPrice))
            expected.append((.sell, t.exitPrice))
        }
        if let last = run.trades.last, last.forcedExit { expected.append((.buy, last.entryPrice)) }
        #expect(expected.count >= 6, "the window must trade: \(expected.count) fills")
        #expect(fills.count == expected.count)
        for (f, e) in zip(fills, expected) where f.side != e.0.rawValue || f.price != e.1 {
            Issue.record("first differing fill: daemon \(f.side) at \(f.price), backtest \(e.0) at \(e.1)")
            break
        }
    }
}

extension BacktestParityTests {
    /// HYPERRSI on 5m bars built from replayed 1m bars: forming bars, closes, hedge-mode legs,
    /// take-profit limits. The daemon and the backtester must send the same orders in the same
    /// order and fill them at the same prices.
    @Test func hyperrsiInTheDaemonTradesLikeTheBacktester() async throws {
        try await hyperrsiParity(holes: [])
    }

    /// The same over a replay with holes: the hub tells each as a gap after the bar it cut
    /// short, the backtester at the same point, and both go on alike.
    @Test func hyperrsiTradesAlikeOverAReplayWithGaps() async throws {
        try await hyperrsiParity(holes: [212..<219, 350..<351, 470..<493])
    }

    func hyperrsiParity(holes: [Range<Int>]) async throws {
        let params = """
            investment = "500"
            entry_option = "reversal"
            rsi_oversold = 42
            rsi_overbought = 58
            tp1_value = 0.2
            tp2_value = 0.3
            tp3_value = 0.4
            pyramiding_value = 0.3
            cooldown_time = 60
            """
        var bars = Array(try CandleCSV.load(path: SharedData.path("binance_BTCUSDT_1m.csv")).prefix(630))
        // Minutes the market never had (an exchange outage): both sides see the same holes.
        for hole in holes.reversed() { bars.removeSubrange(hole) }
        let h = try Harness(history: 30)
        await h.hub.use(ReplayFeed(symbol: "BTC-USDT-SWAP", candles: bars), for: "BTC-USDT-SWAP")
        var spec = try h.bot("hyper", strategy: HyperRSIStrategy.key, symbol: "BTC-USDT-SWAP", params: params)
        spec.timeframe = Timeframe("5m")!
        await h.supervisor.start([spec], coldStart: true)
        try await h.waitFor("running") { await h.supervisor.state("hyper") == .running }
        // The replay moves a minute a step, holes too.
        try await h.step(Int((bars.last!.ts - bars.first!.ts) / 60_000) + 1 - 30)
        #expect(await h.hub.gapsConfirmed == holes.count, "each hole told once")
        let daemon = try await h.store.fills(bot: "hyper").map { "\($0.side) \($0.positionSide) \($0.quantity) @ \($0.price)" }

        let p = try #require(HyperRSIStrategy.parameters(ConfigReader(file: "t", table: try TOMLParser.parse(params), prefix: "params",
                                                                      diagnostics: Diagnostics())))
        var engine = BacktestEngine(strategy: HyperRSIStrategy(params: p, setup: StrategySetup(instrument: spec.instrument, timeframe: spec.timeframe)),
                                    botID: "hyper", instrument: spec.instrument, timeframe: spec.timeframe, base: Timeframe("1m")!,
                                    guardrails: RiskGuard(), paper: h.config.paper)
        engine.orderLog = []
        _ = try engine.run(bars)
        #expect(daemon.count >= 6, "the window must trade: \(daemon.count) fills")
        let daemonOrders = try await h.store.orders(bot: "hyper").map { "\($0.side) \($0.type) \($0.quantity)" }
        func kind(_ t: OrderType) -> String {
            switch t {
            case .market: "market"
            case .limit: "limit"
            case .stopMarket: "stop_market"
            case .stopLimit: "stop_limit"
            }
        }
        let backtestOrders = (engine.orderLog ?? []).map { "\($0.request.side.rawValue) \(kind($0.request.type)) \($0.request.quantity)" }
        #expect(daemonOrders == backtestOrders, "daemon \(daemonOrders.prefix(8)) backtest \(backtestOrders.prefix(8))")
        // And the same outcome for each: status and filled size, order by order.
        let daemonOutcome = try await h.store.orders(bot: "hyper").map { "\($0.clientOrderID) \($0.status) \($0.filled)" }
        let backtestOutcome = (engine.orderLog ?? []).map { o -> String in
            let r = engine.ledger.order(o.request.id)
            return "\(o.request.id) \(r?.status.rawValue ?? "?") \(r?.filled ?? .zero)"
        }
        #expect(daemonOutcome.dropLast(2) == backtestOutcome.dropLast(2), "daemon \(daemonOutcome) backtest \(backtestOutcome)")
    }
}
