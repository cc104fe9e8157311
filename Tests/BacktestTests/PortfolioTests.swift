import Backtest
import BotConfig
import BotCore
import BotTestKit
import Foundation
import Strategies
import TOML
import Testing

/// Bots backtested together share their indicator series, and sharing changes nothing: every
/// bot's trades and equity, bar for bar, are those it makes computing its own, and those of
/// its backtest alone.
struct PortfolioTests {
    static func spec(_ id: String, _ strategy: String, _ symbol: String, _ timeframe: String, _ params: String) throws -> BotSpec {
        let d = Diagnostics()
        let text = try String(contentsOfFile: SharedData.packageRoot.appendingPathComponent("data/instruments.toml").path, encoding: .utf8)
        let catalog = InstrumentCatalog.parse(text, file: "instruments.toml", diagnostics: d)
        return BotSpec(id: id, user: "u", strategy: strategy, account: "paper", instrument: catalog.find(symbol: symbol)!,
                       timeframe: Timeframe(timeframe)!, params: try TOMLParser.parse(params), onStop: .cancelOrders)
    }

    static var bots: [BotSpec] {
        get throws {
            [
                try spec("h1", "hyperrsi", "BTC-USDT-SWAP", "5m", "investment = \"20\"\nleverage = 10\nentry_option = \"reversal\""),
                try spec("h2", "hyperrsi", "BTC-USDT-SWAP", "5m", "investment = \"50\"\nleverage = 5\nentry_option = \"reversal\""),
                try spec("h3", "hyperrsi", "BTC-USDT-SWAP", "5m", "rsi_length = 9\ntrend_timeframe = \"chart\""),
                try spec("h4", "hyperrsi", "BTC-USDT-SWAP", "15m", "investment = \"20\""),
                try spec("g1", "grid", "BTC-USDT-SWAP", "15m", "investment = \"2000\""),
                try spec("g2", "grid", "BTC-USDT-SWAP", "15m", "investment = \"3000\"\nenter_strategy = \"short\""),
            ]
        }
    }

    static func fingerprint(_ r: BacktestReport) -> String {
        r.run.trades.map { "\($0.side) \($0.entryTs) \($0.exitTs) \($0.quantity) \($0.entryPrice) \($0.exitPrice) \($0.pnl)" }.joined(separator: ";")
            + " | " + r.run.equity.map { "\($0.ts):\($0.value.bitPattern)" }.joined(separator: ",")
    }

    @Test func sharingSeriesChangesNoBotsTradesOrEquityOnRealData() throws {
        let candles = Array(try CandleCSV.load(path: SharedData.path("binance_BTCUSDT_1m.csv")).prefix(25_000))
        let specs = try Self.bots
        let shared = try Backtester.runPortfolio(specs: specs, runtime: nil, candles: candles, dataName: "btc")
        let own = try Backtester.runPortfolio(specs: specs, runtime: nil, candles: candles, dataName: "btc", share: false)
        // h1, h2: one RSI and one trend series between them; h3 its own two; h4 (15m) two; the
        // grids one band between them: 7, where computing their own the bots make 11.
        #expect(shared.series == 7)
        #expect(shared.bots.map(\.metrics.trades).reduce(0, +) > 100, "\(shared.bots.map(\.metrics.trades))")
        for (s, o) in zip(shared.bots, own.bots) {
            #expect(Self.fingerprint(s) == Self.fingerprint(o), "\(s.bot): shared and own series differ")
        }
        for (i, spec) in specs.enumerated() {
            let alone = try Backtester.run(spec: spec, runtime: nil, candles: candles, dataName: "btc")
            #expect(Self.fingerprint(alone) == Self.fingerprint(shared.bots[i]), "\(spec.id): alone and in the portfolio differ")
        }
        #expect(shared.netPnL == shared.bots.reduce(Money.zero) { $0 + $1.metrics.netPnL })
        #expect(shared.maxDrawdown > 0)
    }

    @Test func aBotGivenTwiceIsRefused() throws {
        let s = try Self.spec("h1", "hyperrsi", "BTC-USDT-SWAP", "5m", "")
        #expect(throws: BacktestError.self) {
            _ = try Backtester.runPortfolio(specs: [s, s], runtime: nil, candles: Array(try CandleCSV.load(path: SharedData.path("binance_BTCUSDT_1m.csv")).prefix(100)),
                                            dataName: "btc")
        }
    }
}
