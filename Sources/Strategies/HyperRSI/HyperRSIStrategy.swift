import BotCore
import Indicators
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `hyperrsi`: TradingBoost's HYPERRSI, an RSI strategy for perpetual swaps with a trend
/// filter, a take-profit ladder, break-even stops, a trailing stop and DCA. The rules, and
/// where this port departs from the seed on purpose, are in README.md next to this file.
///
/// Signals are evaluated on every forming bar (the seed polls every 5 s) and on every closed
/// one, with `prev` the RSI of the last closed bar and `cur` the RSI as of the event. Each
/// side (long, short) is a hedge-mode leg with its own entries, orders and cooldown.
public struct HyperRSIStrategy: Strategy {
    public static let key = "hyperrsi"
    public static let summary = "HYPERRSI: RSI entries gated by a JMA/Bollinger trend state, 2/3/4 % take-profit ladder, break-even, trailing stop, DCA."
    /// The seed evaluates the forming bar every 5 s.
    public static var formingInterval: Int64? { 5_000 }
    /// Users set the take-profit and stop of an open position by hand, as the seed's Telegram
    /// bot lets them.
    public static var takesManualChanges: Bool { true }

    /// One leg's bookkeeping. Sizes and prices come from the ledger (the context), never
    /// from here: this is what the strategy decided and is waiting for.
    public struct Leg: Sendable, Codable, Equatable {
        /// Entries in the current position (the seed's `dca_count`).
        public var entries = 0
        public var lastEntryPrice: Price?
        public var pendingEntry: ClientOrderID?
        public var pendingClose: ClientOrderID?
        public var takeProfits: [ClientOrderID?] = [nil, nil, nil]
        public var takeProfitPrices: [Price?] = [nil, nil, nil]
        public var stop: ClientOrderID?
        public var stopPrice: Price?
        public var trailArmed = false
        public var trailExtreme: Price?
        public var cooldownUntil: Int64 = .min
        /// This leg is a hedge of the other one: it has no ladder, no DCA, no trailing.
        public var isHedge = false
        /// Hedges opened against this position.
        public var hedges = 0
    }

    /// What is the bot's own; the indicators are series (`HyperOscillators`, `HyperTrendSeries`)
    /// shared with every HYPERRSI bot of the instrument, timeframe and settings.
    public struct State: Sendable, Codable {
        /// RSI of the last closed bar.
        public var previousRSI: Double?
        /// ATR of the last closed bar.
        public var lastATR: Double?
        public var bars = 0
        public var long = Leg()
        public var short = Leg()
        /// No entry on either side before this (ms): one entry per candle.
        public var lockedUntil: Int64 = .min
        /// Entries refused in a row.
        public var failures = 0
        public init() {}
    }

    public let params: Params
    let instrument: Instrument
    let timeframeMs: Int64
    public var state = State()
    /// RSI and ATR of the chart's bars.
    public let oscillators: SharedSeries<HyperOscillators>
    /// The trend state `trend_timeframe` reads.
    public let trend: SharedSeries<HyperTrendSeries>

    public init(params: Params, setup: StrategySetup) {
        self.params = params
        instrument = setup.instrument
        timeframeMs = setup.timeframe.milliseconds
        oscillators = setup.shared("rsi=\(params.rsiLength)") { HyperOscillators(rsiLength: params.rsiLength) }
        trend = setup.shared(HyperTrendSeries.key(params)) { HyperTrendSeries(params, chartMinutes: setup.timeframe.seconds / 60) }
    }

    /// What a decision is made on: the bar as of now and the indicators as of now.
    struct Moment {
        var price: Price
        var high: Price
        var low: Price
        var barOpen: Int64
        var now: Int64
        var rsi: Double
        var previousRSI: Double
        var trend: Int
        var atr: Double
    }

