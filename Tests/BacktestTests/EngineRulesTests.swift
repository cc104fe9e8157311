@testable import Backtest
import BotCore
import PaperMatching
import Risk
import Testing

/// Does what its script says at given bar indexes, and records what it hears.
struct Scripted: Strategy {
    static let key = "scripted"
    static let summary = "test script"
    enum Step: Sendable, Codable, Equatable { case buy, close, timer(Int64) }
    struct Params: Sendable, Codable, Equatable { var steps: [Int: Step] }
    struct State: Sendable, Codable {
        var bar = 0
        var denials: [RiskDenial.Code] = []
        var timers: [Int64] = []
        var fills = 0
    }
    var params: Params
    var state = State()
    static func parameters(_ reader: any ParameterReader) -> Params? { nil }
    init(params: Params, setup: StrategySetup) { self.params = params }
    mutating func handle(_ event: BotEvent, context: StrategyContext, into out: inout IntentSink) {
        switch event {
        case .candleClosed:
            defer { state.bar += 1 }
            switch params.steps[state.bar] {
            case .buy?: out.place(.buy, .market, quantity: 1)
            case .close?: out.close()
            case .timer(let at)?: out.setTimer(id: 7, at: at)
            case nil: break
            }
        case .riskRejected(_, let d): state.denials.append(d.code)
        case .timer(_, let ts): state.timers.append(ts)
        case .order(.filled): state.fills += 1
        default: break
        }
    }
}

let spot = Instrument(id: InstrumentID(venue: "binance", symbol: "BTCUSDT"), kind: .spot, base: "BTC", quote: "USDT",
                      tickSize: Price.of("0.01"), lotSize: Quantity.of("0.00001"), minSize: Quantity.of("0.00001"),
                      minNotional: 5, makerFee: 0, takerFee: 0)

func hourly(_ closes: [String], start: Int64 = 0) -> [Candle] {
    closes.enumerated().map { i, c in
        let p = Price.of(c)
        return Candle(ts: start + Int64(i) * 3_600_000, open: p, high: p, low: p, close: p, volume: 1)
    }
}

func engine(_ steps: [Int: Scripted.Step], user: UserLimits = UserLimits()) -> BacktestEngine<Scripted> {
    BacktestEngine(strategy: Scripted(params: .init(steps: steps), setup: StrategySetup(instrument: spot, timeframe: Timeframe("1h")!)),
                   botID: "s", instrument: spot, timeframe: Timeframe("1h")!, base: Timeframe("1h")!,
                   guardrails: RiskGuard(userLimits: user), paper: PaperConfig(initialBalance: 10_000))
}

struct EngineRulesTests {
    @Test func dailyLossKillSwitchBlocksNewRiskUntilTheNextUTCDay() throws {
        // Buy at 1000, close at 900 (−100 on the day), try again the same day, then the next day.
        var closes = Array(repeating: "1000", count: 30)
        closes[2] = "900"
        var e = engine([1: .buy, 2: .close, 3: .buy, 25: .buy], user: UserLimits(dailyLoss: 50))
        let run = try e.run(hourly(closes))
        #expect(e.strategy.state.denials == [.dailyLossKillSwitch])
        #expect(run.denials[.dailyLossKillSwitch] == 1)
        #expect(run.trades.count == 2)                     // the first round trip, and the next day's entry
        #expect(run.trades[1].entryTs == 25 * 3_600_000)
    }

    @Test func timersFireWhenTheReplayPassesThem() throws {
        var e = engine([0: .timer(5 * 3_600_000 + 1)])
        _ = try e.run(hourly(Array(repeating: "1000", count: 10)))
        #expect(e.strategy.state.timers == [5 * 3_600_000 + 1])   // delivered at the first bar opening after it
    }

    @Test func closingWhenFlatIsDeniedNotSent() throws {
        var e = engine([1: .close])
        let run = try e.run(hourly(["1", "1", "1"]))
        #expect(e.strategy.state.denials == [.reduceOnlyExceedsPosition])
        #expect(run.trades.isEmpty && e.strategy.state.fills == 0)
    }
}

struct MetricsWithoutTradesTests {
    /// No trade, no ratio: a run without one reported a Sharpe ratio (16.2 on one bot file).
    @Test func noClosedTradeNoSharpeNorSortino() throws {
        var e = engine([:])
        let run = try e.run(hourly(["100", "101", "103", "102", "106", "108", "107", "111"]))
        let m = BacktestMetrics(run: run, timeframe: Timeframe("1h")!)
        #expect(m.trades == 0)
        #expect(m.sharpe == nil && m.sortino == nil)
        let report = BacktestReport(bot: "s", strategy: "scripted", instrument: spot, timeframe: Timeframe("1h")!, fillModel: "close",
                                    data: "hourly", candles: 8, run: run, metrics: m)
        #expect(report.json.contains(#""sharpe":null,"sortino":null"#))
        // With a closed trade the ratios are there.
        var closed = engine([0: .buy, 3: .close, 4: .buy, 6: .close])
        let withTrades = BacktestMetrics(run: try closed.run(hourly(["100", "101", "103", "102", "106", "108", "107", "111"])),
                                         timeframe: Timeframe("1h")!)
        #expect(withTrades.trades == 2 && withTrades.sharpe != nil && withTrades.sortino != nil)
    }
}
