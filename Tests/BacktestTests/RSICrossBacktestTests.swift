import Backtest
import BotConfig
import BotCore
import BotTestKit
import Foundation
import Testing

func shippedConfig() -> ConfigSet {
    ConfigSet.load(runtime: SharedData.packageRoot.appendingPathComponent("runtime.toml").path)
}

func sampleBot(_ set: ConfigSet) throws -> BotSpec {
    try set.bot(file: SharedData.packageRoot.appendingPathComponent("bots/rsi-cross-btc.toml").path)
}

/// The rsi-cross rules written out directly over arrays, independent of the streaming
/// indicators, the strategy, the ledger and the paper matcher.
func referenceTrades(_ bars: [Candle]) -> [(Int64, Int64, Price, Price)] {
    let close = bars.map(\.close.doubleValue)
    func rsi(_ n: Int) -> [Double?] {
        var out = [Double?](repeating: nil, count: close.count)
        var g = 0.0, l = 0.0
        for i in 1...n { let d = close[i] - close[i - 1]; if d < 0 { l -= d } else { g += d } }
        g *= 1.0 / Double(n); l *= 1.0 / Double(n)
        out[n] = 100 * (g / (g + l))
        for i in (n + 1)..<close.count {
            let d = close[i] - close[i - 1]
            g *= Double(n - 1); l *= Double(n - 1)
            if d < 0 { l -= d } else { g += d }
            g *= 1.0 / Double(n); l *= 1.0 / Double(n)
            out[i] = 100 * (g / (g + l))
        }
        return out
    }
    func ema(_ n: Int) -> [Double?] {
        var out = [Double?](repeating: nil, count: close.count)
        var v = close[0..<n].reduce(0, +) / Double(n)
        out[n - 1] = v
        let k = 2.0 / Double(n + 1)
        for i in n..<close.count { v = (close[i] - v) * k + v; out[i] = v }
        return out
    }
    let r = rsi(14), fast = ema(50), slow = ema(200)
    var trades: [(Int64, Int64, Price, Price)] = []
    var entry: (Int, Price)?
    for i in 200..<bars.count {
        let c = bars[i].close
        if let (at, e) = entry {
            // Exact decimal comparisons: close·100 ≤ e·98, close·100 ≥ e·103.
            let stop = Int128(c.raw) * 100 <= Int128(e.raw) * 98
            let take = Int128(c.raw) * 100 >= Int128(e.raw) * 103
            if stop || take || (r[i - 1]! > 70 && r[i]! <= 70) {
                trades.append((bars[at].ts, bars[i].ts, e, c))
                entry = nil
            }
        } else if r[i - 1]! < 30 && r[i]! >= 30 && fast[i]! > slow[i]! {
            entry = (i, c)
        }
    }
    if let (at, e) = entry { trades.append((bars[at].ts, bars.last!.ts, e, bars.last!.close)) }
    return trades
}

struct RSICrossBacktestTests {
    @Test func tradesFollowTheRulesExactlyOnRealData() throws {
        let set = shippedConfig()
        let spec = try sampleBot(set)
        let bars = try CandleCSV.load(path: SharedData.path("binance_BTCUSDT_1m.csv"))
        let report = try Backtester.run(spec: spec, runtime: set.runtime, candles: bars, dataName: "btc")
        let want = referenceTrades(bars)
        #expect(want.count > 100)
        #expect(report.run.trades.count == want.count)
        for (t, w) in zip(report.run.trades, want) where (t.entryTs, t.exitTs, t.entryPrice, t.exitPrice) != w {
            Issue.record("first differing trade: got \(t), rules give \(w)")
            break
        }
        // Net PnL = Σ (exit − entry) − 0.1 % of each side's notional, size 1 BTC.
        var expected = Money.zero
        for (_, _, e, x) in want {
            expected += Money(raw: x.raw - e.raw) - Money(raw: e.raw).scaled(by: Ratio.of("0.001"), .up)
                - Money(raw: x.raw).scaled(by: Ratio.of("0.001"), .up)
        }
        #expect(report.metrics.netPnL == expected)
        #expect(report.metrics.trades == want.count)
        #expect(report.run.trades.last?.forcedExit == (want.last?.1 == bars.last!.ts && report.run.trades.last?.exitTs == bars.last!.ts))
    }