    public mutating func handle(_ event: BotEvent, context: StrategyContext, into out: inout IntentSink) {
        switch event {
        case .candleClosed(let c, _):
            // Every closed bar is read, so a series nobody else shares still sees each one.
            guard let o = oscillators.reading(c), let trend = trend.reading(c) else { return }
            let previous = state.previousRSI
            state.bars += 1
            state.previousRSI = o.rsi
            state.lastATR = o.atr
            guard let previous, ready else { return }
            let m = Moment(price: c.close, high: c.high, low: c.low, barOpen: c.ts, now: max(context.time, c.ts + timeframeMs),
                           rsi: Self.stored(o.rsi), previousRSI: Self.stored(previous), trend: trend, atr: o.atr ?? 0)
            decide(m, context, &out)
        case .candleForming(let c, _, _):
            // No peek (a bot a whole bar behind its series): no decision on a state it cannot know.
            guard ready, let previous = state.previousRSI, let o = oscillators.peek(c) else { return }
            var m = Moment(price: c.close, high: c.high, low: c.low, barOpen: c.ts, now: max(context.time, c.ts),
                           rsi: Self.stored(o.rsi), previousRSI: Self.stored(previous), trend: 0, atr: o.atr ?? 0)
            // Peeking at the trend copies its indicator state: only when a decision can read it.
            if trendNeeded(m, context) {
                guard let t = trend.peek(c) else { return }
                m.trend = t
            }
            decide(m, context, &out)
        case .order(let e):
            onOrder(e, context, &out)
        case .manual(let change, _):
            adjust(change, context, &out)
        case .riskRejected(let id, let denial):
            // Orders decided while the runtime replays history (or the bot is paused) are
            // turned away without being tried: they are not failed entries.
            let tried = denial.code != .warmingUp && denial.code != .botNotRunning
            for side in [PositionSide.long, .short] { forget(id, side, refused: tried) }
        default:
            break
        }
    }

    /// The seed's bot reads RSI as its collector stores it: rounded to 3 decimals.
    static func stored(_ rsi: Double) -> Double { (rsi * 1000).rounded(.toNearestOrEven) / 1000 }

    /// Whether any decision at `m` reads the trend: a trend close, or the trend filter on an
    /// entry or DCA that gets that far.
    func trendNeeded(_ m: Moment, _ ctx: StrategyContext) -> Bool {
        let holding = !ctx.legs.long.isFlat || !ctx.legs.short.isFlat
        if holding && (params.useTrendClose || params.hedgeTrendClose) { return true }
        guard params.useTrendLogic else { return false }
        if holding && params.useDCA && !params.dcaCheckRSI { return true }
        return signal(.long, m) || signal(.short, m)
    }

    /// RSI needs `rsiLength` + 1 closes before it means anything (the seed stores 0 before).
    var ready: Bool { state.bars > params.rsiLength }

    // MARK: decisions

    mutating func decide(_ m: Moment, _ ctx: StrategyContext, _ out: inout IntentSink) {
        for side in [PositionSide.long, .short] {
            if ctx.legs[side].isFlat {
                if leg(side).entries > 0 && leg(side).pendingEntry == nil { finish(side, m.now, &out) }
                enter(side, m, ctx, &out)
            } else {
                manage(side, m, ctx, &out)
            }
        }
    }

    func allowed(_ side: PositionSide) -> Bool {
        switch params.direction {
        case .both: true
        case .long: side == .long
        case .short: side == .short
        }
    }

    /// The RSI signal of `side`, as the entry option reads it.
    func signal(_ side: PositionSide, _ m: Moment) -> Bool {
        let (prev, cur, os, ob) = (m.previousRSI, m.rsi, params.oversold, params.overbought)
        switch (params.entryOption, side == .long) {
        case (.breakout, true): return prev > os && cur <= os
        case (.breakout, false): return prev < ob && cur >= ob
        case (.reversal, true): return (prev < os || cur < os) && cur > prev
        case (.reversal, false): return (prev > ob || cur > ob) && cur < prev
        case (.reversalBreakout, true): return cur >= os && prev < os
        case (.reversalBreakout, false): return cur <= ob && prev > ob
        case (.beyond, true): return cur < os
        case (.beyond, false): return cur > ob
        }
    }

    /// The trend filter blocks a long only at −2 and a short only at +2.
    func trendAllows(_ side: PositionSide, _ m: Moment) -> Bool {
        guard params.useTrendLogic else { return true }
        return side == .long ? m.trend != -2 : m.trend != 2
    }

