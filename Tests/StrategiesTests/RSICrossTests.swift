import BotCore
import Indicators
import Strategies
import TOML
import Testing

let spot = Instrument(id: InstrumentID(venue: "binance", symbol: "BTCUSDT"), kind: .spot, base: "BTC", quote: "USDT",
                      tickSize: Price.of("0.01"), lotSize: Quantity.of("0.00001"), minSize: Quantity.of("0.00001"),
                      minNotional: 5, makerFee: Ratio.of("0.001"), takerFee: Ratio.of("0.001"))

/// Drives the strategy directly: each intent is filled at the bar's close, as the backtest's
/// default fill model does.
struct Harness {
    var s: RSICross
    var sink = IntentSink(bot: "t")
    var position = Position()
    var actions: [(bar: Int, intent: String)] = []
    var bar = 0

    init(_ p: RSICross.Params = RSICross.Params()) {
        s = RSICross(params: p, setup: StrategySetup(instrument: spot, timeframe: Timeframe("1m")!))
    }

    mutating func feed(_ close: Double) {
        let p = Price(close, rounding: .halfEven)!.rounded(toMultipleOf: spot.tickSize, .halfEven)
        let c = Candle(ts: Int64(bar) * 60_000, open: p, high: p, low: p, close: p, volume: 1)
        send(.candleClosed(c, Timeframe("1m")!), price: p)
        bar += 1
    }

    mutating func send(_ e: BotEvent, price: Price) {
        var legs = Legs()
        legs.net = position
        let ctx = StrategyContext(time: 0, instrument: spot, legs: legs, openOrders: 0)
        s.handle(e, context: ctx, into: &sink)
        var intents: [Intent] = []
        sink.drain { intents.append($0) }
        for i in intents {
            switch i {
            case .place(let r):
                actions.append((bar, "buy"))
                fill(r.id, .buy, r.quantity, price)
            case .close(let id, _):
                actions.append((bar, "sell"))
                fill(id, .sell, position.quantity, price)
            default: break
            }
        }
    }

    mutating func fill(_ id: ClientOrderID, _ side: Side, _ q: Quantity, _ p: Price) {
        let f = Fill(orderID: id, ts: 0, side: side, positionSide: .net, price: p, quantity: q, fee: 0, liquidity: .taker)
        position.apply(f, instrument: spot)
        send(.order(.filled(f)), price: p)
    }
}

struct RSICrossTests {
    /// 200 warm-up bars trending up (EMA50 > EMA200), then a pull-back that pushes RSI below 30.
    func uptrendThenDip(_ h: inout Harness) {
        for i in 0..<260 { h.feed(100 + Double(i) * 0.5) }
        for k in 0..<6 { h.feed(229.5 - Double(k) * 3) }     // sharp dip: RSI falls under 30
    }

    @Test func entersOnTheCrossUpInAnUptrendOnly() {
        var h = Harness()
        uptrendThenDip(&h)
        #expect(h.actions.isEmpty)
        h.feed(216)  // a bounce lifts RSI back over 30
        var rsi = RSI(period: 14)
        var values: [Double?] = []
        for i in 0..<260 { values.append(rsi.update(100 + Double(i) * 0.5)) }
        for k in 0..<6 { values.append(rsi.update(229.5 - Double(k) * 3)) }
        values.append(rsi.update(216))
        let n = values.count
        #expect(values[n - 2]! < 30 && values[n - 1]! >= 30, "the scenario must cross: \(values[n - 2]!) → \(values[n - 1]!)")
        #expect(h.actions.map(\.intent) == ["buy"] && h.actions[0].bar == 266)
        #expect(h.position.quantity == 1)
    }

    @Test func stopsOutAtTwoPercentExactly() {
        var h = Harness()
        uptrendThenDip(&h)
        h.feed(216)
        h.feed(211.69)       // 216 × 0.98 = 211.68: not yet
        #expect(h.actions.count == 1)
        h.feed(211.68)       // exactly at the stop: exit
        #expect(h.actions.map(\.intent) == ["buy", "sell"])
        #expect(h.position.isFlat)
    }

    @Test func takesProfitAtThreePercent() {
        var h = Harness()
        uptrendThenDip(&h)
        h.feed(216)
        h.feed(222.47)       // 216 × 1.03 = 222.48: not yet
        #expect(h.actions.count == 1)
        h.feed(222.48)
        #expect(h.actions.map(\.intent) == ["buy", "sell"])
    }

    @Test func noActionDuringWarmUpOrInADowntrend() {
        var h = Harness()
        for i in 0..<150 { h.feed(100 + Double(i % 7) * (i % 2 == 0 ? 1 : -1)) }  // RSI crosses, but bar < 200
        #expect(h.actions.isEmpty)
        var d = Harness()
        for i in 0..<260 { d.feed(300 - Double(i) * 0.5) }                      // EMA50 < EMA200
        for k in 0..<6 { d.feed(170 - Double(k) * 3) }
        d.feed(170)
        #expect(d.actions.isEmpty)
    }

    @Test func snapshotRestoresExactly() throws {
        var a = Harness()
        uptrendThenDip(&a)
        let data = try JSONEncoder().encode(a.s.state)
        var b = Harness()
        b.s.state = try JSONDecoder().decode(RSICross.State.self, from: data)
        b.bar = a.bar
        a.feed(216)
        b.feed(216)
        #expect(a.actions.map(\.intent) == b.actions.map(\.intent) && !a.actions.isEmpty)
    }

    @Test func parameterErrorsNameTheKey() throws {
        let t = try TOMLParser.parse("rsi_length = 1\nsize = \"-1\"\nema_fast = 300\nbogus = 2\n")
        let d = Diagnostics()
        let p = RSICross.parameters(ConfigReader(file: "bots/x.toml", table: t, prefix: "params", diagnostics: d))
        #expect(p == nil)
        let text = d.issues.map(\.description)
        #expect(text.contains("bots/x.toml:1: key 'params.rsi_length' must be 2…500 (got 1)"))
        #expect(text.contains("bots/x.toml:2: key 'params.size' must be greater than 0 (got -1)"))
        #expect(text.contains { $0.hasPrefix("bots/x.toml:3: key 'params.ema_fast' must be shorter than ema_slow") })
        #expect(text.contains { $0.hasPrefix("bots/x.toml:4: key 'params.bogus' is not a known setting") })
    }
}

import Foundation
