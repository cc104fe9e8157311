import BotConfig
import BotCore
import Execution
import Foundation
import Logging
import Risk
import Store

/// What the supervisor needs of a bot, whatever its strategy type.
public protocol BotHandle: Actor {
    nonisolated var id: String { get }
    nonisolated var mailbox: Mailbox<BotEvent> { get }
    /// Restores the last snapshot (or warms up from history) and connects to hub and gateway.
    func prepare(coldStart: Bool) async throws
    /// Handles events until the mailbox closes; throwing means the strategy broke.
    func run() async throws
    func setPaused(_ paused: Bool)
    /// Records a change by hand in the event log and queues it for the strategy; its number.
    func adjust(_ change: ManualChange) async throws -> Int64
    /// Queues a close of the bot's position at market, by hand; throws when it holds none.
    func closePosition(by: String) async throws
    func status(state: BotState, restarts: Int, lastError: String?) -> BotStatus
    /// The bot's positions, by leg, as its ledger holds them.
    func legs() -> Legs
    /// Applies the bot's `on_stop` policy to its orders and position, then disconnects.
    func shutdown(policy: OnStop) async
}

/// One bot: events in, its strategy, intents out through the order pipeline to its account's venue.
///
/// The actor runs on its shard's executor. Trades reach it inline from the shard when it is
/// idle (nothing queued, nothing in flight), so order is kept; otherwise they queue in its
/// mailbox like everything else.
///
/// Write-ahead: an order and the bot's snapshot are appended to the store's order journal
/// before the order is handed to the venue, so after a crash the order is known, its id is
/// never minted again, and nothing is sent twice. What the venue reports while the bot calls it
/// (an answer, a fill) is applied before the next call; events its own intents cause (a fill, a
/// denial) are handled before the next message from outside, in order.
public actor BotActor<S: Strategy>: BotHandle, InlineEventTarget {
    public nonisolated let id: String
    public nonisolated let mailbox = Mailbox<BotEvent>()
    public nonisolated let shard: BotShard
    public nonisolated var unownedExecutor: UnownedSerialExecutor { shard.unownedExecutor }
    /// What an inline trade reads and writes: the strategy and `InlineState`, side by side in
    /// one allocation of their own. The shard reaches them through these pointers with no
    /// isolation or exclusivity bookkeeping (each costs a runtime call per bot per trade). Only
    /// code on the shard's executor, which is this actor's, touches them: the actor's methods
    /// and `deliverInline`, which the shard calls.
    nonisolated(unsafe) let hot: UnsafeMutablePointer<InlineState>
    nonisolated(unsafe) let state: UnsafeMutablePointer<S>

    var strategy: S { get { state.pointee } _modify { yield &state.pointee } }
    var sink: IntentSink { get { hot.pointee.sink } _modify { yield &hot.pointee.sink } }
    var context: StrategyContext? { get { hot.pointee.context } _modify { yield &hot.pointee.context } }
    var paused: Bool { get { hot.pointee.paused } set { hot.pointee.paused = newValue } }
    var lastPrice: Price? { get { hot.pointee.lastPrice } set { hot.pointee.lastPrice = newValue } }
    var eventTime: Int64 { get { hot.pointee.eventTime } set { hot.pointee.eventTime = newValue } }
    var events: Int { get { hot.pointee.events } set { hot.pointee.events = newValue } }
    var inlineFailure: (any Error)? { hot.pointee.inlineFailure }
    var warmingUp = false {
        didSet { syncHalt() }
    }
    /// Intents to venue calls, answers and fills to the ledger: the backtester's code too.
    var pipeline: OrderPipeline {
        didSet { if pipeline.ledgerVersion != contextVersion { context = nil } }
    }
    var contextVersion = 0
    /// Read in place, not copied (see `BacktestEngine.ledger`).
    var ledger: BotLedger { _read { yield pipeline.ledger } }
    let spec: BotSpec
    let store: Store
    let venue: any Venue
    let router: VenueRouter
    let hub: MarketDataHub
    let logger: Logger
    let metrics: RuntimeMetrics
    let users: UserBook
    var lastBarTs: Int64?
    /// Set when `shutdown` hands the bot's events back to the router: a restarted instance may
    /// be rebuilding its ledger from the store already, so this one must book nothing more.
    var released = false
    /// An order admitted and journaled inline, for the run loop to send first.
    var readyCall: VenueCall?
    /// The event log's number of the last change by hand handed to the strategy: in every
    /// snapshot, so a restart replays only those after it.
    var manualSeen: Int64 = 0
    /// The strategy's indicator series: computed over the history before the bot replays it, so
    /// a bot resumed from a snapshot (which holds no indicator state) reads them as they were.
    let series: SeriesScope
    /// The UTC day the user's kill switch was last reported for this bot.
    var killSwitchDay: Int64 = -1
    /// Snapshots are JSON; indicator state may hold NaN (a value not yet defined) or
    /// infinities, which plain JSON cannot carry.
    let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "+inf", negativeInfinity: "-inf", nan: "nan")
        return e
    }()
    static var decoder: JSONDecoder {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "+inf", negativeInfinity: "-inf", nan: "nan")
        return d
    }

    public init(spec: BotSpec, params: S.Params, guardrails: RiskGuard, series: SeriesScope? = nil, store: Store, venue: any Venue,
                router: VenueRouter, hub: MarketDataHub, metrics: RuntimeMetrics, users: UserBook, shard: BotShard, logger: Logger) throws {
        // Built first: a strategy that cannot be built leaves nothing to clean up.
        let scope = series ?? SeriesScope(book: nil, instrument: spec.instrument.id, timeframe: spec.timeframe)
        let built = try S(params: params, setup: StrategySetup(instrument: spec.instrument, timeframe: spec.timeframe, series: scope))
        self.series = scope
        id = spec.id
        self.shard = shard
        self.spec = spec
        // The strategy follows the inline state, aligned for its own type.
        let align = MemoryLayout<S>.alignment
        let offset = (MemoryLayout<InlineState>.stride + align - 1) / align * align
        let raw = UnsafeMutableRawPointer.allocate(byteCount: offset + MemoryLayout<S>.size,
                                                   alignment: max(64, align, MemoryLayout<InlineState>.alignment))
        hot = raw.bindMemory(to: InlineState.self, capacity: 1)
        hot.initialize(to: InlineState(sink: IntentSink(bot: spec.id)))
        state = (raw + offset).bindMemory(to: S.self, capacity: 1)
        state.initialize(to: built)
        pipeline = OrderPipeline(ledger: BotLedger(bot: spec.id, instrument: spec.instrument), guardrails: guardrails)
        self.store = store
        self.venue = venue
        self.router = router
        self.hub = hub
        self.metrics = metrics
        self.users = users
        var l = logger
        l[metadataKey: "bot.id"] = "\(spec.id)"
        self.logger = l
    }

    deinit {
        state.deinitialize(count: 1)
        hot.deinitialize(count: 1)
        UnsafeMutableRawPointer(hot).deallocate()
    }

    public func prepare(coldStart: Bool) async throws {
        router.register(bot: id, account: spec.account, instrument: spec.instrument.id, mailbox: mailbox)
        let history = await hub.subscribe(bot: id, instrument: spec.instrument.id, timeframe: spec.timeframe, mailbox: mailbox,
                                          trades: S.wantsTrades ? self : nil, formingEvery: S.formingInterval)
        var replayFrom = Int64.min
        var missed: [OrderEvent] = []
        var manual: [(seq: Int64, change: ManualChange)] = []
        if let snap = try await store.resume(bot: id) {
            let decoded = try Self.decoder.decode(BotSnapshot<S.State>.self, from: Data(snap.state))
            strategy.state = decoded.strategy
            manualSeen = decoded.manualSeen ?? 0
            // Recorded, but the bot stopped before its snapshot said it had acted on them.
            manual = snap.manual.filter { $0.seq > manualSeen }
            lastBarTs = decoded.lastBarTs
            // The clock the bot had: orders placed before its next bar closes are stamped with
            // it, not with 0.
            if let last = decoded.lastBarTs { eventTime = max(eventTime, last + spec.timeframe.milliseconds) }
            replayFrom = decoded.lastBarTs ?? .min
            sink = IntentSink(bot: id, nextSequence: snap.nextSequence)
            try await rebuildLedger(timers: decoded.timers ?? [])
            // Fills recorded after the snapshot (the bot stopped between recording a fill and
            // handling it) go to the strategy again: none is lost.
            missed = try await store.fills(bot: id, after: decoded.fillsSeen).compactMap { $0.fill() }.map { f in
                ledger.order(f.orderID) == nil ? .liquidated(f) : .filled(f)
            }
            logger.info("resumed from snapshot", metadata: ["next_sequence": "\(snap.nextSequence)"])
        } else {
            sink = IntentSink(bot: id, nextSequence: try await store.nextSequence(bot: id))
        }
        // The series over the whole history first (shared ones another bot computed are already
        // there); then bars after the snapshot (or all history for a new bot) bring the
        // strategy up to date, reading them. Nothing may leave while they replay.
        series.catchUp(history, replayFrom: replayFrom)
        warmingUp = true
        for c in history where c.ts > replayFrom {
            try await process(.candleClosed(c, spec.timeframe))
        }
        warmingUp = false
        // The day's PnL counts from what the bot had at 00:00 UTC, not from this start.
        let day = max(eventTime, (lastBarTs ?? 0) + spec.timeframe.milliseconds) / 86_400_000
        let dayStart = try await store.equity(bot: id, atOrBefore: day * 86_400_000) ?? .zero
        users.setDayStart(user: spec.user, bot: id, day: day, pnl: dayStart)
        // The user's limits see this bot's positions and orders from now, not from its next bar.
        await reportExposure()
        for e in missed { try await process(.order(e), recorded: true) }
        for m in manual { try await process(.manual(m.change, seq: m.seq)) }
        // What the venue did with the open orders while the bot was away. Guarded here, not
        // only inside: calling an async function reserves its whole frame in the task's stack
        // allocator, which keeps its peak for the task's life (1.9 KB per bot for nothing).
        if !ledger.openIDs.isEmpty { try await reconcile(ledger.openIDs) }
        try await saveSnapshot()
    }

    public func run() async throws {
        while let batch = await mailbox.next() {
            if let failure = inlineFailure { throw failure }
            // Intents of an inline event come first: they were decided before anything queued.
            try await work()
            if pipeline.hasFeedback { try await tellStrategy() }
            if !mailbox.isClosed { metrics.queueDepth(id, mailbox.depth) }
            for e in batch { try await process(e) }
        }
    }

    /// Brings the cached strategy context up to date with the ledger and the event time.
    func refreshContext() {
        if context == nil || contextVersion != pipeline.ledgerVersion {
            contextVersion = pipeline.ledgerVersion
            let c = ledger.context(time: eventTime)
            context = c
            hot.pointee.contextAddress = c.prefetchAddress
        }
        context!.time = eventTime
    }

    public nonisolated var companion: AnyObject { mailbox }
    public nonisolated var movingAddress: UnsafeRawPointer? { hot.pointee.contextAddress }
    public nonisolated var hotAddress: UnsafeRawPointer { UnsafeRawPointer(hot) }

    /// A trade or ticker from the shard, on the shard's executor. Handled now when the bot is
    /// idle; queued behind what is waiting otherwise, or dropped when the bot is far behind.
    public nonisolated func deliverInline(_ e: BotEvent) -> InlineOutcome {
        #if DEBUG
        shard.preconditionIsolated()
        #endif
        let hot = self.hot
        guard mailbox.isIdle, hot.pointee.inlineFailure == nil else {
            guard mailbox.depth < MarketDataHub.coalesceDepth else { return .dropped }
            mailbox.send(e)
            return .queued
        }
        switch e {
        case .trade(let t):
            hot.pointee.lastPrice = t.price
            hot.pointee.marketTime = t.ts
        case .ticker(let t): hot.pointee.lastPrice = t.last
        default: break
        }
        guard !hot.pointee.paused else { return .skipped }
        // No context means the ledger changed since the last event (only the run loop changes
        // it, and rebuilds the context when it next handles one): the event is its to handle.
        guard hot.pointee.context != nil else {
            mailbox.send(e)
            return .queued
        }
        hot.pointee.events += 1
        do {
            hot.pointee.context!.time = hot.pointee.eventTime
            try state.pointee.handle(e, context: hot.pointee.context!, into: &hot.pointee.sink)
        } catch {
            hot.pointee.inlineFailure = error
            mailbox.wake()
            return .handled
        }
        // A decision to trade: its first order is admitted and journaled here; sending it and
        // the rest of the decision need awaits, which are the run loop's. (Rare, so the
        // isolation check's cost does not matter here.)
        if !hot.pointee.sink.isEmpty {
            hot.pointee.intentAt = .now
            do { try assumeIsolated { try $0.admitFirstIntent() } } catch { hot.pointee.inlineFailure = error }
            mailbox.wake()
        }
        return .handled
    }

    /// One event the run loop timed, counted like the shard counts inline ones: over the
    /// budget a strike, under it one less; the third strike is reported.
    func timed(_ nanos: UInt64, budget: UInt64) {
        if nanos > budget {
            hot.pointee.slowStrikes += 1
            if hot.pointee.slowStrikes >= 3 { reportSlow(nanos: nanos) }
        } else if hot.pointee.slowStrikes > 0 {
            hot.pointee.slowStrikes -= 1
        }
    }

    public nonisolated func reportSlow(nanos: UInt64) {
        guard !hot.pointee.slowReported else { return }
        hot.pointee.slowReported = true
        shard.reports.send(SlowReport(bot: id, nanos: nanos))
    }

    /// A take-profit or stop set by hand: checked against the bot's position and the market,
    /// logged (the commit point: from here a restart replays it), then handed to the strategy
    /// in order with the market's events, through the run loop like any other.
    public func adjust(_ change: ManualChange) async throws -> Int64 {
        guard S.takesManualChanges else {
            throw RuntimeError.badManualChange("strategy '\(S.key)' sets no take-profit or stop that could be changed by hand")
        }
        try check(change)
        let seq = try await store.appendEvent(event(.manualChange(change), ts: recordTime))
        mailbox.send(.manual(change, seq: seq))
        return seq
    }

    /// A close by hand goes through the run loop like a change by hand, in order with the
    /// market's events: the bot's open orders are cancelled and each leg closed at market,
    /// even while paused; the strategy hears of it and of the fills, and goes on. What it
    /// does is in the audit log (the command) and the order record; a stop before it runs
    /// drops it (botd's chat transport tells the user the command was interrupted).
    public func closePosition(by who: String) async throws {
        guard PositionSide.allCases.contains(where: { !ledger.legs[$0].isFlat }) else {
            throw RuntimeError.badManualChange("bot '\(id)' holds no position")
        }
        mailbox.send(.closeByHand(by: who))
    }

    /// A change by hand must name a price and a leg that holds a position, on the side of the
    /// market that makes sense: a long's take-profit above the last price and its stop below.
    func check(_ change: ManualChange) throws {
        guard change.takeProfit != nil || change.stopLoss != nil else {
            throw RuntimeError.badManualChange("give a take-profit or a stop-loss price")
        }
        let sides = change.positionSide.map { [$0] } ?? PositionSide.allCases
        let open = sides.filter { !ledger.legs[$0].isFlat }
        guard !open.isEmpty else {
            throw RuntimeError.badManualChange("bot '\(id)' holds no \(change.positionSide.map { "\($0.rawValue) " } ?? "")position")
        }
        guard let mark = lastPrice else { throw RuntimeError.badManualChange("bot '\(id)' has no market price yet") }
        for side in open {
            let long = ledger.legs[side].quantity.raw > 0
            for (name, price) in [("take-profit", change.takeProfit), ("stop-loss", change.stopLoss)] {
                guard let price else { continue }
                guard price.raw > 0 else { throw RuntimeError.badManualChange("the \(name) must be above 0") }
                let above = name == "take-profit" ? long : !long
                guard above ? price > mark : price < mark else {
                    throw RuntimeError.badManualChange(
                        "a \(long ? "long" : "short") position's \(name) must be \(above ? "above" : "below") the last price \(mark); got \(price)")
                }
            }
        }
    }

    public func setPaused(_ p: Bool) {
        paused = p
        syncHalt()
    }

    /// Nothing may leave while history replays or while the bot is paused or stopping.
    func syncHalt() {
        pipeline.halt = warmingUp ? .warmingUp : paused ? .botNotRunning : nil
    }

    /// Handles one message; `recorded` when an order event is already in the store and ledger.
    func process(_ e: BotEvent, recorded: Bool = false) async throws {
        switch e {
        case .candleClosed(let c, _):
            lastPrice = c.close
            eventTime = c.ts + spec.timeframe.milliseconds
        case .candleForming(let c, _, _):
            lastPrice = c.close
            hot.pointee.marketTime = max(hot.pointee.marketTime, c.ts)
        case .trade(let t):
            lastPrice = t.price
            hot.pointee.marketTime = t.ts
        case .ticker(let t):
            lastPrice = t.last
        case .order(let oe):
            // Booked first; the strategy hears of it from the pipeline (a liquidation under an
            // id of the bot's own), and of a repeat not at all.
            if !recorded {
                try await book(oe)
                return try await tellStrategy()
            }
        case .funding(let f):
            // A settlement reported again, or of a leg the bot did not hold then, is not news.
            guard try await book(f) else { return }
        case .manual(_, let seq):
            // Before the strategy acts: the orders it places are journaled with this snapshot.
            manualSeen = max(manualSeen, seq)
        case .closeByHand(let who):
            // Sent before the strategy hears of it: the cancels and closes leave first.
            if pipeline.queueClose(sink: &hot.pointee.sink) {
                try await work()
            } else {
                logger.notice("a close by hand found no position left", metadata: ["by": "\(who)"])
            }
        default:
            break
        }
        if paused {
            switch e {
            case .order, .riskRejected, .manual, .closeByHand: break
            default: return
            }
        }
        try await handle(e)
        if pipeline.hasFeedback { try await tellStrategy() }
        if case .candleClosed = e {
            for t in pipeline.dueTimers(upTo: eventTime) {
                try await handle(.timer(id: t.id, ts: t.at))
                if pipeline.hasFeedback { try await tellStrategy() }
            }
            if !pipeline.uncertain.isEmpty { try await reconcile(pipeline.uncertain) }
        }
        switch e {
        case .candleClosed(let c, _):
            lastBarTs = c.ts
            if !warmingUp {
                await reportExposure()
                try await store.saveBar(bot: id, snapshot: try snapshotBytes(), nextSequence: sink.nextSequence, ts: eventTime,
                                        equity: pnl())
            }
        case .order, .manual:
            try await saveSnapshot()
        default:
            break
        }
    }

    func handle(_ e: BotEvent) async throws {
        events += 1
        shard.countEvent()
        refreshContext()
        let budget = warmingUp ? 0 : shard.slowBudget
        let started = budget > 0 ? monotonicNanos() : 0
        try strategy.handle(e, context: context!, into: &sink)
        if budget > 0 { timed(monotonicNanos() &- started, budget: budget) }
        guard !sink.isEmpty else { return }
        hot.pointee.intentAt = .now
        try await executeIntents()
    }

    /// Hands the strategy what its orders' events and denials were, in order, and whatever
    /// those cause in turn.
    ///
    /// Callers on the paths every bot takes check `pipeline.hasFeedback` first: a call reserves
    /// this frame in the task's stack allocator even when there is nothing to tell, and the
    /// allocator keeps its peak for the bot's life (measured: with `reconcile`'s, 1.9 KB of
    /// RSS per bot, and the cold start's page faults with it).
    func tellStrategy() async throws {
        while pipeline.hasFeedback {
            for e in pipeline.takeFeedback() {
                // Orders refused because history is replaying or the bot is paused are not risk
                // decisions: counted, logged and reported, they would fill the event log with a
                // line per warm-up signal of every bot at each start.
                if case .riskRejected(let cid, let d) = e, d.code != .warmingUp, d.code != .botNotRunning {
                    metrics.riskRejection()
                    logger.info("risk denial", metadata: ["client_order_id": "\(cid)", "reason": "\(d)"])
                    reportDenial(cid, d)
                }
                try await handle(e)
            }
        }
    }

    func executeIntents() async throws {
        defer { hot.pointee.intentAt = nil }
        pipeline.take(&sink)
        try await work()
    }

    /// Works off the pipeline: the order admitted inline first, then every call its intents
    /// give, each answered and its events applied before the next.
    func work() async throws {
        if let call = readyCall {
            readyCall = nil
            try await perform(call)
        }
        while let call = try nextCall() { try await perform(call) }
    }

    func nextCall() throws -> VenueCall? {
        try pipeline.nextCall(exposure: UserExposureBook(users: users, user: spec.user, bot: id), lastPrice: lastPrice,
                              writeAhead: writeAhead)
    }

    /// The write-ahead record of an admitted order, without leaving this executor: the journal
    /// append is the commit point; the store copies the entry into SQLite before its next
    /// statement.
    func writeAhead(_ order: OrderRequest, _ state: WriteAhead) throws {
        // Timed from the strategy's decision; later orders of one decision count from the
        // moment before them.
        let started = hot.pointee.intentAt ?? .now
        try store.journal.append(JournaledOrder(bot: id, instrument: spec.instrument.id.description, order: order,
                                                snapshot: try snapshotBytes(fillsSeen: state.fillsSeen, timers: state.timers),
                                                nextSequence: sink.nextSequence,
                                                ts: recordTime))
        metrics.orderPersisted(started.duration(to: .now))
        hot.pointee.intentAt = nil
    }

    /// Makes one call through the account's rate gate and books what the venue answered and
    /// reported meanwhile.
    func perform(_ call: VenueCall) async throws {
        if case .submit(let order) = call {
            logger.info("order", metadata: ["client_order_id": "\(order.id)", "side": "\(order.side.rawValue)",
                                            "quantity": "\(order.quantity)"])
        }
        let ack = await venue.call(call, instrument: spec.instrument)
        if let e = pipeline.acknowledge(call, ack) {
            if case .amend = call, case .accepted = e, let r = ledger.order(call.orderID)?.request {
                try await store.amendOrder(r.id, type: r.type, quantity: r.quantity, ts: eventTime,
                                           events: [event(.orderAmended(r.id, price: r.type.limitPrice ?? r.type.triggerPrice,
                                                                        quantity: r.quantity))])
            }
            try await book(e)
        }
        try await bookReported()
        if case .submit = call { await reportExposure() }
    }

    /// Books what the venue has reported for this bot's orders and not yet been read.
    func bookReported() async throws {
        for case .order(let e) in mailbox.drainUrgent() { try await book(e) }
    }

    /// Asks the venue what became of orders whose fate is unknown (an unanswered call, or
    /// orders open while the bot was away) and books what it says, fills first.
    func reconcile(_ ids: [ClientOrderID]) async throws {
        guard !ids.isEmpty else { return }
        let inst = spec.instrument.id
        // Asked once, from the earliest order that needs them (from the start of the record when
        // the venue does not say when it took an order).
        var fills: (since: Int64, list: [Fill])?
        for oid in ids {
            guard let rec = ledger.order(oid) else { continue }
            let found: VenueOrder?
            do { found = try await venue.order(oid, instrument: inst) } catch {
                logger.warning("reconciliation failed", metadata: ["client_order_id": "\(oid)", "error": "\(error)"])
                continue
            }
            guard let found else {
                if rec.status == .pendingNew {
                    // The venue never took it: the order did not happen.
                    try await book(.rejected(oid, reason: "not at the venue after an unanswered call"))
                } else if rec.status.isOpen {
                    try await closeForgotten(oid)
                }
                pipeline.settle(oid)
                continue
            }
            if found.filled > rec.filled {
                let since = found.createdMs ?? 0
                if fills == nil || since < fills!.since { fills = (since, try await venue.fills(instrument: inst, since: since)) }
                for f in fills!.list where f.orderID == oid { try await book(.filled(f)) }
            }
            switch found.status {
            case .accepted, .partiallyFilled: try await book(.accepted(oid))
            case .cancelled: try await book(.cancelled(oid))
            case .expired: try await book(.expired(oid))
            case .rejected: try await book(.rejected(oid, reason: found.reason ?? "rejected by the venue"))
            case .filled where rec.request.quoteQuantity != nil:
                // Its fills cannot say it is over (its base size was the venue's): this does.
                try await book(.completed(oid))
            case .pendingNew, .filled: break
            }
            // Answered: settled even if the answer changed nothing (a cancel unanswered for an
            // order whose fills were all booked), or it would be asked about after every bar.
            if found.status != .pendingNew { pipeline.settle(oid) }
        }
        try await bookReported()
    }

    /// An order the venue took once and no longer knows at all: it finished longer ago than
    /// the venue keeps finished orders (OKX: 7 days), while the bot was not running. What it
    /// filled is still in the venue's fill history: booked, and the order closed as expired,
    /// so the bot neither waits on it nor misses the position it built.
    func closeForgotten(_ oid: ClientOrderID) async throws {
        let since = (try await store.orderCreated(oid)).map { $0 - 60_000 } ?? 0
        for f in try await venue.fills(instrument: spec.instrument.id, since: since) where f.orderID == oid {
            try await book(.filled(f))
        }
        logger.warning("an order the venue no longer knows is closed as expired, with the fills it reported",
                       metadata: ["client_order_id": "\(oid)", "filled": "\(ledger.order(oid)?.filled ?? .zero)"])
        if ledger.order(oid)?.status.isOpen == true { try await book(.expired(oid)) }
    }

    /// On an inline decision, the first order is admitted right away, on the shard, instead
    /// of after the hand-over to the run loop (a job switch, 20 µs when the machine has
    /// idled). Only the first: a later order of the same decision may depend on what the
    /// venue answers to it, so the run loop keeps the rest, in order. The bot is quiescent
    /// here (its mailbox idle), as the run loop would find it.
    func admitFirstIntent() throws {
        guard readyCall == nil else { return }
        pipeline.take(&sink)
        guard pipeline.nextIsOrder else { return }
        readyCall = try nextCall()
    }

    /// When an order or its events are stamped: the latest of the last closed bar and the last
    /// trade or forming bar seen (a decision on a trade comes before its bar closes).
    var recordTime: Int64 { max(eventTime, hot.pointee.marketTime) }

    func notional(of r: OrderRequest) -> Money { pipeline.notional(of: r, lastPrice: lastPrice) }

    /// Books an order event in the ledger and the store (with the position after a fill). A
    /// repeat changes nothing; an event for an order this bot does not know is kept by the
    /// pipeline and logged.
    func book(_ e: OrderEvent) async throws {
        // What this instance still held when it stopped goes to the bot's next instance (or is
        // kept for it by the router), which alone books from now on: booked by both, a fill
        // counted twice.
        guard !released else { return router.deliver(e, instrument: spec.instrument.id) }
        if case .liquidated(var f) = e {
            guard !pipeline.knowsLiquidation(f) else { return }
            // The venue's id for a liquidation is its own; the bot books it under an id minted
            // from its sequence, never reused.
            f.orderID = sink.newID()
            // Booked on a copy first: the store is what knows a liquidation reported again after
            // a restart (it has no order of ours to remember it by).
            var next = pipeline
            _ = next.applyLiquidation(f)
            let before = ledger.position(f.positionSide), after = next.ledger.position(f.positionSide)
            let ts = max(recordTime, f.ts)
            let events = [event(.liquidated(f.orderID, side: f.side, price: f.price, quantity: f.quantity, fee: f.fee,
                                            tradeID: f.tradeID), ts: ts)] + positionEvents(before: before, after: after)
            if try await store.recordLiquidation(bot: id, instrument: spec.instrument.id.description, fill: f, position: after,
                                                 nextSequence: sink.nextSequence, ts: ts, events: events) {
                pipeline = next
            }
            return
        }
        var before: Position?
        if case .filled(let f) = e { before = ledger.position(f.positionSide) }
        switch pipeline.apply(e) {
        case .applied: break
        case .duplicate: return
        case .unknownOrder:
            logger.warning("order event for an order this bot does not know", metadata: ["client_order_id": "\(e.orderID)"])
            return
        }
        let rec = ledger.order(e.orderID)
        var position: Position?
        if case .filled(let f) = e { position = ledger.position(f.positionSide) }
        let recorded = try await store.recordOrderEvent(bot: id, event: e, status: rec?.status ?? .filled, filled: rec?.filled ?? .zero,
                                                        position: position, snapshot: nil, nextSequence: sink.nextSequence,
                                                        ts: recordTime, events: events(of: e, positionBefore: before))
        if !recorded {
            // The ledger took a fill the store already had: only a ledger rebuilt without its
            // trade ids could; the store's record stands, and the restart rebuilds from it.
            logger.error("a fill the store had was applied again in memory", metadata: ["client_order_id": "\(e.orderID)"])
        }
    }

    /// Books this bot's share of a funding settlement, leg by leg, in the ledger and the store:
    /// on what each leg held at the settlement, which a live venue reports after the fact (the
    /// bot may have traded since), and once however often it is reported.
    @discardableResult
    func book(_ f: FundingCharge) async throws -> Bool {
        var booked = false
        let since = try await store.quantityFilled(bot: id, after: f.ts)
        for side in PositionSide.allCases where f.side == nil || f.side == side {
            let held = ledger.position(side).quantity - since[side, default: .zero]
            guard !held.isZero else { continue }
            let amount = f.payment(quantity: held, spec.instrument)
            var next = pipeline
            next.addFunding(amount, side: side)
            if try await store.recordFunding(bot: id, amount: amount, position: next.ledger.position(side), ts: f.ts) {
                pipeline = next
                booked = true
            }
        }
        return booked
    }

    func snapshotBytes() throws -> [UInt8] { try snapshotBytes(fillsSeen: ledger.fillCount, timers: pipeline.timers) }

    func snapshotBytes(fillsSeen: Int, timers: [PendingTimer]) throws -> [UInt8] {
        // The fast encoder declines what it cannot stream; JSONEncoder writes the same JSON.
        if let state = try? S.encodeState(strategy.state) {
            return BotSnapshot<S.State>.json(state: state, lastBarTs: lastBarTs, fillsSeen: fillsSeen,
                                             timers: timers, manualSeen: manualSeen > 0 ? manualSeen : nil)
        }
        return Array(try encoder.encode(BotSnapshot(strategy: strategy.state, lastBarTs: lastBarTs, fillsSeen: fillsSeen,
                                                    timers: timers, manualSeen: manualSeen > 0 ? manualSeen : nil)))
    }

    /// Rebuilds the ledger from the store: open and recent orders, positions, counts. Its cost
    /// is what is open, not the bot's history.
    func rebuildLedger(timers: [PendingTimer]) async throws {
        let rec = try await store.ledgerRecord(bot: id, keepFinished: BotLedger.keepFinished)
        var records: [BotLedger.OrderRecord] = []
        for row in rec.orders {
            guard let r = row.request(), let status = OrderStatus(rawValue: row.status) else { continue }
            let notional = (rec.fills[row.clientOrderID] ?? []).reduce(Money.zero) {
                $0 + spec.instrument.notional(price: $1.0, quantity: $1.1)
            }
            records.append(.init(request: r, status: status, filled: row.filled, filledNotional: notional, history: [status],
                                 tradeIDs: (rec.tradeIDs[row.clientOrderID] ?? []).sorted()))
        }
        var legs = Legs()
        for p in rec.positions { legs[p.side] = p }
        pipeline.restore(BotLedger(bot: id, instrument: spec.instrument, restoring: records, legs: legs,
                                   fillCount: rec.fillCount, submittedCount: rec.orderCount), timers: timers)
    }

    func saveSnapshot() async throws {
        try await store.saveSnapshot(bot: id, snapshot: try snapshotBytes(), nextSequence: sink.nextSequence, ts: eventTime)
    }

    /// Tells the user book this bot's position and open-order notionals and its PnL now.
    func reportExposure() async {
        var positions = Money.zero
        if let mark = lastPrice {
            for side in PositionSide.allCases where !ledger.legs[side].isFlat {
                positions += spec.instrument.checkedNotional(price: mark, quantity: ledger.legs[side].quantity.magnitude) ?? .zero
            }
        }
        var open = Money.zero
        for oid in ledger.openIDs {
            guard let rec = ledger.order(oid), !rec.request.reduceOnly else { continue }
            var rest = rec.request
            rest.quantity = rec.request.quantity - rec.filled
            open += notional(of: rest)
        }
        users.update(user: spec.user, bot: id, notional: positions, pending: open, pnl: pnl(), ts: eventTime)
    }

    /// Realized + unrealized − fees − funding over every leg, at the last price.
    func pnl() -> Money {
        var total = Money.zero
        for side in PositionSide.allCases {
            let p = ledger.legs[side]
            total += lastPrice.map { p.netPnL(at: $0, spec.instrument) } ?? (p.realizedPnL - p.feesPaid - p.fundingPaid)
        }
        return total
    }

    public func legs() -> Legs { ledger.legs }

    public func status(state: BotState, restarts: Int, lastError: String?) -> BotStatus {
        let inst = spec.instrument
        let legs = ledger.legs
        let mark = lastPrice ?? 0
        var realized = Money.zero, unrealized = Money.zero, fees = Money.zero, funding = Money.zero
        for side in PositionSide.allCases {
            let p = legs[side]
            realized += p.realizedPnL
            fees += p.feesPaid
            funding += p.fundingPaid
            if mark.raw > 0 { unrealized += p.unrealizedPnL(at: mark, inst) }
        }
        let main = legs.net.isFlat ? (legs.long.isFlat ? legs.short : legs.long) : legs.net
        return BotStatus(id: id, user: spec.user, strategy: spec.strategy, instrument: inst.id.description,
                         timeframe: spec.timeframe.description, state: state, position: main.quantity,
                         averageEntry: main.averageEntry(inst), realizedPnL: realized, unrealizedPnL: unrealized, fees: fees, funding: funding,
                         netPnL: realized + unrealized - fees - funding, openOrders: ledger.openOrderCount,
                         orders: ledger.submittedCount, fills: ledger.fillCount, events: events, queueDepth: mailbox.depth,
                         restarts: restarts, lastError: lastError)
    }

    public func shutdown(policy: OnStop) async {
        paused = true
        syncHalt()
        // An order admitted inline is journaled: it goes out, and then the policy applies to it
        // like to any other. The policy's own orders take the same write-ahead path.
        pipeline.queueStop(cancelOrders: policy != .leave, closePositions: policy == .closePosition, sink: &hot.pointee.sink)
        do { try await work() } catch { logger.error("applying the stop policy failed", metadata: ["error": "\(error)"]) }
        // What the venue reported and the run loop has not taken is booked before letting go.
        try? await bookReported()
        // The strategy is done: what its orders did is in the store, for its next start.
        _ = pipeline.takeFeedback()
        try? await saveSnapshot()
        router.unregister(bot: id)
        released = true
        users.remove(user: spec.user, bot: id)
        await hub.unsubscribe(bot: id, instrument: spec.instrument.id, timeframe: spec.timeframe)
        metrics.forget(bot: id)
        mailbox.close()
    }
}

/// The part of a bot's state an inline trade touches, besides its strategy.
struct InlineState {
    var sink: IntentSink
    /// The strategy's view of the ledger, rebuilt only when the ledger changes.
    var context: StrategyContext?
    /// The context's storage, for the shard's prefetch.
    var contextAddress: UnsafeRawPointer?
    var paused = false
    var lastPrice: Price?
    var eventTime: Int64 = 0
    /// Time of the last trade or forming bar: see `BotActor.recordTime`.
    var marketTime: Int64 = 0
    var events = 0
    /// The strategy threw on an inline event; the run loop rethrows it.
    var inlineFailure: (any Error)?
    /// When the strategy last emitted intents, for the write-ahead latency.
    var intentAt: ContinuousClock.Instant?
    /// Events the run loop timed over the shard's budget, less those under it.
    var slowStrikes = 0
    /// Reported slow to the supervisor (once per instance: the next one runs isolated).
    var slowReported = false
}