    mutating func enter(_ side: PositionSide, _ m: Moment, _ ctx: StrategyContext, _ out: inout IntentSink) {
        guard allowed(side), leg(side).pendingEntry == nil, state.failures < params.entryFailLimit,
              m.now >= state.lockedUntil, !(params.useCooldown && m.now < leg(side).cooldownUntil),
              signal(side, m), trendAllows(side, m), let q = size(entries: 0, price: m.price) else { return }
        update(side) { $0.pendingEntry = out.place(side == .long ? .buy : .sell, .market, quantity: q, positionSide: side) }
        lock(m)
    }

    mutating func manage(_ side: PositionSide, _ m: Moment, _ ctx: StrategyContext, _ out: inout IntentSink) {
        guard leg(side).pendingClose == nil else { return }
        let pos = ctx.legs[side]
        let isLong = side == .long
        if leg(side).isHedge {
            if params.hedgeTrendClose && (isLong ? m.trend == -2 : m.trend == 2) { close(side, &out) }
            return
        }
        // Trend close.
        if params.useTrendClose && (isLong ? m.trend == -2 : m.trend == 2) {
            close(side, &out)
            if params.hedgeTrendClose { closeHedge(against: side, ctx, &out) }
            return
        }
        // Trailing stop: armed by a take-profit fill, or on touching the start take-profit
        // when that one is not an order (see README).
        if params.trailing {
            var l = leg(side)
            if !l.trailArmed, trailStartIsVirtual, let p = l.takeProfitPrices[params.trailingStart - 1],
               isLong ? m.high >= p : m.low <= p {
                l.trailArmed = true
                l.trailExtreme = p
            }
            if l.trailArmed {
                let extreme = l.trailExtreme.map { isLong ? max($0, m.high) : min($0, m.low) } ?? (isLong ? m.high : m.low)
                l.trailExtreme = extreme
                let offset = trailOffset(l, extreme)
                let stop = isLong ? extreme - offset : extreme + offset
                update(side) { $0 = l }
                if isLong ? m.price <= stop : m.price >= stop {
                    close(side, &out)
                    closeHedge(against: side, ctx, &out)
                    return
                }
            } else {
                update(side) { $0 = l }
            }
        }
        // DCA.
        let l = leg(side)
        guard params.useDCA, l.pendingEntry == nil, l.entries >= 1, l.entries < params.pyramidingLimit,
              m.now >= state.lockedUntil, !(params.useCooldown && m.now < l.cooldownUntil) else { return }
        if params.dcaCheckPrice {
            let base = params.dcaBase == .average ? pos.averageEntry(instrument) : l.lastEntryPrice
            guard let base, let level = dcaLevel(base, isLong, m) else { return }
            guard isLong ? m.price <= level : m.price >= level else { return }
        }
        if params.dcaCheckRSI && !signal(side, m) { return }
        guard trendAllows(side, m), let q = size(entries: l.entries, price: m.price) else { return }
        update(side) { $0.pendingEntry = out.place(isLong ? .buy : .sell, .market, quantity: q, positionSide: side) }
        lock(m)
    }

    mutating func lock(_ m: Moment) {
        // Until the next candle opens, and at least a minute.
        state.lockedUntil = max(m.barOpen + timeframeMs, m.now + 60_000)
    }

    // MARK: orders

    mutating func onOrder(_ e: OrderEvent, _ ctx: StrategyContext, _ out: inout IntentSink) {
        switch e {
        case .filled(let f):
            for side in [PositionSide.long, .short] { filled(f, side, ctx, &out) }
        case .liquidated(let f):
            finish(f.positionSide, f.ts, &out)
        case .rejected(let id, _), .cancelled(let id), .expired(let id):
            for side in [PositionSide.long, .short] { forget(id, side, refused: true) }
        default:
            break
        }
    }

