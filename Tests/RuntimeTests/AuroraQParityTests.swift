import Backtest
import BotConfig
import BotCore
import BotTestKit
import Feeds
import PaperMatching
import Risk
import Strategies
import TOML
import Testing

/// `auroraq-ppo` in the daemon on paper and in the backtester, on the same replayed 1m bars
/// built into 5m ones: the same orders in the same order, with the same outcome each.
@Suite(.serialized)
struct AuroraQParityTests {
    /// A policy long above 106,860 and short below (shorts not allowed, so flat there): the
    /// first 600 minutes of the file stay below it (nothing to do while the daemon loads its
    /// history), then BTC rises through it and falls back, so the bot enters, is stopped or
    /// reversed, and enters again.
    @Test func thePolicyInTheDaemonTradesLikeTheBacktester() async throws {
        let dir = try SharedData.temporaryDirectory("ppo-parity")
        let model = try ConstructedPolicy.write(ConstructedPolicy.priceDriven(centre: 106_860), to: dir)
        let params = """
            model = "\(model)"
            investment = "500"
            leverage = 2
            """
        let bars = Array(try CandleCSV.load(path: SharedData.path("binance_BTCUSDT_1m.csv")).prefix(2_400))
        let history = 600
        let h = try Harness(history: history)
        await h.hub.use(ReplayFeed(symbol: "BTC-USDT-SWAP", candles: bars), for: "BTC-USDT-SWAP")
        var spec = try h.bot("ppo", strategy: AuroraQStrategy.key, params: params)
        spec.timeframe = Timeframe("5m")!
        await h.supervisor.start([spec], coldStart: true)
        try await h.waitFor("running") { await h.supervisor.state("ppo") == .running }
        try await h.step(bars.count - history)

        let p = try #require(AuroraQStrategy.parameters(ConfigReader(file: "t", table: try TOMLParser.parse(params), prefix: "params",
                                                                     diagnostics: Diagnostics())))
        var engine = BacktestEngine(strategy: try AuroraQStrategy(params: p, setup: StrategySetup(instrument: spec.instrument, timeframe: spec.timeframe)),
                                    botID: "ppo", instrument: spec.instrument, timeframe: spec.timeframe, base: Timeframe("1m")!,
                                    guardrails: RiskGuard(), paper: h.config.paper)
        engine.orderLog = []
        _ = try engine.run(bars)
        func describe(_ r: OrderRequest) -> String {
            let price = r.type.limitPrice.map { "limit \($0)" } ?? r.type.triggerPrice.map { "stop \($0)" } ?? "market"
            return "\(r.side.rawValue) \(price) \(r.quantity)"
        }
        let backtest = (engine.orderLog ?? []).map { describe($0.request) }
        let daemon = try await h.store.orders(bot: "ppo").map { o in
            describe(o.request()!)
        }
        #expect(daemon.count >= 6, "the window must trade: \(daemon.count) orders")
        let first = (0..<min(daemon.count, backtest.count)).first { daemon[$0] != backtest[$0] } ?? min(daemon.count, backtest.count)
        #expect(daemon == backtest, "first difference at order \(first) of \(daemon.count)/\(backtest.count): daemon \(daemon.dropFirst(max(0, first - 2)).prefix(5)) backtest \(backtest.dropFirst(max(0, first - 2)).prefix(5))")
        let daemonOutcome = try await h.store.orders(bot: "ppo").map { "\($0.status) \($0.filled)" }
        let backtestOutcome = (engine.orderLog ?? []).map { o -> String in
            let r = engine.ledger.order(o.request.id)
            return "\(r?.status.rawValue ?? "?") \(r?.filled ?? .zero)"
        }
        #expect(daemonOutcome.dropLast(2) == backtestOutcome.dropLast(2), "daemon \(daemonOutcome.prefix(8)) backtest \(backtestOutcome.prefix(8))")
    }
}
