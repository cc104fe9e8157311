import BotCore
@testable import Strategies
import Testing

/// A swap whose minimum order is ten lots: rounding a ladder to the lot can leave less than
/// the minimum behind, which no order could then close.
let tenLotMinimum = Instrument(id: InstrumentID(venue: "okx", symbol: "DUST-USDT-SWAP"), kind: .perpetual, base: "DUST",
                               quote: "USDT", tickSize: Price.of("0.1"), lotSize: Quantity.of("0.01"),
                               minSize: Quantity.of("0.1"), minNotional: 0, contractValue: Quantity.of("0.01"),
                               makerFee: Ratio.of("0.0002"), takerFee: Ratio.of("0.0005"))

/// HYPERRSI on `instrument`: one long entry filled at 100,000, then its take-profits filled
/// one by one, as the venue would report them.
struct DustHarness {
    let instrument: Instrument
    var s: HyperRSIStrategy
    var sink = IntentSink(bot: "dust")
    var legs = Legs()
    var open: [ClientOrderID: OrderRequest] = [:]

    /// `margin` × leverage 10 at 100,000 with a contract of 0.01: margin / 100 contracts.
    init(_ instrument: Instrument, margin: Money, _ configure: (inout HyperRSIStrategy.Params) -> Void = { _ in }) {
        self.instrument = instrument
        var p = HyperRSIStrategy.Params()
        p.investment = margin
        configure(&p)
        s = HyperRSIStrategy(params: p, setup: StrategySetup(instrument: instrument, timeframe: Timeframe("5m")!))
        s.state.bars = 100
        let m = HyperRSIStrategy.Moment(price: Price.of("100000"), high: Price.of("100000"), low: Price.of("100000"),
                                        barOpen: 0, now: 60_000, rsi: 29, previousRSI: 31, trend: 0, atr: 100)
        s.decide(m, context, &sink)
        settle()
    }

    var context: StrategyContext { StrategyContext(time: 0, instrument: instrument, legs: legs, openOrders: open.count) }

    mutating func settle() {
        var intents: [Intent] = []
        sink.drain { intents.append($0) }
        for i in intents {
            switch i {
            case .place(let r):
                open[r.id] = r
                if case .market = r.type { fill(r.id, at: Price.of("100000")) }
            case .cancel(let id):
                open[id] = nil
            default:
                break
            }
        }
    }

    mutating func fill(_ id: ClientOrderID, at price: Price) {
        guard let r = open.removeValue(forKey: id) else { Issue.record("no working order \(id)"); return }
        let f = Fill(orderID: id, ts: 120_000, side: r.side, positionSide: r.positionSide, price: price, quantity: r.quantity,
                     fee: 0, liquidity: .taker)
        legs[r.positionSide].apply(f, instrument: instrument)
        s.handle(.order(.filled(f)), context: context, into: &sink)
        settle()
    }

    var takeProfits: [OrderRequest] {
        open.values.filter { $0.reduceOnly && $0.type.limitPrice != nil }.sorted { $0.id.sequence < $1.id.sequence }
    }

    /// Fills every take-profit, lowest first; what is left of the position.
    mutating func fillTheLadder() -> Quantity {
        for tp in takeProfits { fill(tp.id, at: tp.type.limitPrice!) }
        return legs.long.quantity
    }
}

struct HyperRSIDustTests {
    /// 0.5 contracts at 45/45/10 % round to 0.22, 0.22 and 0.06, and 0.06 is below the
    /// minimum of 0.1: the venue would refuse that take-profit, so TP2 takes it.
    @Test func aTakeProfitThatWouldLeaveLessThanTheMinimumTakesTheRemainderToo() {
        var h = DustHarness(tenLotMinimum, margin: 50) {
            $0.trailing = false
            $0.tpRatios = [45, 45, 10]
        }
        #expect(h.legs.long.quantity == Quantity.of("0.5"))
        #expect(h.takeProfits.map(\.quantity) == [Quantity.of("0.22"), Quantity.of("0.28")])
        #expect(h.takeProfits.allSatisfy { $0.quantity >= tenLotMinimum.minSize })
        #expect(h.takeProfits.map { $0.type.limitPrice! } == [Price.of("102000"), Price.of("103000")])
        // TP1 fills: the break-even stop covers the rest, which an order can still close.
        let tp1 = h.takeProfits[0]
        h.fill(tp1.id, at: tp1.type.limitPrice!)
        let stop = h.open.values.first { $0.type.triggerPrice != nil }
        #expect(stop?.quantity == Quantity.of("0.28") && stop?.type.triggerPrice == Price.of("100000"))
        #expect(h.fillTheLadder() == .zero)
        #expect(h.open.isEmpty, "nothing left working once the position is closed")
    }

    /// With the trailing stop (from TP3, the default) TP1 and TP2 are orders and the rest
    /// trails; a rest below the minimum could never be closed by the trail's market close, so
    /// TP2 takes it and nothing trails.
    @Test func theLastTakeProfitBeforeTheTrailTakesADustRest() {
        var h = DustHarness(tenLotMinimum, margin: 50) { $0.tpRatios = [45, 45, 10] }
        #expect(h.takeProfits.map(\.quantity) == [Quantity.of("0.22"), Quantity.of("0.28")])
        #expect(h.fillTheLadder() == .zero)
        // The first take-profit can be the one: 95/5 leaves 0.03 after 0.47.
        var one = DustHarness(tenLotMinimum, margin: 50) {
            $0.useTP = [true, true, false]
            $0.tpRatios = [95, 5, 0]
            $0.trailing = false
        }
        #expect(one.takeProfits.map(\.quantity) == [Quantity.of("0.5")])
        #expect(one.fillTheLadder() == .zero)
    }

    /// Sizes that divide into orders of at least the minimum are as before: 30/30/40 of one
    /// contract, of which 0.4 trails by default.
    @Test func aLadderThatLeavesNoDustIsUnchanged() {
        var plain = DustHarness(tenLotMinimum, margin: 100) { $0.trailing = false }
        #expect(plain.legs.long.quantity == 1)
        #expect(plain.takeProfits.map(\.quantity) == [Quantity.of("0.3"), Quantity.of("0.3"), Quantity.of("0.4")])
        #expect(plain.fillTheLadder() == .zero)
        var trailing = DustHarness(tenLotMinimum, margin: 100)
        #expect(trailing.takeProfits.map(\.quantity) == [Quantity.of("0.3"), Quantity.of("0.3")])
        #expect(trailing.fillTheLadder() == Quantity.of("0.4"), "the rest trails, and is at least the minimum")
        // A share below the minimum is still skipped and left to the orders after it:
        // 10/45/45 of 0.5 → (0.05), 0.22, 0.28.
        var skipped = DustHarness(tenLotMinimum, margin: 50) {
            $0.trailing = false
            $0.tpRatios = [10, 45, 45]
        }
        #expect(skipped.takeProfits.map(\.quantity) == [Quantity.of("0.22"), Quantity.of("0.28")])
        #expect(skipped.fillTheLadder() == .zero)
        // Where the minimum is one lot (OKX's swaps) no rounding can leave dust: 0.5 → 0.22, 0.22, 0.06.
        var okx = DustHarness(okxBTC, margin: 50) {
            $0.trailing = false
            $0.tpRatios = [45, 45, 10]
        }
        #expect(okx.takeProfits.map(\.quantity) == [Quantity.of("0.22"), Quantity.of("0.22"), Quantity.of("0.06")])
        #expect(okx.fillTheLadder() == .zero)
    }
}
