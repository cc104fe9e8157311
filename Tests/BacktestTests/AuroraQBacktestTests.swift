import Backtest
import BotConfig
import BotCore
import BotTestKit
import Foundation
import Indicators
import PaperMatching
import Risk
import Strategies
import Testing

/// The shipped `auroraq-ppo` bot and its trained model in the backtest engine over the 16 months
/// of real BTC 5m candles: it decides on every bar from the 50th, and what it orders follows the
/// rules (entries sized from `investment`, each fill protected at −2 % and +4 %, on the tick).
struct AuroraQBacktestTests {
    @Test func theShippedBotBacktestsOnRealCandles() throws {
        let root = SharedData.packageRoot
        let set = ConfigSet.load(runtime: root.appendingPathComponent("runtime.toml").path)
        let spec = try set.bot(file: root.appendingPathComponent("bots/auroraq-ppo-btc-swap.toml").path)
        let d = Diagnostics()
        let params = try #require(AuroraQStrategy.parameters(ConfigReader(file: spec.file, table: spec.params, prefix: "params", diagnostics: d)))
        let bars = try CandleCSV.load(path: SharedData.path("binance_BTCUSDT_5m.csv"))
        var engine = BacktestEngine(strategy: try AuroraQStrategy(params: params, setup: StrategySetup(instrument: spec.instrument, timeframe: spec.timeframe)),
                                    botID: spec.id, instrument: spec.instrument, timeframe: spec.timeframe, base: spec.timeframe,
                                    guardrails: RiskGuard(limits: spec.risk), paper: set.runtime!.paper(for: spec.account))
        engine.orderLog = []
        let run = try engine.run(bars)
        let state = engine.strategy.state
        #expect(state.lastProbabilities.count == 3 && state.lastAction != nil)
        #expect(state.invalidObservations == 0)
        let orders = (engine.orderLog ?? []).map(\.request)
        let inst = spec.instrument
        let entries = orders.filter { !$0.reduceOnly && $0.type == .market }
        #expect(!entries.isEmpty, "the trained model enters at least once in 16 months")
        #expect(run.trades.count >= 1)
        for e in entries {
            let record = try #require(engine.ledger.order(e.id))
            #expect(record.status == .filled, "entry \(e.id)")
            let fillPrice = record.filledNotional.doubleValue / (record.filled.doubleValue * inst.contractValue.doubleValue)
            #expect(e.side == .buy, "shorts are not allowed")
            // 100 USDT at the decision bar's close, floored to the lot.
            #expect(e.quantity.raw % inst.lotSize.raw == 0 && e.quantity >= inst.minSize)
            // The next two orders protect it: a stop 2 % under the fill, a take-profit 4 % over.
            let i = try #require(orders.firstIndex { $0.id == e.id })
            let protection = orders[(i + 1)...].prefix(2)
            let stop = try #require(protection.first { $0.type.triggerPrice != nil })
            let takeProfit = try #require(protection.first { $0.type.limitPrice != nil })
            let p = fillPrice
            #expect(stop.reduceOnly && takeProfit.reduceOnly && stop.side == .sell && takeProfit.side == .sell)
            #expect(stop.quantity == record.filled && takeProfit.quantity == record.filled)
            #expect(abs(stop.type.triggerPrice!.doubleValue - p * 0.98) < inst.tickSize.doubleValue)
            #expect(abs(takeProfit.type.limitPrice!.doubleValue - p * 1.04) < inst.tickSize.doubleValue)
            for price in [stop.type.triggerPrice!, takeProfit.type.limitPrice!] { #expect(price.raw % inst.tickSize.raw == 0) }
        }
        // Never more than ten entries a UTC day.
        let perDay = Dictionary(grouping: (engine.orderLog ?? []).filter { !$0.request.reduceOnly && $0.request.type == .market }) { $0.ts / 86_400_000 }
        #expect(perDay.values.allSatisfy { $0.count <= 10 })
    }
}
