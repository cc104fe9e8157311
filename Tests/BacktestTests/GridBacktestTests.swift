import Backtest
import BotConfig
import BotCore
import BotTestKit
import Foundation
import PaperMatching
import Risk
@testable import Strategies
import TOML
import Testing

/// GRID inside the real backtest engine, watched from outside: after every event its orders
/// and its book are checked against the rules a grid must never break.
struct WatchedGrid: Strategy {
    static let key = "test-watched-grid"
    static let summary = "grid with invariant checks"
    static var formingInterval: Int64? { GridStrategy.formingInterval }
    typealias Params = GridParams
    struct State: Sendable, Codable {
        var inner: GridStrategy.State
        var violations: [String] = []
        var entries = 0
        var takeProfits = 0
        var maxExposure = 0.0
        /// Times the position was compared with the units.
        var ledgerChecks = 0
    }
    var inner: GridStrategy
    let instrument: Instrument
    var extra: State
    var state: State {
        get { var s = extra; s.inner = inner.state; return s }
        set { extra = newValue; inner.state = newValue.inner }
    }

    static func parameters(_ r: any ParameterReader) -> Params? { GridStrategy.parameters(r) }

    init(params: Params, setup: StrategySetup) throws {
        inner = try GridStrategy(params: params, setup: setup)
        instrument = setup.instrument
        extra = State(inner: inner.state)
    }

    mutating func handle(_ event: BotEvent, context: StrategyContext, into out: inout IntentSink) {
        let already = out.intents.count
        inner.handle(event, context: context, into: &out)
        let s = inner.state
        for intent in out.intents.dropFirst(already) {
            guard case .place(let r) = intent else { continue }
            if r.quantity.raw % instrument.lotSize.raw != 0 || r.quantity < instrument.minSize {
                fail("order \(r.id) of \(r.quantity) is off the lot or below the minimum")
            }
            if let price = r.type.limitPrice, price.raw % instrument.tickSize.raw != 0 { fail("order \(r.id) at \(price) is off the tick") }
            if r.reduceOnly {
                extra.takeProfits += 1
                // A take-profit is for exactly what its unit's entry filled.
                guard let unit = s.slots.first(where: { $0.takeProfit == r.id }) else { fail("take-profit \(r.id) belongs to no unit"); continue }
                if r.quantity != unit.filled || !unit.closed.isZero { fail("take-profit of \(r.quantity) for a unit that filled \(unit.filled)") }
            } else if case .limit = r.type {
                extra.entries += 1
            }
        }
        // No level ordered twice: one unit per side and level.
        var seen = Set<String>()
        for u in s.slots where !u.retired {
            if !seen.insert("\(u.long) \(u.level)").inserted { fail("level \(u.level) (\(u.long ? "long" : "short")) holds two units") }
        }
        // The caps: what the units hold, at their fills, never beyond 1.05 × Σcap.
        let cv = instrument.contractValue.doubleValue
        for long in [true, false] {
            let held = s.slots.filter { $0.long == long && !$0.retired }.reduce(0.0) { $0 + $1.held.doubleValue * $1.averageFill * cv }
            extra.maxExposure = max(extra.maxExposure, held)
            if held > 1.05 * inner.capital * (1 + 1e-9) { fail("\(long ? "long" : "short") units hold \(held) > 1.05 × \(inner.capital)") }
        }
        // Every fill applied once: with nothing closing, the position is what the units hold.
        // Checked on market events, when every answer to the orders before has been heard (an
        // order's answers are queued behind its acceptance, whose context already counts them).
        var quiet = false
        switch event {
        case .candleClosed, .candleForming: quiet = true
        default: break
        }
        if quiet && s.closing.isEmpty && !s.slots.contains(where: \.retired) && s.inventoryOrder == nil && inner.params.direction != .longShort {
            extra.ledgerChecks += 1
            let units = s.slots.reduce(Quantity.zero) { $0 + ($1.long ? $1.held : .zero - $1.held) }
            if units != context.legs.net.quantity { fail("units hold \(units), the ledger \(context.legs.net.quantity)") }
        }
    }

    mutating func fail(_ s: String) { if extra.violations.count < 20 { extra.violations.append(s) } }
}

struct GridBacktestTests {
    static func instrument(_ symbol: String) -> Instrument {
        let d = Diagnostics()
        let text = try! String(contentsOfFile: SharedData.packageRoot.appendingPathComponent("data/instruments.toml").path, encoding: .utf8)
        return InstrumentCatalog.parse(text, file: "instruments.toml", diagnostics: d).find(symbol: symbol)!
    }

    func run(_ params: String, symbol: String, data: String) throws -> (WatchedGrid.State, BacktestRun) {
        let d = Diagnostics()
        let p = try #require(WatchedGrid.parameters(ConfigReader(file: "t", table: try TOMLParser.parse(params), prefix: "params", diagnostics: d)),
                             "\(d.errors)")
        let inst = Self.instrument(symbol)
        var engine = BacktestEngine(strategy: try WatchedGrid(params: p, setup: StrategySetup(instrument: inst, timeframe: Timeframe("15m")!)),
                                    botID: "g", instrument: inst, timeframe: Timeframe("15m")!, base: Timeframe("1m")!,
                                    guardrails: RiskGuard(), paper: PaperConfig())
        let r = try engine.run(try CandleCSV.load(path: SharedData.path(data)))
        return (engine.strategy.state, r)
    }

    @Test func theBandKeepsEveryRuleOnRealETHData() throws {
        let (s, r) = try run("investment = \"50\"", symbol: "ETH-USDT-SWAP", data: "binance_ETHUSDT_1m.csv")
        #expect(s.violations.isEmpty, "\(s.violations)")
        #expect(s.entries > 100 && s.takeProfits > 50, "entries \(s.entries), take-profits \(s.takeProfits)")
        #expect(s.maxExposure > 0.5 * 50 * 20, "the caps were approached: \(s.maxExposure)")
        #expect(s.ledgerChecks > 50_000, "\(s.ledgerChecks)")
        #expect(r.denials.isEmpty, "\(r.denials)")
    }

    @Test func theShortBandKeepsEveryRuleOnRealBTCData() throws {
        let (s, r) = try run("investment = \"2000\"\nenter_strategy = \"short\"\nstop_loss = 20", symbol: "BTC-USDT-SWAP",
                             data: "binance_BTCUSDT_1m.csv")
        #expect(s.violations.isEmpty, "\(s.violations)")
        #expect(s.entries > 100 && s.takeProfits > 50, "entries \(s.entries), take-profits \(s.takeProfits)")
        #expect(r.denials.isEmpty, "\(r.denials)")
    }

    @Test func theClassicGridKeepsEveryRuleOnRealBTCData() throws {
        for mode in ["hold", "trail"] {
            let (s, r) = try run("""
                levels = "geometric"
                grid_num = 25
                lower_price = "100000"
                upper_price = "124000"
                investment = "100"
                out_of_range = "\(mode)"
                initial_inventory = true
                """, symbol: "BTCUSDT", data: "binance_BTCUSDT_1m.csv")
            #expect(s.violations.isEmpty, "\(mode): \(s.violations)")
            #expect(s.entries > 30 && s.takeProfits > 30, "\(mode): entries \(s.entries), take-profits \(s.takeProfits)")
            #expect(r.denials.isEmpty, "\(mode): \(r.denials)")
            if mode == "trail" { #expect(s.inner.shift != 0, "the price left 100,000–124,000 on this data") }
        }
    }
}
