import Backtest
import BotConfig
import BotCore
import Foundation
import Indicators
import PaperMatching
import Policy
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

// hyperrsi on the same 1m candles, resampled by the engine to its 5m bars (a forming-bar event
// per 1m candle, a close per 5m): candles/s through the engine, and the strategy's own cost
// per event, timed over the events it handles alone.
let hyperSpec = try set.bot(file: root.appendingPathComponent("bots/hyperrsi-btc-swap.toml").path)
func hyperOnce() throws -> (Double, Int) {
    let d = Diagnostics()
    let params = HyperRSIStrategy.parameters(ConfigReader(file: hyperSpec.file, table: hyperSpec.params, prefix: "params", diagnostics: d))!
    var engine = BacktestEngine(strategy: HyperRSIStrategy(params: params, setup: StrategySetup(instrument: hyperSpec.instrument,
                                                                                                timeframe: hyperSpec.timeframe)),
                                botID: hyperSpec.id, instrument: hyperSpec.instrument, timeframe: hyperSpec.timeframe,
                                base: Timeframe("1m")!, guardrails: RiskGuard(limits: hyperSpec.risk), paper: set.runtime!.paper)
    let t0 = DispatchTime.now().uptimeNanoseconds
    let run = try engine.run(candles)
    return (Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9, run.trades.count)
}
var hyperTimes: [Double] = []
var hyperTrades = 0
for _ in 0..<max(3, runs / 3) {
    let (t, n) = try hyperOnce()
    hyperTimes.append(t)
    hyperTrades = n
}
hyperTimes.sort()
print("hyperrsi backtest (5m from 1m), \(candles.count) candles, \(hyperTrades) trades, \(hyperTimes.count) runs")
print(String(format: "  in memory: best %.2f M candles/s (%.2f ms), median %.2f M candles/s",
             Double(candles.count) / hyperTimes[0] / 1e6, hyperTimes[0] * 1e3,
             Double(candles.count) / hyperTimes[hyperTimes.count / 2] / 1e6))

// The strategy alone: the same events (forming bar per 1m candle, close per 5m bar), flat
// book, no orders filled; ns per event.
do {
    let d = Diagnostics()
    let params = HyperRSIStrategy.parameters(ConfigReader(file: hyperSpec.file, table: hyperSpec.params, prefix: "params", diagnostics: d))!
    let tf = Timeframe("5m")!
    var events: [BotEvent] = []
    var builder = BarBuilder(timeframe: tf, base: Timeframe("1m")!)
    for c in candles {
        if let late = builder.add(c) { events.append(.candleClosed(late, tf)) }
        if builder.isComplete, let done = builder.close() { events.append(.candleClosed(done, tf)) }
        else if let f = builder.forming { events.append(.candleForming(f, tf, progress: builder.progress)) }
    }
    var best = Double.infinity
    for _ in 0..<5 {
        var s = HyperRSIStrategy(params: params, setup: StrategySetup(instrument: hyperSpec.instrument, timeframe: tf))
        var sink = IntentSink(bot: "b")
        let ctx = StrategyContext(time: 0, instrument: hyperSpec.instrument, legs: Legs(), openOrders: 0)
        let t0 = DispatchTime.now().uptimeNanoseconds
        for e in events {
            s.handle(e, context: ctx, into: &sink)
            sink.drain { _ in }
        }
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - t0) / Double(events.count))
    }
    print(String(format: "  strategy alone: %.0f ns per event (%d events: forming bars and closes; entries not filled)", best, events.count))
}

