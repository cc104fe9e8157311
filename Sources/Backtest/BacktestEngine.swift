import BotCore
import Execution
import PaperMatching
import Risk

/// A finished round trip: from flat to a position and back to flat on one leg.
public struct TradeRecord: Sendable, Equatable {
    public var side: Side
    /// Open times of the bot-timeframe bars on which entry and exit were decided.
    public var entryTs: Int64
    public var exitTs: Int64
    public var entryPrice: Price
    public var exitPrice: Price
    public var quantity: Quantity
    /// Realized PnL minus the fees of both legs (and funding).
    public var pnl: Money
    public var fees: Money
    /// True when the backtest closed it after the last bar.
    public var forcedExit: Bool
}

/// What a backtest produced, before metrics.
public struct BacktestRun: Sendable {
    public var trades: [TradeRecord]
    /// Equity at each bot-timeframe bar close: (bar open time, equity in quote currency).
    public var equity: [(ts: Int64, value: Double)]
    /// Bars with a position open at their close.
    public var barsInMarket: Int
    public var bars: Int
    public var initialBalance: Money
    public var finalEquity: Money
    public var fees: Money
    public var denials: [RiskDenial.Code: Int]
    public var firstTs: Int64
    public var lastTs: Int64
}

/// Replays base candles through one strategy and the order pipeline the daemon uses (RiskGuard,
/// the ledger, the venue's answers) over the paper matcher: the same strategy, risk and order
/// code as live, driven synchronously.
public struct BacktestEngine<S: Strategy> {
    public var strategy: S
    public let botID: String
    public let instrument: Instrument
    public let timeframe: Timeframe
    public let base: Timeframe
    public var paper: PaperExchange
    public var pipeline: OrderPipeline
    /// Read in place: a getter would copy the ledger (a retain and release of each of its
    /// collections) at every bar and fill.
    public var ledger: BotLedger { _read { yield pipeline.ledger } }
    public var guardrails: RiskGuard {
        get { pipeline.guardrails }
        set { pipeline.guardrails = newValue }
    }
    var sink: IntentSink
    var builder: BarBuilder
    var queue: [BotEvent] = []
    var paperEvents: [OrderEvent] = []
    /// Decision bar (bot timeframe open time) of each order.
    var decidedAt: [ClientOrderID: Int64] = [:]
    var currentBar: Int64 = 0
    var previousTs: Int64?
    var lastForming = Int64.min
    var open: [PositionSide: OpenTrade] = [:]
    var run: BacktestRun
    /// The strategy's view of its ledger, rebuilt only when the ledger changes.
    var context: StrategyContext
    var contextVersion: Int
    /// Every order that passed RiskGuard, with the time it was sent (ms), when not nil: for
    /// checks over a whole run (off by default: it costs an append per order).
    public var orderLog: [(ts: Int64, request: OrderRequest)]?
    /// UTC day of the last bar and the equity at its start, for the daily-loss kill switch.
    var day: Int64 = .min
    var dayStartEquity: Money = .zero

    struct OpenTrade {
        var side: Side
        var entryTs: Int64
        var entryQty: Quantity = .zero
        var entryNotional: Money = .zero
        var exitQty: Quantity = .zero
        var exitNotional: Money = .zero
        var fees: Money = .zero
        var realizedBefore: Money
        var fundingBefore: Money
    }

    /// A backtest has one bot, so its user's exposure is the bot's.
    struct Exposure: ExposureBook {
        var exposure: UserExposure
        func reserve(_ notional: Money) -> UserExposure { exposure }
        func release(_ notional: Money) {}
    }

    public init(strategy: S, botID: String, instrument: Instrument, timeframe: Timeframe, base: Timeframe,
                guardrails: RiskGuard, paper: PaperConfig) {
        self.strategy = strategy
        self.botID = botID
        self.instrument = instrument
        self.timeframe = timeframe
        self.base = base
        self.paper = PaperExchange(instrument: instrument, config: paper)
        pipeline = OrderPipeline(ledger: BotLedger(bot: botID, instrument: instrument), guardrails: guardrails)
        context = pipeline.ledger.context(time: 0)
        contextVersion = pipeline.ledgerVersion
        sink = IntentSink(bot: botID)
        builder = BarBuilder(timeframe: timeframe, base: base)
        run = BacktestRun(trades: [], equity: [], barsInMarket: 0, bars: 0, initialBalance: paper.initialBalance,
                          finalEquity: paper.initialBalance, fees: .zero, denials: [:], firstTs: 0, lastTs: 0)
        queue.reserveCapacity(16)
        paperEvents.reserveCapacity(16)
    }

