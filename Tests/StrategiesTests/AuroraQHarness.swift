import BotCore
import BotTestKit
import Foundation
import Indicators
import Policy
@testable import Strategies
import Testing

/// A coin with round numbers at BTC-like prices: tick 0.1, lot 0.0001, contract 1, no fees.
let ppoCoin = Instrument(id: InstrumentID(venue: "okx", symbol: "PPO-USDT-SWAP"), kind: .perpetual, base: "PPO", quote: "USDT",
                         tickSize: Price.of("0.1"), lotSize: Quantity.of("0.0001"), minSize: Quantity.of("0.0001"),
                         minNotional: 0, makerFee: 0, takerFee: 0)

/// Drives `auroraq-ppo` bar by bar against a venue that fills market orders at the close,
/// triggers stops and take-profits when a bar's range reaches them, and confirms cancels.
struct AuroraQHarness {
    var s: AuroraQStrategy
    var sink = IntentSink(bot: "ppo")
    var legs = Legs()
    var open: [ClientOrderID: OrderRequest] = [:]
    var log: [Intent] = []
    var fills: [Fill] = []
    /// Market orders the venue refuses (by the order's sequence number), to test refusals.
    var refuse: Set<UInt64> = []
    var bar = 0
    let start: Int64

    init(_ tensors: [String: SafeTensors.Tensor], params: [String: String] = [:], start: Int64 = 1_700_006_400_000) throws {
        let dir = try SharedData.temporaryDirectory("ppo-policy")
        let model = try ConstructedPolicy.write(tensors, to: dir)
        let r = ParameterReaderTests.TextReader(params.merging(["model": model]) { a, _ in a })
        let p = try #require(AuroraQParams.read(r), "\(r.errors)")
        s = try AuroraQStrategy(params: p, setup: StrategySetup(instrument: ppoCoin, timeframe: Timeframe("5m")!))
        self.start = start
    }

    var now: Int64 { start + Int64(bar) * 300_000 }
    var context: StrategyContext { StrategyContext(time: now, instrument: ppoCoin, legs: legs, openOrders: open.count) }
    var position: Quantity { legs.net.quantity }
    var entries: [OrderRequest] { log.compactMap { if case .place(let r) = $0, !r.reduceOnly, r.type == .market { r } else { nil } } }
    var working: [OrderRequest] { open.values.sorted { $0.id.sequence < $1.id.sequence } }

    /// One 5m bar closing at `close` (its range `low…high`, defaulting to the close): working
    /// stops and take-profits first, then the close event and what it decides.
    @discardableResult
    mutating func close(_ close: Double, high: Double? = nil, low: Double? = nil) -> [Intent] {
        let c = Candle(ts: now, open: Price(close)!, high: Price(high ?? close)!, low: Price(low ?? close)!, close: Price(close)!, volume: 10)
        var intents: [Intent] = []
        for r in working {
            switch r.type {
            case .stopMarket(let t) where r.side == .sell ? c.low <= t : c.high >= t: intents += fill(r.id, at: t)
            case .limit(let p) where r.side == .sell ? c.high >= p : c.low <= p: intents += fill(r.id, at: p)
            default: break
            }
        }
        bar += 1
        s.handle(.candleClosed(c, Timeframe("5m")!), context: context, into: &sink)
        intents += settle(price: c.close)
        return intents
    }

    mutating func settle(price: Price) -> [Intent] {
        var intents: [Intent] = []
        sink.drain { intents.append($0) }
        log += intents
        var ready: [ClientOrderID] = []
        var ended: [OrderEvent] = []
        for i in intents {
            switch i {
            case .place(let r):
                if r.type == .market && refuse.contains(r.id.sequence) {
                    ended.append(.rejected(r.id, reason: "refused by the test"))
                    continue
                }
                open[r.id] = r
                if r.type == .market { ready.append(r.id) }
            case .close(let id, let side):
                let q = legs[side].quantity
                guard !q.isZero else { ended.append(.rejected(id, reason: "nothing to close")); continue }
                open[id] = OrderRequest(id: id, side: q.raw > 0 ? .sell : .buy, type: .market, quantity: q.magnitude,
                                        reduceOnly: true, positionSide: side)
                ready.append(id)
            case .cancel(let id):
                if open.removeValue(forKey: id) != nil { ended.append(.cancelled(id)) }
            default:
                break
            }
        }
        for id in ready { intents += fill(id, at: price) }
        for e in ended {
            s.handle(.order(e), context: context, into: &sink)
            intents += settle(price: price)
        }
        return intents
    }

    @discardableResult
    mutating func fill(_ id: ClientOrderID, at price: Price) -> [Intent] {
        guard let r = open.removeValue(forKey: id) else { return [] }
        let f = Fill(orderID: id, ts: now, side: r.side, positionSide: r.positionSide, price: price, quantity: r.quantity, fee: 0,
                     liquidity: r.type == .market ? .taker : .maker, reduceOnly: r.reduceOnly)
        legs[r.positionSide].apply(f, instrument: ppoCoin)
        fills.append(f)
        s.handle(.order(.filled(f)), context: context, into: &sink)
        return settle(price: price)
    }
}