// GRID over the 1m candles, resampled to its 15m bars (a forming bar per 1m candle, the
// band's refresh per close): the shipped band bot on ETH, the shipped classic grid on BTC.
@MainActor func gridOnce(_ botFile: String, _ dataFile: String) throws -> (Double, Int, Int) {
    let gridSpec = try set.bot(file: root.appendingPathComponent(botFile).path)
    let data = try CandleCSV.load(path: "\(dataDir)/\(dataFile)")
    let d = Diagnostics()
    let params = GridStrategy.parameters(ConfigReader(file: gridSpec.file, table: gridSpec.params, prefix: "params", diagnostics: d))!
    var best = Double.infinity, trades = 0
    for _ in 0..<max(3, runs / 3) {
        var engine = BacktestEngine(strategy: try GridStrategy(params: params, setup: StrategySetup(instrument: gridSpec.instrument,
                                                                                                     timeframe: gridSpec.timeframe)),
                                    botID: gridSpec.id, instrument: gridSpec.instrument, timeframe: gridSpec.timeframe,
                                    base: Timeframe("1m")!, guardrails: RiskGuard(limits: gridSpec.risk),
                                    paper: set.runtime!.paper(for: gridSpec.account))
        let t0 = DispatchTime.now().uptimeNanoseconds
        let run = try engine.run(data)
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
        trades = run.trades.count
    }
    return (best, trades, data.count)
}
for (bot, data) in [("bots/grid-eth-swap.toml", "binance_ETHUSDT_1m.csv"), ("bots/grid-classic-btc.toml", "binance_BTCUSDT_1m.csv")] {
    let (t, n, count) = try gridOnce(bot, data)
    print(String(format: "grid backtest %@ (15m from 1m) on %@: best %.2f M candles/s (%.1f ms), %d round trips",
                 bot, data, Double(count) / t / 1e6, t * 1e3, n))
}

// auroraq-ppo: what a decision costs (the observation over the last 100 bars, the policy's
// forward pass) on the BTC 5m bars, then the shipped bot's backtest over the 1m candles (5m
// bars built from them) and over the 16 months of 5m candles.
do {
    let ppoSpec = try set.bot(file: root.appendingPathComponent("bots/auroraq-ppo-btc-swap.toml").path)
    let d = Diagnostics()
    let params = AuroraQStrategy.parameters(ConfigReader(file: ppoSpec.file, table: ppoSpec.params, prefix: "params", diagnostics: d))!
    let policy = try MLPPolicy(try SafeTensors(path: params.model), inputs: AuroraObservation.size)
    let bars = try CandleCSV.load(path: "\(dataDir)/binance_BTCUSDT_5m.csv")
    var bestObservation = Double.infinity, bestForward = Double.infinity
    var observations: [[Double]] = []
    for _ in 0..<max(3, runs / 3) {
        var o = AuroraObservation()
        observations.removeAll(keepingCapacity: true)
        let t0 = DispatchTime.now().uptimeNanoseconds
        for c in bars {
            if let r = o.update(high: c.high.doubleValue, low: c.low.doubleValue, close: c.close.doubleValue, volume: c.volume) {
                observations.append(r.market + AuroraObservation.neutralSentiment + [0, 0, 0, 0, 0])
            }
        }
        bestObservation = min(bestObservation, Double(DispatchTime.now().uptimeNanoseconds - t0) / Double(bars.count))
        var sink = 0.0
        let t1 = DispatchTime.now().uptimeNanoseconds
        for x in observations { sink += policy.probabilities(x)[1] }
        bestForward = min(bestForward, Double(DispatchTime.now().uptimeNanoseconds - t1) / Double(observations.count))
        if sink.isNaN { print("NaN") }
    }
    print(String(format: "auroraq-ppo decision on %d BTC 5m bars: observation %.0f ns, forward pass %.0f ns, together %.0f ns",
                 bars.count, bestObservation, bestForward, bestObservation + bestForward))
    for (data, base) in [("binance_BTCUSDT_1m.csv", "1m"), ("binance_BTCUSDT_5m.csv", "5m")] {
        let candles = try CandleCSV.load(path: "\(dataDir)/\(data)")
        var best = Double.infinity, trades = 0
        for _ in 0..<max(3, runs / 3) {
            var engine = BacktestEngine(strategy: try AuroraQStrategy(params: params, setup: StrategySetup(instrument: ppoSpec.instrument,
                                                                                                            timeframe: ppoSpec.timeframe)),
                                        botID: ppoSpec.id, instrument: ppoSpec.instrument, timeframe: ppoSpec.timeframe,
                                        base: Timeframe(base)!, guardrails: RiskGuard(limits: ppoSpec.risk),
                                        paper: set.runtime!.paper(for: ppoSpec.account))
            let t0 = DispatchTime.now().uptimeNanoseconds
            let run = try engine.run(candles)
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
            trades = run.trades.count
        }
        print(String(format: "auroraq-ppo backtest (5m from %@) on %@: best %.2f M candles/s (%.1f ms, %d candles), %d trades",
                     base, data, Double(candles.count) / best / 1e6, best * 1e3, candles.count, trades))
    }
}