    @Test func nextOpenFillsAtTheFollowingBar() throws {
        let set = shippedConfig()
        let spec = try sampleBot(set)
        let bars = Array(try CandleCSV.load(path: SharedData.path("binance_BTCUSDT_1m.csv")).prefix(20_000))
        let report = try Backtester.run(spec: spec, runtime: set.runtime, candles: bars, dataName: "btc", fillModel: "next-open")
        #expect(report.fillModel == "next-open")
        #expect(!report.run.trades.isEmpty)
        let index = Dictionary(uniqueKeysWithValues: bars.enumerated().map { ($1.ts, $0) })
        for t in report.run.trades.dropLast() {
            // Decided on bar i (entry_ts_ms), filled at the open of bar i + 1.
            #expect(t.entryPrice == bars[index[t.entryTs]! + 1].open)
        }
    }

    @Test func writesTheReportFiles() throws {
        let set = shippedConfig()
        let spec = try sampleBot(set)
        let bars = Array(try CandleCSV.load(path: SharedData.path("binance_BTCUSDT_1m.csv")).prefix(30_000))
        let report = try Backtester.run(spec: spec, runtime: set.runtime, candles: bars, dataName: "btc")
        let dir = try SharedData.temporaryDirectory("report")
        try report.write(to: dir.path)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("report.json"))) as! [String: Any]
        let trades = json["trades"] as! [[String: Any]]
        #expect(trades.count == report.run.trades.count && trades.count > 0)
        let ts = Set(bars.map(\.ts))
        for t in trades {
            #expect(ts.contains((t["entry_ts_ms"] as! NSNumber).int64Value))
            #expect(ts.contains((t["exit_ts_ms"] as! NSNumber).int64Value))
        }
        for key in ["net_pnl", "fees", "win_rate", "max_drawdown", "sharpe", "sortino", "exposure", "trades_count"] {
            #expect(json[key] != nil, "report.json lacks \(key)")
        }
        let csv = try String(contentsOf: dir.appendingPathComponent("trades.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\n").count == trades.count + 1)
        let svg = try String(contentsOf: dir.appendingPathComponent("equity.svg"), encoding: .utf8)
        #expect(svg.hasPrefix("<svg") && svg.contains("<polyline"))
        #expect(report.summary.contains("Sharpe") && report.summary.contains("exposure"))
    }

    @Test func badInputsAreClearErrors() throws {
        let set = shippedConfig()
        var spec = try sampleBot(set)
        let bars = try CandleCSV.load(path: SharedData.path("binance_BTCUSDT_5m.csv"))
        spec.timeframe = Timeframe("1m")!
        #expect(throws: BacktestError.self) {
            try Backtester.run(spec: spec, runtime: set.runtime, candles: Array(bars.prefix(100)), dataName: "5m.csv")
        }
        for bad in ["sim:seed=-1", "sim:days=0", "sim:speed=2", "sim:seed"] {
            #expect(throws: BacktestError.self) { try DataSource.parse(bad) }
        }
        #expect(try DataSource.parse("sim:seed=3,days=2") == .simulator(seed: 3, days: 2))
        #expect(try DataSource.parse("x.csv") == .file("x.csv"))
    }

    @Test func simulatorBacktestIsDeterministic() throws {
        let set = shippedConfig()
        let spec = try sampleBot(set)
        let a = try Backtester.candles(.simulator(seed: 5, days: 3), instrument: spec.instrument)
        let b = try Backtester.candles(.simulator(seed: 5, days: 3), instrument: spec.instrument)
        #expect(a == b && a.count == 3 * 1440)
        let r1 = try Backtester.run(spec: spec, runtime: set.runtime, candles: a, dataName: "sim")
        let r2 = try Backtester.run(spec: spec, runtime: set.runtime, candles: b, dataName: "sim")
        #expect(r1.json == r2.json)
    }
}
