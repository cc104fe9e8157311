import BotCore
import Indicators
import Policy

/// `auroraq-ppo`: the AuroraQ PPO policy on 5m bars. On every closed bar the observation (the
/// shared `AuroraQSeries` plus sentiment) goes through the policy; its action, gated by
/// probability and signal strength, opens or closes a position on the net leg, which a
/// reduce-only stop and take-profit protect. Rules and the observation: README.md next to this
/// file.
public struct AuroraQStrategy: Strategy {
    public static let key = "auroraq-ppo"
    public static let summary = "AuroraQ PPO: a stable-baselines3 policy over a 26-value observation of 5m bars; entries gated at probability 0.7 and strength 0.5, stop −2 %, take-profit +4 %, exits at −3/+5 % or a strong opposite action, 10 entries a day, 5 % daily-loss stop."
    public static let chart = Timeframe(seconds: 300)

    public struct State: Sendable, Codable, Equatable {
        /// The order that opened the current position, while it may still fill.
        public var entry: ClientOrderID?
        public var entryPending = false
        public var close: ClientOrderID?
        public var stop: ClientOrderID?
        public var takeProfit: ClientOrderID?
        /// UTC day (days since the epoch) of the last bar, its entries and starting equity.
        public var day: Int64?
        public var entriesToday = 0
        public var dayStartEquity = 0.0
        /// The daily-loss stop fired on this day: no entry until the next.
        public var stoppedDay: Int64?
        /// The last decision, for `botctl` and tests: probabilities, action, strength.
        public var lastProbabilities: [Double] = []
        public var lastAction: Int?
        public var lastStrength = 0.0
        /// Decisions skipped because a feature was not finite (a feed's NaN volume, say), and
        /// the last such feature's name.
        public var invalidObservations = 0
        public var invalidFeature: String?
        public init() {}
    }

    public let params: AuroraQParams
    let instrument: Instrument
    let model: AuroraQModel
    let sentiment: SentimentFile?
    public let series: SharedSeries<AuroraQSeries>
    public var state = State()

    public static func parameters(_ reader: any ParameterReader) -> AuroraQParams? { AuroraQParams.read(reader) }
    public static func leverage(_ params: AuroraQParams) -> Ratio? { Ratio(params.leverage) }
    /// The observation reads the last 100 bars and nothing older.
    public static func warmUpBars(_ params: AuroraQParams, timeframe: Timeframe) -> Int { AuroraObservation.window }

    public init(params: AuroraQParams, setup: StrategySetup) throws {
        guard setup.timeframe == Self.chart else {
            throw StrategySetupError(field: "", "the policy was trained on 5m bars: the bot's timeframe must be 5m (got \(setup.timeframe))")
        }
        self.params = params
        instrument = setup.instrument
        model = try AuroraQModel(path: params.model)
        do {
            sentiment = try params.sentiment.map { try SentimentFile(path: $0) }
        } catch {
            throw StrategySetupError(field: "sentiment", "\(error)")
        }
        series = setup.shared(AuroraObservation.spec) { AuroraQSeries() }
    }

    /// Builds the strategy around a policy already loaded (tests, tools).
    init(params: AuroraQParams, setup: StrategySetup, model: AuroraQModel, sentiment: SentimentFile? = nil) {
        self.params = params
        instrument = setup.instrument
        self.model = model
        self.sentiment = sentiment
        series = setup.shared(AuroraObservation.spec) { AuroraQSeries() }
    }

    public mutating func handle(_ event: BotEvent, context: StrategyContext, into out: inout IntentSink) {
        switch event {
        case .candleClosed(let c, _):
            // Every closed bar is read, so a series nobody else shares still sees each one.
            let reading = series.reading(c) ?? nil
            onClose(c, reading, context, &out)
        case .order(let e):
            onOrder(e, context, &out)
        case .riskRejected(let id, _):
            forget(id)
        default:
            break
        }
    }

    // MARK: decisions

