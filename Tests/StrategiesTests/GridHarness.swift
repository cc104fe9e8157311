import BotCore
@testable import Strategies
import Testing

/// An instrument with round numbers: a tick of 0.01, sizes in thousandths, a contract of 1.
let gridCoin = Instrument(id: InstrumentID(venue: "okx", symbol: "GRID-USDT-SWAP"), kind: .perpetual, base: "GRID", quote: "USDT",
                          tickSize: Price.of("0.01"), lotSize: Quantity.of("0.001"), minSize: Quantity.of("0.001"),
                          minNotional: 0, makerFee: 0, takerFee: 0)

/// Drives GRID directly: levels and regime set by the test, decision rounds at a price, and
/// a venue that answers as a real one would (cancels confirmed, market orders filled, limit
/// orders filled when the test says).
struct GridHarness {
    var s: GridStrategy
    var sink = IntentSink(bot: "g")
    var legs = Legs()
    var open: [ClientOrderID: OrderRequest] = [:]
    var log: [Intent] = []
    /// Cancels the venue answers at once; a test that wants a fill to race the cancel turns
    /// this off and answers itself.
    var confirmCancels = true
    var now: Int64 = 0

    init(_ params: [String: String], timeframe: String = "15m", instrument: Instrument = gridCoin) throws {
        let r = ParameterReaderTests.TextReader(params)
        let p = try #require(GridParams.read(r), "\(r.errors)")
        s = try GridStrategy(params: p, setup: StrategySetup(instrument: instrument, timeframe: Timeframe(timeframe)!))
    }

    var context: StrategyContext { StrategyContext(time: now, instrument: s.instrument, legs: legs, openOrders: open.count) }

    /// Band levels L0…L(n+1) as given (the test's own).
    mutating func levels(_ l: [Double], regime: Int = 0) {
        s.state.levels = l.map { Price($0)!.rounded(toMultipleOf: gridCoin.tickSize, .halfEven) }
        s.state.regime = regime
    }

    /// A decision round at `price`, `minute` minutes in; returns this round's intents.
    @discardableResult
    mutating func round(_ price: String, minute: Int64) -> [Intent] {
        now = minute * 60_000
        let p = Price.of(price)
        s.evaluate(p, now, context, &sink)
        return settle(price: p)
    }

    /// A closed 15m bar: the refresh (with the regime as given), then a round at its close.
    @discardableResult
    mutating func refresh(_ price: String, minute: Int64, regime: Int) -> [Intent] {
        now = minute * 60_000
        let previous = s.state.regime
        s.state.regime = regime
        // The refresh's own part without new indicator values: what a regime change and moved
        // levels do (the band is exercised on real data elsewhere).
        if regime == -2 && previous != -2 { s.retireSide(long: true, context, &sink) }
        if regime == 2 && previous != 2 { s.retireSide(long: false, context, &sink) }
        s.repriceAfterRefresh(&sink)
        var intents = settle(price: Price.of(price))
        s.evaluate(Price.of(price), now, context, &sink)
        intents += settle(price: Price.of(price))
        return intents
    }

    mutating func settle(price: Price) -> [Intent] {
        var intents: [Intent] = []
        sink.drain { intents.append($0) }
        log += intents
        var cancelled: [ClientOrderID] = []
        var fills: [ClientOrderID] = []
        for i in intents {
            switch i {
            case .place(let r):
                open[r.id] = r
                if case .market = r.type { fills.append(r.id) }
            case .close(let id, let side):
                let q = legs[side].quantity
                guard !q.isZero else { continue }
                open[id] = OrderRequest(id: id, side: q.raw > 0 ? .sell : .buy, type: .market, quantity: q.magnitude,
                                        reduceOnly: true, positionSide: side)
                fills.append(id)
            case .cancel(let id):
                if confirmCancels, open.removeValue(forKey: id) != nil { cancelled.append(id) }
            default:
                break
            }
        }
        for id in fills { intents += fill(id, at: price) }
        for id in cancelled {
            s.handle(.order(.cancelled(id)), context: context, into: &sink)
            intents += settle(price: price)
        }
        return intents
    }

    /// The venue fills `quantity` (all that is left by default) of a working order at `price`.
    @discardableResult
    mutating func fill(_ id: ClientOrderID, at price: Price? = nil, quantity: Quantity? = nil) -> [Intent] {
        guard var r = open[id] else { Issue.record("no working order \(id)"); return [] }
        let q = quantity ?? r.quantity
        let at = price ?? r.type.limitPrice!
        let f = Fill(orderID: id, ts: now, side: r.side, positionSide: r.positionSide, price: at, quantity: q, fee: 0,
                     liquidity: .maker)
        r.quantity -= q
        open[id] = r.quantity.isZero ? nil : r
        legs[r.positionSide].apply(f, instrument: s.instrument)
        s.handle(.order(.filled(f)), context: context, into: &sink)
        return settle(price: at)
    }

    /// The venue cancels (or refuses) a working order on its own.
    mutating func end(_ id: ClientOrderID, _ e: OrderEvent) {
        open[id] = nil
        s.handle(.order(e), context: context, into: &sink)
        _ = settle(price: Price.of("1"))
    }

    var working: [OrderRequest] { open.values.sorted { $0.id.sequence < $1.id.sequence } }
    var buys: [Price] { working.filter { $0.side == .buy && !$0.reduceOnly }.compactMap { $0.type.limitPrice }.sorted() }
    var sells: [Price] { working.filter { $0.side == .sell && !$0.reduceOnly }.compactMap { $0.type.limitPrice }.sorted() }
    func takeProfits(_ side: Side) -> [OrderRequest] { working.filter { $0.side == side && $0.reduceOnly } }
    func order(at price: String, _ side: Side) -> OrderRequest? {
        working.first { $0.side == side && $0.type.limitPrice == Price.of(price) }
    }
}

/// Evenly spaced band levels L0…L21: `start`, `start + step`, …
func evenLevels(_ start: Double, _ step: Double, count: Int = 22) -> [Double] { (0..<count).map { start + step * Double($0) } }