    mutating func filled(_ f: Fill, _ side: PositionSide, _ ctx: StrategyContext, _ out: inout IntentSink) {
        let l = leg(side)
        let pos = ctx.legs[side]
        if f.orderID == l.pendingEntry {
            let cooldown: Int64? = params.useCooldown ? f.ts + Int64(params.cooldownSeconds) * 1000 : nil
            update(side) {
                $0.pendingEntry = nil
                $0.entries += 1
                $0.lastEntryPrice = f.price
                if let cooldown { $0.cooldownUntil = cooldown }
            }
            state.failures = 0
            if l.isHedge {
                protectHedge(side, pos, ctx, &out)
            } else {
                protect(side, pos, price: f.price, &out)
                hedgeIfDue(side, pos, ctx, lastFill: f.price, &out)
            }
        } else if let i = l.takeProfits.firstIndex(where: { $0 == f.orderID }) {
            update(side) { $0.takeProfits[i] = nil }
            if pos.isFlat { finish(side, f.ts, &out); return }
            if params.trailing && i + 1 == params.trailingStart && !trailStartIsVirtual {
                update(side) {
                    $0.trailArmed = true
                    $0.trailExtreme = f.price
                }
            }
            breakEven(after: i, side, pos, &out)
        } else if f.orderID == l.stop || f.orderID == l.pendingClose {
            // The filled order is done: only the others are left to cancel.
            update(side) {
                if $0.stop == f.orderID { $0.stop = nil }
                if $0.pendingClose == f.orderID { $0.pendingClose = nil }
            }
            if pos.isFlat { finish(side, f.ts, &out) }
        }
    }

    /// An order of ours ended without a fill: stop waiting for it.
    mutating func forget(_ id: ClientOrderID, _ side: PositionSide, refused: Bool) {
        if refused && leg(side).pendingEntry == id { state.failures += 1 }
        update(side) { l in
            if l.pendingEntry == id { l.pendingEntry = nil }
            if l.pendingClose == id { l.pendingClose = nil }
            if l.stop == id { l.stop = nil }
            for i in 0..<3 where l.takeProfits[i] == id { l.takeProfits[i] = nil }
        }
    }

    mutating func close(_ side: PositionSide, _ out: inout IntentSink) {
        cancelProtection(side, &out)
        update(side) { $0.pendingClose = out.close(side) }
    }

    /// The position is gone: cancel what is left of its orders and start the exit cooldown.
    mutating func finish(_ side: PositionSide, _ ts: Int64, _ out: inout IntentSink) {
        cancelProtection(side, &out)
        let cooldown = max(params.useCooldown ? params.cooldownSeconds : 0, 5)
        update(side) { $0 = Leg(cooldownUntil: ts + Int64(cooldown) * 1000) }
    }

    mutating func cancelProtection(_ side: PositionSide, _ out: inout IntentSink) {
        var l = leg(side)
        for i in 0..<3 {
            if let id = l.takeProfits[i] { out.cancel(id) }
            l.takeProfits[i] = nil
        }
        if let id = l.stop { out.cancel(id) }
        l.stop = nil
        update(side) { $0 = l }
    }

    func leg(_ side: PositionSide) -> Leg { side == .short ? state.short : state.long }

    mutating func update(_ side: PositionSide, _ body: (inout Leg) -> Void) {
        if side == .short { body(&state.short) } else { body(&state.long) }
    }
}

// MARK: warm-up

extension HyperRSIStrategy {
    /// The seed's ATR length (not a setting).
    static let atrPeriod = 14
    /// How close (relative) the indicators of a bot started on loaded history must come to
    /// those of the whole history.
    static let warmUpTolerance = 1e-9
    /// Bars of the band state's timeframe allowed per kept pivot high of the band width (see
    /// `bandStateBars`): twice the average spacing measured.
    static let barsPerKeptPivot = 200

    /// Closed bars of the chart before every indicator HYPERRSI reads equals the whole
    /// history's: RSI always; ATR when a take-profit, stop or DCA distance is measured in it;
    /// the trend state when it gates entries or closes positions. With `auto` the trend runs
    /// on higher-timeframe bars built from the chart's, so each of those counts as many chart
    /// bars as it is longer. The trend state's memory dominates: 30,339 bars on a 5m chart
    /// with the defaults (README.md, "Warm-up").
    public static func warmUpBars(_ p: Params, timeframe: Timeframe) -> Int {
        var bars = wilderBars(p.rsiLength)
        if readsATR(p) { bars = max(bars, wilderBars(atrPeriod)) }
        if p.useTrendLogic || p.useTrendClose || (p.hedge && p.hedgeTrendClose) {
            bars = max(bars, trendBars(p, chartMinutes: timeframe.seconds / 60))
        }
        return bars
    }

