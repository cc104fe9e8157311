import Backtest
import BotConfig
import BotCore
import Foundation
import PaperMatching
import Risk
import Strategies

/// rsi-cross over real candles held in memory: candles per second through the whole backtest
/// engine (strategy, RiskGuard, ledger, paper matching, equity curve), best and median of runs.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
var dataDir = root.deletingLastPathComponent().appendingPathComponent("shared/data").path
if let i = CommandLine.arguments.firstIndex(of: "--data"), i + 1 < CommandLine.arguments.count { dataDir = CommandLine.arguments[i + 1] }
let runs = Int(ProcessInfo.processInfo.environment["BENCH_RUNS"] ?? "") ?? 15

let set = ConfigSet.load(runtime: root.appendingPathComponent("runtime.toml").path)
let spec = try set.bot(file: root.appendingPathComponent("bots/rsi-cross-btc.toml").path)
let file = "\(dataDir)/binance_BTCUSDT_1m.csv"

let parseStart = DispatchTime.now().uptimeNanoseconds
let candles = try CandleCSV.load(path: file)
let parseNs = DispatchTime.now().uptimeNanoseconds - parseStart

func once() throws -> (Double, Int) {
    let d = Diagnostics()
    let params = RSICross.parameters(ConfigReader(file: spec.file, table: spec.params, prefix: "params", diagnostics: d))!
    var engine = BacktestEngine(strategy: RSICross(params: params, setup: StrategySetup(instrument: spec.instrument, timeframe: spec.timeframe)),
                                botID: spec.id, instrument: spec.instrument, timeframe: spec.timeframe, base: spec.timeframe,
                                guardrails: RiskGuard(limits: spec.risk), paper: set.runtime!.paper)
    let t0 = DispatchTime.now().uptimeNanoseconds
    let run = try engine.run(candles)
    let t1 = DispatchTime.now().uptimeNanoseconds
    return (Double(t1 - t0) / 1e9, run.trades.count)
}

var times: [Double] = []
var trades = 0
for _ in 0..<runs {
    let (t, n) = try once()
    times.append(t)
    trades = n
}
times.sort()
let best = times[0], median = times[runs / 2]
print("rsi-cross backtest, \(candles.count) candles of \(file), \(trades) trades, \(runs) runs")
print(String(format: "  in memory: best %.2f M candles/s (%.2f ms), median %.2f M candles/s (%.2f ms)",
             Double(candles.count) / best / 1e6, best * 1e3, Double(candles.count) / median / 1e6, median * 1e3))
print(String(format: "  CSV parse: %.2f ms (%.0f ns per row)", Double(parseNs) / 1e6, Double(parseNs) / Double(candles.count)))
