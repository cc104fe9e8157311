import Backtest
import BotCore
import BotTestKit
import PaperMatching
import Risk
import Testing

/// Records what it is told; never trades.
struct Recorder: Strategy {
    static let key = "recorder"
    static let summary = "records events"
    static var formingInterval: Int64? { 0 }
    struct Params: Sendable, Codable, Equatable {}
    struct State: Sendable, Codable {
        var closed: [Candle] = []
        var forming: [Candle] = []
        var progress: [Double] = []
    }
    var state = State()
    static func parameters(_ reader: any ParameterReader) -> Params? { Params() }
    init(params: Params, setup: StrategySetup) {}
    mutating func handle(_ event: BotEvent, context: StrategyContext, into out: inout IntentSink) {
        switch event {
        case .candleClosed(let c, _): state.closed.append(c)
        case .candleForming(let c, _, let p):
            state.forming.append(c)
            state.progress.append(p)
        default: break
        }
    }
}

struct HigherTimeframeTests {
    @Test func barsBuiltFromOneMinuteEqualTheVenuesFiveMinuteBars() throws {
        let base = try CandleCSV.load(path: SharedData.path("binance_BTCUSDT_1m.csv"))
        let five = try CandleCSV.load(path: SharedData.path("binance_BTCUSDT_5m.csv"))
        let inst = Instrument(id: InstrumentID(venue: "binance", symbol: "BTCUSDT"), kind: .spot, base: "BTC", quote: "USDT",
                              tickSize: Price.of("0.01"), lotSize: Quantity.of("0.00001"), minSize: Quantity.of("0.00001"),
                              minNotional: 5, makerFee: 0, takerFee: 0)
        var engine = BacktestEngine(strategy: Recorder(params: .init(), setup: StrategySetup(instrument: inst, timeframe: Timeframe("5m")!)),
                                    botID: "r", instrument: inst, timeframe: Timeframe("5m")!, base: Timeframe("1m")!,
                                    guardrails: RiskGuard(), paper: PaperConfig())
        let slice = Array(base.prefix(20_000))
        _ = try engine.run(slice)
        let closed = engine.strategy.state.closed
        #expect(closed.count == 4000)
        let venue = Dictionary(uniqueKeysWithValues: five.map { ($0.ts, $0) })
        var compared = 0
        for c in closed {
            guard let v = venue[c.ts] else { continue }
            #expect(c.open == v.open && c.high == v.high && c.low == v.low && c.close == v.close)
            compared += 1
        }
        #expect(compared > 3000)
        // Forming bars show only the past: each equals the aggregate of the base bars so far.
        let forming = engine.strategy.state.forming
        #expect(forming.count == 16_000)
        var k = 0
        for (i, c) in slice.enumerated() where (i + 1) % 5 != 0 {
            let start = i - i % 5
            let seen = slice[start...i]
            let f = forming[k]
            #expect(f.ts == slice[start].ts && f.close == c.close)
            #expect(f.high == seen.map(\.high).max()! && f.low == seen.map(\.low).min()!)
            #expect(engine.strategy.state.progress[k] == Double(i % 5 + 1) / 5)
            k += 1
            if k > 2000 { break }
        }
    }

    @Test func aGapClosesTheBarLate() {
        var b = BarBuilder(timeframe: Timeframe("5m")!, base: Timeframe("1m")!)
        let m = Int64(60_000)
        func c(_ t: Int64, _ p: String) -> Candle { Candle(ts: t, open: Price.of(p), high: Price.of(p), low: Price.of(p), close: Price.of(p), volume: 1) }
        #expect(b.add(c(0, "1")) == nil)
        #expect(b.add(c(m, "2")) == nil && !b.isComplete)
        let late = b.add(c(7 * m, "3"))          // minutes 2–4 missing
        #expect(late?.close == Price.of("2") && late?.ts == 0)
        #expect(b.forming?.ts == 5 * m && !b.isComplete)
        _ = b.add(c(9 * m, "4"))
        #expect(b.isComplete && b.close()?.high == Price.of("4"))
    }
}