    mutating func onClose(_ c: Candle, _ reading: AuroraObservation.Reading?, _ ctx: StrategyContext, _ out: inout IntentSink) {
        let now = max(ctx.time, c.ts + Self.chart.milliseconds)
        let pos = ctx.position(.net)
        let equity = params.investment.doubleValue + pos.netPnL(at: c.close, instrument).doubleValue
        let day = now / 86_400_000
        if state.day != day {
            state.day = day
            state.entriesToday = 0
            state.dayStartEquity = equity
        }
        // Orders in flight decide what happens next; nothing new until they are answered.
        guard !state.entryPending, state.close == nil else { return }
        if state.stoppedDay != day, equity <= state.dayStartEquity * (1 - params.dailyLossStop / 100) {
            state.stoppedDay = day
            if !pos.isFlat { close(&out) }
            return
        }
        guard let reading else { return }
        let sentimentFeatures = sentiment?.features(asset: instrument.base, at: now, maxAge: Int64(params.sentimentMaxAge) * 60_000)
        let obs = AuroraQModel.observation(market: reading.market, sentiment: sentimentFeatures)
        // A NaN would reach every probability; no decision is better than a random one.
        if let bad = obs.firstIndex(where: { !$0.isFinite }) {
            state.invalidObservations += 1
            state.invalidFeature = AuroraObservation.featureNames[bad]
            return
        }
        let p = model.policy.probabilities(obs)
        let a = MLPPolicy.argmax(p)
        let conf = p[a]
        let strength = Self.strength(conf: conf, action: a, observation: obs, volatility20: reading.volatility20)
        state.lastProbabilities = p
        state.lastAction = a
        state.lastStrength = strength
        let gated = conf >= params.minConfidence && strength > params.minStrength

        if !pos.isFlat {
            let long = pos.quantity.raw > 0
            guard let entry = pos.averageEntry(instrument)?.doubleValue, entry > 0 else { return }
            let move = (c.close.doubleValue - entry) / entry * (long ? 1 : -1)
            let opposite = long ? a == 2 : a == 1
            if move <= -params.exitLoss / 100 || move >= params.exitProfit / 100
                || (opposite && conf > params.reversalConfidence) || (opposite && gated) {
                close(&out)
            }
            return
        }
        guard gated, state.stoppedDay != day, state.entriesToday < params.maxTradesPerDay else { return }
        let side: Side
        switch a {
        case 1: side = .buy
        case 2 where params.allowShort: side = .sell
        default: return
        }
        let (raw, overflow) = params.investment.raw.multipliedReportingOverflow(by: Int64(params.leverage))
        guard !overflow, let q = instrument.checkedQuantity(forNotional: Money(raw: raw), price: c.close),
              q >= instrument.minSize, !q.isZero else { return }
        state.entry = out.place(side, .market, quantity: q)
        state.entryPending = true
        state.entriesToday += 1
    }

    /// The seed's signal strength: `conf · composite`, ×1.1 (capped at 1) when sentiment
    /// agrees, with the rule strategies' bookkeeping terms at their neutral 0.5 (README.md).
    static func strength(conf: Double, action: Int, observation obs: [Double], volatility20: Double) -> Double {
        let mean = obs.reduce(0, +) / Double(obs.count)
        let variance = obs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(obs.count)
        let composite = 0.25 + 0.15 * min(1, variance * 10) + 0.20 * conf + 0.10 * (action != 0 ? 1 : 0.5)
            + 0.15 * 0.5 + 0.10 * 0.5 + 0.05 * min(1, volatility20 * 50)
        var s = conf * composite
        let mood = obs[15]
        if (action == 1 && mood > 0.1) || (action == 2 && mood < -0.1) { s = min(s * 1.1, 1) }
        return s
    }

    // MARK: orders

    mutating func onOrder(_ e: OrderEvent, _ ctx: StrategyContext, _ out: inout IntentSink) {
        switch e {
        case .filled(let f), .liquidated(let f):
            let pos = ctx.position(.net)
            if f.orderID == state.entry {
                state.entryPending = false
                protect(pos, price: f.price, &out)
            } else if f.orderID == state.stop || f.orderID == state.takeProfit || f.orderID == state.close {
                if pos.isFlat { finish(&out) }
            } else if pos.isFlat {
                finish(&out)
            }
        case .completed(let id) where id == state.entry:
            state.entryPending = false
        case .rejected(let id, _), .cancelled(let id), .expired(let id):
            forget(id)
        default:
            break
        }
    }

    /// Replaces the position's stop and take-profit: reduce-only, for all of it, from `price`
    /// (the entry's fill), on the tick and beyond it in the position's favour.
    mutating func protect(_ pos: Position, price: Price, _ out: inout IntentSink) {
        cancelProtection(&out)
        guard !pos.isFlat else { return }
        let long = pos.quantity.raw > 0
        let q = pos.quantity.magnitude
        let exit: Side = long ? .sell : .buy
        let p = price.doubleValue
        if params.stopLoss > 0, let s = Price(p * (1 + (long ? -1 : 1) * params.stopLoss / 100)) {
            state.stop = out.place(exit, .stopMarket(trigger: s.rounded(toMultipleOf: instrument.tickSize, long ? .down : .up)),
                                   quantity: q, reduceOnly: true)
        }
        if params.takeProfit > 0, let t = Price(p * (1 + (long ? 1 : -1) * params.takeProfit / 100)) {
            state.takeProfit = out.place(exit, .limit(t.rounded(toMultipleOf: instrument.tickSize, long ? .up : .down)),
                                         quantity: q, reduceOnly: true)
        }
    }

    mutating func close(_ out: inout IntentSink) {
        cancelProtection(&out)
        state.close = out.close(.net)
    }

    /// Flat: what is left of the position's orders goes.
    mutating func finish(_ out: inout IntentSink) {
        cancelProtection(&out)
        state.close = nil
        state.entry = nil
        state.entryPending = false
    }

    mutating func cancelProtection(_ out: inout IntentSink) {
        if let id = state.stop { out.cancel(id) }
        if let id = state.takeProfit { out.cancel(id) }
        state.stop = nil
        state.takeProfit = nil
    }

    /// An order of ours ended without (more) fills: stop waiting for it. A refused entry is no
    /// trade and does not count against the day's.
    mutating func forget(_ id: ClientOrderID) {
        if id == state.entry && state.entryPending {
            state.entryPending = false
            state.entry = nil
            state.entriesToday = max(0, state.entriesToday - 1)
        }
        if id == state.close { state.close = nil }
        if id == state.stop { state.stop = nil }
        if id == state.takeProfit { state.takeProfit = nil }
    }
}