    /// Runs over `candles` (base timeframe, increasing) and returns the run. `progress` is
    /// called every 65,536 candles with the number done.
    public mutating func run(_ candles: [Candle], progress: ((Int) -> Void)? = nil) throws -> BacktestRun {
        guard let first = candles.first, let last = candles.last else { return run }
        begin(first: first, last: last, count: candles.count)
        for (i, c) in candles.enumerated() {
            if let progress, i & 0xFFFF == 0 { progress(i) }
            try step(c)
        }
        return try finish(last)
    }

    /// Before the first `step`: the run's span and size.
    public mutating func begin(first: Candle, last: Candle, count: Int) {
        run.equity.reserveCapacity(count / max(1, timeframe.seconds / base.seconds) + 1)
        run.firstTs = first.ts
        run.lastTs = last.ts
    }

    /// One base candle: the paper venue's fills, then the bot's bar (closed or forming).
    /// Several engines stepped candle by candle run as a portfolio, in lockstep.
    public mutating func step(_ c: Candle) throws {
        let same = timeframe == base
        if !same, let late = builder.add(c) { try closeBar(late) }
        // Minutes missing from the data are a hole the record confirms: told before the
        // next bar, as the hub tells it.
        if let p = previousTs, c.ts > p + base.milliseconds { try deliver(.gap(from: p + base.milliseconds, to: c.ts)) }
        previousTs = c.ts
        currentBar = same ? c.ts : timeframe.barOpen(c.ts)
        if c.ts / 86_400_000 != day {
            day = c.ts / 86_400_000
            dayStartEquity = paper.equity()
        }
        if !pipeline.timers.isEmpty { try fireTimers(upTo: c.ts) }
        if !paper.settleQuietBar(c) {
            paper.beginBar(c, into: &paperEvents)
            try flushPaper()
            while paper.nextEvent(into: &paperEvents) { try flushPaper() }
            paper.endBar(c)
            try bookFunding()
        }
        if same {
            try closeBar(c)
        } else if builder.isComplete {
            try closeBar(builder.close()!)
        } else if let every = S.formingInterval, let f = builder.forming,
                  lastForming == .min || c.ts + base.milliseconds - lastForming >= every {
            lastForming = c.ts + base.milliseconds
            try deliver(.candleForming(f, timeframe, progress: builder.progress))
        }
    }

    /// After the last `step`: what is still held is closed at the last price; the run.
    public mutating func finish(_ last: Candle) throws -> BacktestRun {
        try forceExit(last)
        run.finalEquity = paper.equity()
        return run
    }

    mutating func closeBar(_ c: Candle) throws {
        currentBar = c.ts
        try deliver(.candleClosed(c, timeframe))
        run.bars += 1
        if ledger.hasPosition { run.barsInMarket += 1 }
        run.equity.append((c.ts, paper.equityEstimate(mark: c.close)))
    }

    /// Hands one event to the strategy and works off everything it causes, in order.
    mutating func deliver(_ event: BotEvent) throws {
        try handle(event)
        // What the strategy's intents caused (fills, denials) goes back to it, in order.
        var i = 0
        while i < queue.count {
            let e = queue[i]
            i += 1
            try handle(e)
        }
        if !queue.isEmpty { queue.removeAll(keepingCapacity: true) }
    }

    @inline(__always)
    mutating func handle(_ event: BotEvent) throws {
        if contextVersion != pipeline.ledgerVersion {
            context = pipeline.ledger.context(time: paper.lastTs)
            contextVersion = pipeline.ledgerVersion
        }
        context.time = paper.lastTs
        try strategy.handle(event, context: context, into: &sink)
        guard !sink.isEmpty else { return }
        pipeline.take(&sink)
        work()
    }

    /// Asks the pipeline for each call in turn and answers it from the paper matcher, applying
    /// the answer and the events it caused before the next call, as the bot actor does.
    mutating func work() {
        while true {
            var admitted: OrderRequest?
            let exposure = Exposure(exposure: exposure())
            guard let call = pipeline.nextCall(exposure: exposure, lastPrice: paper.lastPrice, writeAhead: { r, _ in admitted = r })
            else { break }
            if let r = admitted {
                orderLog?.append((paper.lastTs, r))
                decidedAt[r.id] = currentBar
            }
            let ack = paper.perform(call, into: &paperEvents)
            if let e = pipeline.acknowledge(call, ack) { book(e) }
            for e in paperEvents { book(e) }
            paperEvents.removeAll(keepingCapacity: true)
        }
        takeFeedback()
    }

    mutating func takeFeedback() {
        guard pipeline.hasFeedback else { return }
        let from = queue.count
        pipeline.moveFeedback(into: &queue)
        for e in queue[from...] {
            if case .riskRejected(_, let d) = e { run.denials[d.code, default: 0] += 1 }
        }
    }

    mutating func fireTimers(upTo ts: Int64) throws {
        // Bars are the replay's clock: a timer fires at the first bar opening at or after it.
        for t in pipeline.dueTimers(upTo: ts) { try deliver(.timer(id: t.id, ts: t.at)) }
    }