    static func readsATR(_ p: Params) -> Bool {
        (p.tpOption == .atr && p.useTP.contains(true)) || (p.useSL && p.slOption == .atr)
            || (p.useDCA && p.dcaCheckPrice && p.dcaOption == .atr)
    }

    /// Wilder smoothing over n (RSI's average gain and loss, ATR): seeded from the first n
    /// bars, then every bar keeps (n−1)/n of the average, so an error in the seed still weighs
    /// ((n−1)/n)^k after k more bars. The seed's error is at most the average itself (both
    /// runs average the same kind of non-negative number); ×2 because RSI is a ratio of two
    /// such averages, ×10 so that the average may fall to a tenth of its size at the seed and
    /// the error still be below the tolerance beside it. n = 14: 14 + 321 = 335 bars.
    static func wilderBars(_ n: Int) -> Int {
        n + Int((log(20 / warmUpTolerance) / log(Double(n) / Double(n - 1))).rounded(.up))
    }

    /// HYPERRSI's JMA(L) is a linear recursion in (e0, e1, e2, jma): e0 forgets like α^k, e1
    /// like β^k (β = 0.45(L−1)/(0.45(L−1)+2), α = β² < β), and (e2, jma) has a double pole at α
    /// that hands e1's error on to the value with a gain of phaseRatio·(1+β)² (6.6 for L = 20;
    /// e0's reaches it with 5.3). A start elsewhere gets the state wrong by at most the price
    /// (in truth by about 1 % of it), so twice that gain times β^k bounds what is left of it.
    /// L = 20: 111 bars.
    static func jmaBars(_ length: Int) -> Int {
        let j = JMA(length: length)
        let gain = 2 * j.phaseRatio * (1 + j.beta) * (1 + j.beta)
        return Int((log(gain / warmUpTolerance) / -log(j.beta)).rounded(.up))
    }

    /// The cycle filter: JMA 5/10/20, each then averaged over its last 7 values by the
    /// rational-quadratic kernel (6 bars more). 117 bars of its timeframe.
    static var cycleBars: Int { [5, 10, 20].map(jmaBars).max()! + RationalQuadratic.lags - 1 }

    /// The Bollinger-width state (`BBState`): its windows are finite (bands of 15 and 60 bars,
    /// the 100-bar mean of the width, the pivot windows; a pivot can be kept from the 114th bar
    /// on), but its levels are the means of the last 50 pivot highs and lows of the width it
    /// kept, and of 50 pivot lows of the 60-bar band's. They are the whole history's once 50
    /// new pivots of each kind have come, and how often they come is the market's doing: no
    /// decay bounds it. Kept pivot highs, the rarest, came every 83–119 bars on average on each
    /// of 13 series measured (1m to 4h; BTC, ETH; Binance, FTX), and 50 in a row never spanned
    /// more than 7,660 bars; twice the average spacing makes 113 + 50 × 200 = 10,113. The trend
    /// latch was the whole history's within 7,000 bars of the band's timeframe everywhere.
    static var bandStateBars: Int { 113 + 50 * barsPerKeptPivot }

    /// The trend state in chart bars: `chart` on the chart's own bars; `auto` with the cycle
    /// filter and the band state on their higher timeframes (a 5m chart: 30m and 15m bars).
    /// A chart that cannot build them uses its own trend, as `init` does. A higher bar the
    /// history starts inside is no harm: its close, all the trend reads of it, is right.
    static func trendBars(_ p: Params, chartMinutes m: Int) -> Int {
        let own = max(cycleBars, bandStateBars)
        if let minutes = p.trendTimeframe.minutes, FixedTrend(minutes: minutes, chartMinutes: m) != nil { return own * (minutes / m) }
        guard p.trendTimeframe == .auto, let auto = AutoTrend(chartMinutes: m) else { return own }
        let cycle = Int(auto.cycle.period / auto.chartMs), band = Int(auto.band.period / auto.chartMs)
        return max(cycleBars * cycle, bandStateBars * band)
    }
}

extension HyperRSIStrategy.Leg {
    init(cooldownUntil: Int64) {
        self.init()
        self.cooldownUntil = cooldownUntil
    }
}
