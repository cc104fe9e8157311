import Backtest
import BotConfig
import BotCore
import BotTestKit
import Foundation
import PaperMatching
import Risk
import Strategies
import TOML
import Testing

/// HYPERRSI inside the real backtest engine, watched from outside: every intent it emits on
/// every event is checked against the rules it must never break.
struct WatchedHyperRSI: Strategy {
    static let key = "test-watched-hyperrsi"
    static let summary = "hyperrsi with invariant checks"
    static var formingInterval: Int64? { HyperRSIStrategy.formingInterval }
    typealias Params = HyperRSIStrategy.Params
    struct State: Sendable, Codable {
        var inner: HyperRSIStrategy.State
        var violations: [String] = []
        var entries = 0
        var takeProfitBatches = 0
        var maxEntries = 0
    }
    var inner: HyperRSIStrategy
    let instrument: Instrument
    let timeframeMs: Int64
    var extra = State(inner: HyperRSIStrategy(params: .init(), setup: .init(instrument: okx(), timeframe: Timeframe("5m")!)).state)
    var state: State {
        get { var s = extra; s.inner = inner.state; return s }
        set { extra = newValue; inner.state = newValue.inner }
    }

    static func parameters(_ r: any ParameterReader) -> Params? { HyperRSIStrategy.parameters(r) }

    init(params: Params, setup: StrategySetup) {
        inner = HyperRSIStrategy(params: params, setup: setup)
        instrument = setup.instrument
        timeframeMs = setup.timeframe.milliseconds
    }

    mutating func handle(_ event: BotEvent, context: StrategyContext, into out: inout IntentSink) {
        let before = inner.state
        let already = out.intents.count
        inner.handle(event, context: context, into: &out)
        let now: Int64
        switch event {
        case .candleClosed(let c, _): now = max(context.time, c.ts + timeframeMs)
        case .candleForming(let c, _, _): now = max(context.time, c.ts)
        default: now = context.time
        }
        let p = inner.params
        var tpSum: [PositionSide: Quantity] = [:]
        for intent in out.intents.dropFirst(already) {
            guard case .place(let r) = intent else { continue }
            if r.quantity.raw % instrument.lotSize.raw != 0 || r.quantity < instrument.minSize {
                fail("order \(r.id) of \(r.quantity) is off the lot or below the minimum")
            }
            for price in [r.type.limitPrice, r.type.triggerPrice].compactMap({ $0 }) where price.raw % instrument.tickSize.raw != 0 {
                fail("order \(r.id) at \(price) is off the tick")
            }
            if !r.reduceOnly {
                extra.entries += 1
                let leg = r.positionSide == .short ? before.short : before.long
                if now < before.lockedUntil { fail("entry \(r.id) at \(now) inside the candle lock (until \(before.lockedUntil))") }
                if p.useCooldown && now < leg.cooldownUntil { fail("entry \(r.id) at \(now) in cooldown (until \(leg.cooldownUntil))") }
            } else if r.type.limitPrice != nil {
                tpSum[r.positionSide, default: .zero] += r.quantity
            }
        }
        for (side, sum) in tpSum {
            extra.takeProfitBatches += 1
            let position = context.legs[side].quantity.magnitude
            if sum > position { fail("take-profits of \(sum) for a position of \(position)") }
            if !p.trailing && sum != position { fail("take-profits of \(sum) do not sum to the position \(position)") }
        }
        for leg in [inner.state.long, inner.state.short] {
            extra.maxEntries = max(extra.maxEntries, leg.entries)
            if leg.entries > p.pyramidingLimit { fail("\(leg.entries) entries, limit \(p.pyramidingLimit)") }
        }
    }

    mutating func fail(_ s: String) { if extra.violations.count < 20 { extra.violations.append(s) } }
}

func okx() -> Instrument {
    let d = Diagnostics()
    let text = try! String(contentsOfFile: SharedData.packageRoot.appendingPathComponent("data/instruments.toml").path, encoding: .utf8)
    return InstrumentCatalog.parse(text, file: "instruments.toml", diagnostics: d).find(symbol: "BTC-USDT-SWAP")!
}

struct HyperRSIBacktestTests {
    func run(_ params: String) throws -> (WatchedHyperRSI.State, BacktestRun) {
        let d = Diagnostics()
        let table = try TOMLParser.parse(params)
        let p = try #require(WatchedHyperRSI.parameters(ConfigReader(file: "t", table: table, prefix: "params", diagnostics: d)))
        let inst = okx()
        var engine = BacktestEngine(strategy: WatchedHyperRSI(params: p, setup: StrategySetup(instrument: inst, timeframe: Timeframe("5m")!)),
                                    botID: "h", instrument: inst, timeframe: Timeframe("5m")!, base: Timeframe("1m")!,
                                    guardrails: RiskGuard(), paper: PaperConfig())
        let bars = try CandleCSV.load(path: SharedData.path("binance_BTCUSDT_1m.csv"))
        let r = try engine.run(bars)
        return (engine.strategy.state, r)
    }

    @Test func theShippedSettingsKeepEveryRuleOnRealData() throws {
        let (s, r) = try run("")
        #expect(s.violations.isEmpty, "\(s.violations)")
        #expect(r.trades.count > 50, "trades \(r.trades.count)")
        #expect(s.takeProfitBatches > 50)
        #expect(r.denials.isEmpty, "\(r.denials)")
    }

    @Test func dcaNeverGoesBeyondThePyramidingLimit() throws {
        // Without the trend filter and trend close, and with adds 1 % apart, positions are
        // held through drops and averaged down as far as the limit allows.
        let (s, r) = try run("use_trend_logic = false\nuse_trend_close = false\npyramiding_value = 1.0\npyramiding_limit = 3")
        #expect(s.violations.isEmpty, "\(s.violations)")
        #expect(s.maxEntries == 3 && s.entries > r.trades.count, "entries \(s.entries), trades \(r.trades.count)")
        #expect(r.denials.isEmpty, "\(r.denials)")
    }

    @Test func withoutTrailingTheTakeProfitsSumToThePositionAndStopsAreKept() throws {
        let (s, r) = try run("trailing_stop_active = false\nuse_sl = true\ndirection = \"롱숏\"")
        #expect(s.violations.isEmpty, "\(s.violations)")
        #expect(r.trades.count > 50)
        #expect(r.denials.isEmpty, "\(r.denials)")
    }
}
