import BotCore
import Indicators

/// `rsi-cross`: the sample strategy, what freqtrade's sample strategy is to freqtrade.
///
/// Long only, one position of `size` units, decided on closed bars of the bot's timeframe:
/// - RSI(`rsi_length`, Wilder, TA-Lib seeding) and EMA(`ema_fast`), EMA(`ema_slow`) on close,
///   the EMAs seeded with the simple mean of their first n closes.
/// - Bars before `ema_slow` (200 by default) are warm-up: no action.
/// - Flat at bar i: buy when rsi[i−1] < `oversold` ≤ rsi[i] and ema_fast[i] > ema_slow[i].
/// - Long from entry price e, exit at the first of, in this order: close ≤ e·(1 − `stop_loss`),
///   close ≥ e·(1 + `take_profit`), rsi[i−1] > `overbought` ≥ rsi[i]. These comparisons are
///   exact decimal arithmetic on the close and the fill price.
/// - At most one action per bar; a bar that exits never also enters; nothing is sent while an
///   order of ours is in flight.
/// Orders are market orders; the fill model decides the price (the bar's close by default).
public struct RSICross: Strategy {
    public static let key = "rsi-cross"
    public static let summary = "RSI(14) crossing up through 30 in an EMA(50) > EMA(200) uptrend; 2 % stop, 3 % take."

    public struct Params: Sendable, Codable, Equatable {
        public var rsiLength = 14
        public var emaFast = 50
        public var emaSlow = 200
        public var oversold = 30.0
        public var overbought = 70.0
        /// Fraction below the entry that stops out (0.02 = 2 %).
        public var stopLoss = Ratio.of("0.02")
        /// Fraction above the entry that takes profit (0.03 = 3 %).
        public var takeProfit = Ratio.of("0.03")
        /// Order size in the instrument's unit (base currency on spot, contracts on swaps).
        public var size: Quantity = 1
        public init() {}
    }

    public struct State: Sendable, Codable {
        public var rsi: RSI
        public var emaFast: EMA
        public var emaSlow: EMA
        public var previousRSI: Double?
        public var bar = 0
        /// Fill price of the open position; nil when flat.
        public var entry: Price?
        /// An order of ours not yet filled or finished.
        public var pending: ClientOrderID?
        public var pendingIsExit = false
    }

    public let params: Params
    public var state: State

    public static func parameters(_ r: any ParameterReader) -> Params? {
        var p = Params()
        p.rsiLength = r.int("rsi_length", in: 2...500) ?? p.rsiLength
        p.emaFast = r.int("ema_fast", in: 1...5000) ?? p.emaFast
        p.emaSlow = r.int("ema_slow", in: 1...5000) ?? p.emaSlow
        p.oversold = r.double("oversold", in: 0...100) ?? p.oversold
        p.overbought = r.double("overbought", in: 0...100) ?? p.overbought
        p.stopLoss = r.fixed("stop_loss", Ratio.self, min: .zero, max: Ratio.of("0.99")) ?? p.stopLoss
        p.takeProfit = r.fixed("take_profit", Ratio.self, min: .zero, max: 100) ?? p.takeProfit
        p.size = r.fixed("size", Quantity.self, positive: true) ?? p.size
        if p.emaFast >= p.emaSlow, r.has("ema_fast") || r.has("ema_slow") {
            r.error("ema_fast", "must be shorter than ema_slow (\(p.emaFast) ≥ \(p.emaSlow))")
        }
        if p.oversold >= p.overbought, r.has("oversold") || r.has("overbought") {
            r.error("oversold", "must be below overbought (\(p.oversold) ≥ \(p.overbought))")
        }
        r.rejectUnknownKeys("rsi-cross takes rsi_length, ema_fast, ema_slow, oversold, overbought, stop_loss, take_profit, size")
        return r.hasErrors ? nil : p
    }

    public init(params: Params, setup: StrategySetup) {
        self.params = params
        state = State(rsi: RSI(period: params.rsiLength), emaFast: EMA(period: params.emaFast),
                      emaSlow: EMA(period: params.emaSlow))
    }

    public mutating func handle(_ event: BotEvent, context: StrategyContext, into out: inout IntentSink) {
        switch event {
        case .candleClosed(let c, _):
            onBar(c, out: &out)
        case .order(let e):
            onOrder(e)
        case .riskRejected(let id, _):
            if id == state.pending { state.pending = nil }
        default:
            break
        }
    }

    private mutating func onBar(_ c: Candle, out: inout IntentSink) {
        let x = c.close.doubleValue
        let rsi = state.rsi.update(x)
        let fast = state.emaFast.update(x)
        let slow = state.emaSlow.update(x)
        let prev = state.previousRSI
        state.previousRSI = rsi
        defer { state.bar += 1 }
        guard state.bar >= params.emaSlow, state.pending == nil, let rsi, let prev else { return }
        if let e = state.entry {
            let stop = exactAtMost(c.close, e, 1 - params.stopLoss)
            let take = exactAtLeast(c.close, e, 1 + params.takeProfit)
            let signal = prev > params.overbought && rsi <= params.overbought
            if stop || take || signal {
                state.pending = out.close(.net)
                state.pendingIsExit = true
            }
        } else if prev < params.oversold, rsi >= params.oversold, let fast, let slow, fast > slow {
            state.pending = out.place(.buy, .market, quantity: params.size)
            state.pendingIsExit = false
        }
    }

    /// close ≤ e·f, exactly (no rounding of the product).
    private func exactAtMost(_ close: Price, _ e: Price, _ f: Ratio) -> Bool {
        Int128(close.raw) * Int128(FixedPointScale.factor) <= Int128(e.raw) * Int128(f.raw)
    }

    private func exactAtLeast(_ close: Price, _ e: Price, _ f: Ratio) -> Bool {
        Int128(close.raw) * Int128(FixedPointScale.factor) >= Int128(e.raw) * Int128(f.raw)
    }

    private mutating func onOrder(_ e: OrderEvent) {
        switch e {
        case .filled(let f) where f.orderID == state.pending:
            state.pending = nil
            state.entry = state.pendingIsExit ? nil : f.price
        case .rejected(let id, _), .cancelled(let id), .expired(let id):
            if id == state.pending { state.pending = nil }
        case .liquidated:
            state.entry = nil
            state.pending = nil
        default:
            break
        }
    }
}
