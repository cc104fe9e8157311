import Backtest
import BotConfig
import BotCore
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
        await h.hub.replay(symbol: "BTCUSDT", bars: bars)
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