    /// The bot's user as RiskGuard sees it; a backtest has one bot, so the user is this bot.
    func exposure() -> UserExposure {
        let mark = paper.lastPrice ?? 0
        var notional = Money.zero
        for side in PositionSide.allCases {
            let q = ledger.position(side).quantity.magnitude
            if !q.isZero { notional += instrument.notional(price: mark, quantity: q) }
        }
        return UserExposure(notional: notional, dailyPnL: paper.equity() - dayStartEquity)
    }

    /// Events of the bar walk: each goes to the strategy, with what it causes, before the next.
    mutating func flushPaper() throws {
        guard !paperEvents.isEmpty else { return }
        let events = paperEvents
        paperEvents.removeAll(keepingCapacity: true)
        for e in events {
            book(e)
            let told = pipeline.takeFeedback()
            for f in told { try deliver(f) }
        }
    }

    /// The venue's funding settlement: booked by the pipeline, then told to the strategy.
    mutating func bookFunding() throws {
        guard paper.hasFunding else { return }
        _ = paper.drainFunding()
        guard let charge = paper.lastFunding else { return }
        _ = pipeline.applyFunding(charge)
        try deliver(.funding(charge))
    }

    /// Applies an event through the pipeline and keeps the round-trip log.
    mutating func book(_ e: OrderEvent) {
        let fill: Fill?
        var event = e
        switch e {
        case .filled(let f): fill = f
        case .liquidated(var f):
            // Booked under an id of the bot's own sequence, as the daemon books it.
            f.orderID = sink.newID()
            event = .liquidated(f)
            fill = f
        default: fill = nil
        }
        guard let f = fill else {
            _ = pipeline.apply(event)
            return
        }
        let side = f.positionSide
        let before = ledger.position(side)
        let outcome = if case .liquidated = event { pipeline.applyLiquidation(f) } else { pipeline.apply(event) }
        guard outcome == .applied else { return }
        let after = ledger.position(side)
        run.fees += f.fee
        let decided = decidedAt[f.orderID] ?? currentBar
        let notional = instrument.notional(price: f.price, quantity: f.quantity)
        if before.isFlat {
            open[side] = OpenTrade(side: f.side, entryTs: decided, entryQty: f.quantity, entryNotional: notional, fees: f.fee,
                                   realizedBefore: before.realizedPnL, fundingBefore: before.fundingPaid)
            return
        }
        guard var t = open[side] else { return }
        t.fees += f.fee
        if after.isFlat || after.quantity.signum != before.quantity.signum {
            let closing = before.quantity.magnitude
            t.exitQty += closing
            t.exitNotional += instrument.notional(price: f.price, quantity: closing)
            finish(t, exitTs: decided, after: after, forced: false)
            open[side] = nil
            if !after.isFlat {
                open[side] = OpenTrade(side: f.side, entryTs: decided, entryQty: after.quantity.magnitude,
                                       entryNotional: after.costBasis, realizedBefore: after.realizedPnL,
                                       fundingBefore: after.fundingPaid)
            }
        } else if (after.quantity.magnitude > before.quantity.magnitude) {
            t.entryQty += f.quantity
            t.entryNotional += notional
            open[side] = t
        } else {
            t.exitQty += f.quantity
            t.exitNotional += notional
            open[side] = t
        }
    }

    mutating func finish(_ t: OpenTrade, exitTs: Int64, after: Position, forced: Bool) {
        let unit = instrument.notional(price: 1, quantity: t.entryQty)
        let exitUnit = instrument.notional(price: 1, quantity: t.exitQty)
        let realized = after.realizedPnL - t.realizedBefore
        let funding = after.fundingPaid - t.fundingBefore
        run.trades.append(TradeRecord(side: t.side == .buy ? .buy : .sell, entryTs: t.entryTs, exitTs: exitTs,
                                      entryPrice: t.entryNotional.divided(by: unit, .halfEven),
                                      exitPrice: t.exitQty.isZero ? 0 : t.exitNotional.divided(by: exitUnit, .halfEven),
                                      quantity: t.entryQty, pnl: realized - t.fees - funding, fees: t.fees,
                                      forcedExit: forced))
    }

    /// Closes what is still open at the last close, as the report's final exit.
    mutating func forceExit(_ last: Candle) throws {
        for side in PositionSide.allCases where !ledger.position(side).isFlat {
            guard let r = ledger.closingOrder(id: sink.newID(), side: side) else { continue }
            pipeline.forceSubmit(r)
            decidedAt[r.id] = currentBar
            let count = run.trades.count
            // Fill at the last close whatever the fill model: there is no next bar.
            paper.settle(r, at: last.close, into: &paperEvents)
            for e in paperEvents { book(e) }
            paperEvents.removeAll(keepingCapacity: true)
            _ = pipeline.takeFeedback()
            if run.trades.count > count { run.trades[run.trades.count - 1].forcedExit = true }
        }
    }
}
