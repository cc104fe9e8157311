import BotCore
import BotTestKit
import Foundation
import Indicators
import Policy
@testable import Strategies
import Testing

/// Policies whose probabilities a test decides, written as real safetensors files with a
/// sidecar, so they load the way a trained one does.
enum ConstructedPolicy {
    static let hidden = 64

    /// Probabilities `p` whatever the observation: every weight 0, `action_net.bias = log p`.
    static func constant(_ p: [Double]) -> [String: SafeTensors.Tensor] {
        tensors(bias: p.map { Float(log($0)) })
    }

    /// Long above `centre`, short below, hold near it: the first hidden unit reads
    /// `tanh((close − centre)/100)` from feature 1 (`close / 50000`), the second layer passes it
    /// on through tanh, and the logits are `[3, 10·h, −10·h]`. 300 above the centre gives
    /// p(long) ≈ 0.99; at the centre p(hold) ≈ 0.91.
    static func priceDriven(centre: Double) -> [String: SafeTensors.Tensor] {
        var t = tensors(bias: [3, 0, 0])
        t["mlp_extractor.policy_net.0.weight"] = matrix(hidden, 26) { r, c in r == 0 && c == 0 ? 500 : 0 }
        t["mlp_extractor.policy_net.0.bias"] = vector(hidden) { $0 == 0 ? Float(-centre / 100) : 0 }
        t["mlp_extractor.policy_net.2.weight"] = matrix(hidden, hidden) { r, c in r == 0 && c == 0 ? 1 : 0 }
        t["action_net.weight"] = matrix(3, hidden) { r, c in c == 0 ? [0, 10, -10][r] : 0 }
        return t
    }

    static func tensors(bias: [Float]) -> [String: SafeTensors.Tensor] {
        let n = MLPPolicy.names
        return [
            n.w0: matrix(hidden, 26) { _, _ in 0 }, n.b0: vector(hidden) { _ in 0 },
            n.w1: matrix(hidden, hidden) { _, _ in 0 }, n.b1: vector(hidden) { _ in 0 },
            n.wa: matrix(3, hidden) { _, _ in 0 }, n.ba: SafeTensors.Tensor(shape: [3], values: bias),
        ]
    }

    static func matrix(_ rows: Int, _ cols: Int, _ f: (Int, Int) -> Float) -> SafeTensors.Tensor {
        SafeTensors.Tensor(shape: [rows, cols], values: (0..<rows * cols).map { f($0 / cols, $0 % cols) })
    }

    static func vector(_ n: Int, _ f: (Int) -> Float) -> SafeTensors.Tensor {
        SafeTensors.Tensor(shape: [n], values: (0..<n).map(f))
    }

    static func sidecar(features: [String] = AuroraObservation.featureNames, spec: String = AuroraObservation.spec,
                        actions: [String] = AuroraQModel.actions, timeframe: String = "5m") -> String {
        func list(_ a: [String]) -> String { "[" + a.map { "\"\($0)\"" }.joined(separator: ", ") + "]" }
        return """
        {"format": "botruntime-ppo/1", "observation": {"spec": "\(spec)", "size": \(features.count), "features": \(list(features)),
         "window": 100, "min_bars": 50}, "actions": \(list(actions)), "timeframe": "\(timeframe)"}
        """
    }

    /// Writes `tensors` and a sidecar into `dir`; the model's path.
    static func write(_ tensors: [String: SafeTensors.Tensor], to dir: URL, name: String = "policy",
                      sidecar: String = sidecar()) throws -> String {
        let model = dir.appendingPathComponent("\(name).safetensors").path
        try Data(SafeTensors.encode(tensors)).write(to: URL(fileURLWithPath: model))
        try Data(sidecar.utf8).write(to: URL(fileURLWithPath: PolicySidecar.path(forModel: model)))
        return model
    }
}

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
