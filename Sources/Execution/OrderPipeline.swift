import BotCore
import Risk

/// The one place where a strategy's intents become venue calls and where what a venue answers
/// and reports is applied to the bot's ledger. The backtester drives it synchronously over the
/// paper engine and the bot actor asynchronously over any venue, so one strategy given one
/// stream of events places the same orders in both.
///
/// A state machine that hands out actions, after swift-nio's: it does no I/O. The driver gives
/// it intents, asks for the next call, writes the order ahead (the pipeline calls the driver's
/// `writeAhead` with what the record needs of it after admission and before handing the call out), performs the call, applies
/// the answer and whatever the venue has reported since, and only then asks for the next one:
/// an order may depend on what the venue said to the one before it. What the strategy must be
/// told (its denials, its orders' events) collects in `feedback`, in order, for the driver to
/// persist first and deliver after.
public struct OrderPipeline: Sendable {
    public let instrument: Instrument
    public var guardrails: RiskGuard
    public private(set) var ledger: BotLedger {
        didSet { ledgerVersion &+= 1 }
    }
    /// Changes whenever the ledger does, so a driver can cache the strategy's view of it.
    public private(set) var ledgerVersion = 0
    public private(set) var timers: [PendingTimer]
    /// Why no new order may leave now (warming up, paused), or nil.
    public var halt: RiskDenial.Code?
    /// Set by `queueStop`: the closing orders of a stop leave despite `halt`.
    var stopping = false
    /// Closing orders queued by hand (`queueClose`): they leave despite `halt` too.
    var closesByHand: Set<ClientOrderID> = []
    var pending: [Intent] = []
    public private(set) var feedback: [BotEvent] = []
    /// Order events for orders the ledger does not know: kept and reported, never attributed.
    public private(set) var unmatched: [OrderEvent] = []
    /// Orders whose call went unanswered: only the venue can say what became of them.
    public private(set) var uncertain: [ClientOrderID] = []
    /// Trade ids of the liquidations booked, newest last (a liquidation has no order of ours
    /// to remember them by).
    var liquidations: [String] = []

    public init(ledger: BotLedger, guardrails: RiskGuard, timers: [PendingTimer] = []) {
        instrument = ledger.instrument
        self.ledger = ledger
        self.guardrails = guardrails
        self.timers = timers
        // No capacity reserved: two buffers per bot are memory ten thousand bots pay for
        // while most never trade; they grow on the first decision and keep their capacity.
    }

    /// Replaces the ledger with one rebuilt from the record (a restart).
    public mutating func restore(_ ledger: BotLedger, timers: [PendingTimer]) {
        self.ledger = ledger
        self.timers = timers
    }

    /// Takes the strategy's intents, after any still waiting.
    public mutating func take(_ sink: inout IntentSink) {
        sink.drain { pending.append($0) }
    }

    public var hasPendingIntents: Bool { !pending.isEmpty }
    /// True when the next intent would become an order (not a cancel, amend or timer).
    public var nextIsOrder: Bool {
        switch pending.first {
        case .place, .close: true
        default: false
        }
    }

    /// The next call to make, or nil when every intent has been worked off. Orders pass the
    /// user's exposure and RiskGuard (which rounds them to tick and lot), enter the ledger and
    /// are written ahead before they are returned; a denied one becomes feedback instead.
    public mutating func nextCall<B: ExposureBook>(exposure: B, lastPrice: Price?,
                                                   writeAhead: (OrderRequest, WriteAhead) throws -> Void) rethrows -> VenueCall? {
        while !pending.isEmpty {
            switch pending.removeFirst() {
            case .place(let r):
                if let order = try admit(r, exposure, lastPrice, writeAhead) { return .submit(order) }
            case .close(let id, let side):
                guard let r = ledger.closingOrder(id: id, side: side) else {
                    deny(id, RiskDenial(.reduceOnlyExceedsPosition, "position=0 (\(side.rawValue)): nothing to close"))
                    continue
                }
                if let order = try admit(r, exposure, lastPrice, writeAhead) { return .submit(order) }
            case .cancel(let id):
                ledger.markCancelling(id)
                return .cancel(id)
            case .amend(let id, let price, let quantity):
                guard halt == nil else { continue }
                return .amend(id, price: price.map { $0.rounded(toMultipleOf: instrument.tickSize, .halfEven) },
                              quantity: quantity.map { $0.rounded(toMultipleOf: instrument.lotSize, .towardZero) })
            case .setTimer(let id, let at):
                timers.removeAll { $0.id == id }
                timers.append(PendingTimer(at: at, id: id))
            }
        }
        return nil
    }

    mutating func admit<B: ExposureBook>(_ r: OrderRequest, _ exposure: B, _ lastPrice: Price?,
                                         _ writeAhead: (OrderRequest, WriteAhead) throws -> Void) rethrows -> OrderRequest? {
        let byHand = closesByHand.remove(r.id) != nil
        if let halt, !((stopping || byHand) && r.reduceOnly) {
            deny(r.id, RiskDenial(halt, ""))
            return nil
        }
        let reserved = r.reduceOnly ? .zero : notional(of: r, lastPrice: lastPrice)
        switch guardrails.check(r, ledger: ledger, user: exposure.reserve(reserved), lastPrice: lastPrice) {
        case .failure(let d):
            exposure.release(reserved)
            deny(r.id, d)
            return nil
        case .success(let order):
            ledger.submit(order)
            // What the record written ahead carries of the pipeline goes along: the driver may
            // not read the pipeline while this call changes it.
            try writeAhead(order, WriteAhead(fillsSeen: ledger.fillCount, timers: timers))
            return order
        }
    }

    mutating func deny(_ id: ClientOrderID, _ d: RiskDenial) {
        feedback.append(.riskRejected(id, d))
    }

    /// An order's notional at its limit or trigger price, else at the last price; an order
    /// sized in quote is worth its amount.
    public func notional(of r: OrderRequest, lastPrice: Price?) -> Money {
        if let quote = r.quoteQuantity { return quote }
        guard let p = r.type.limitPrice ?? r.type.triggerPrice ?? lastPrice else { return .zero }
        return instrument.checkedNotional(price: p, quantity: r.quantity) ?? .zero
    }

    /// Turns the venue's answer to `call` into the order event it amounts to, if any, for the
    /// driver to apply (and persist) like any other. An accepted cancel says nothing yet: the
    /// cancellation itself arrives as an event. An accepted amendment changes the order now.
    public mutating func acknowledge(_ call: VenueCall, _ ack: VenueAck) -> OrderEvent? {
        switch (call, ack) {
        case (_, .unknown):
            if !uncertain.contains(call.orderID) { uncertain.append(call.orderID) }
            return nil
        case (.submit(let r), .accepted):
            return .accepted(r.id)
        case (.cancel, .accepted):
            return nil
        case (.amend(let id, let price, let quantity), .accepted):
            guard ledger.order(id)?.status.isOpen == true else { return nil }
            ledger.amend(id, price: price, quantity: quantity)
            return .accepted(id)
        case (_, .rejected):
            return .rejected(call.orderID, reason: ack.reason ?? "")
        }
    }

    public enum Outcome: Equatable, Sendable {
        /// Booked in the ledger and queued for the strategy: the driver persists it.
        case applied
        /// Already booked (the same fill reported again): nothing changed.
        case duplicate
        /// Not an order of this bot's ledger: kept in `unmatched`.
        case unknownOrder
    }

    /// Applies one order event, from whatever transport carried it, in whatever order it came.
    public mutating func apply(_ e: OrderEvent) -> Outcome {
        switch ledger.applying(e) {
        case .unknownOrder:
            unmatched.append(e)
            return .unknownOrder
        case .duplicate:
            return .duplicate
        case .applied:
            if !uncertain.isEmpty { uncertain.removeAll { $0 == e.orderID } }
            feedback.append(.order(e))
            return .applied
        }
    }

    /// The venue has answered for an uncertain order and its answer is booked: nothing is left
    /// to learn, even when the answer changed nothing (an order that had already filled).
    public mutating func settle(_ id: ClientOrderID) {
        uncertain.removeAll { $0 == id }
    }

    /// Whether a liquidation with this trade id is already booked.
    public func knowsLiquidation(_ f: Fill) -> Bool {
        f.tradeID.map { liquidations.contains($0) } ?? false
    }

    /// Books a liquidation of one of the bot's legs, under an id the driver minted from the
    /// bot's own sequence (the venue's id for it is the venue's).
    public mutating func applyLiquidation(_ f: Fill) -> Outcome {
        guard !knowsLiquidation(f) else { return .duplicate }
        if let t = f.tradeID {
            liquidations.append(t)
            if liquidations.count > 64 { liquidations.removeFirst() }
        }
        ledger.applyLiquidation(f)
        feedback.append(.order(.liquidated(f)))
        return .applied
    }

    /// Books the bot's share of a funding settlement, leg by leg; returns what each leg paid.
    public mutating func applyFunding(_ f: FundingCharge) -> [(side: PositionSide, amount: Money)] {
        var paid: [(side: PositionSide, amount: Money)] = []
        for side in PositionSide.allCases where !ledger.legs[side].isFlat {
            let amount = f.payment(quantity: ledger.legs[side].quantity, instrument)
            ledger.addFunding(amount, side: side)
            paid.append((side, amount))
        }
        return paid
    }

    /// Books a funding payment the driver worked out itself (from what the leg held at the
    /// settlement, which a live venue reports after the fact).
    public mutating func addFunding(_ amount: Money, side: PositionSide) {
        ledger.addFunding(amount, side: side)
    }

    /// Hands over what the strategy must be told, in order.
    public mutating func takeFeedback() -> [BotEvent] {
        var out: [BotEvent] = []
        swap(&out, &feedback)
        return out
    }

    /// Appends what the strategy must be told to `out` and keeps the buffer: for a driver
    /// that queues it (the backtester, per order).
    public mutating func moveFeedback(into out: inout [BotEvent]) {
        guard !feedback.isEmpty else { return }
        out.append(contentsOf: feedback)
        feedback.removeAll(keepingCapacity: true)
    }

    public var hasFeedback: Bool { !feedback.isEmpty }

    /// Removes and returns the timers due at `ts`, in time order.
    public mutating func dueTimers(upTo ts: Int64) -> [PendingTimer] {
        guard !timers.isEmpty else { return [] }
        let due = timers.filter { $0.at <= ts }.sorted { ($0.at, $0.id) < ($1.at, $1.id) }
        if !due.isEmpty { timers.removeAll { $0.at <= ts } }
        return due
    }

    /// Queues what a stop does to the bot's book: cancel its open orders, then close its
    /// positions at market (these pass even while the bot is halted).
    public mutating func queueStop(cancelOrders: Bool, closePositions: Bool, sink: inout IntentSink) {
        stopping = true
        if cancelOrders || closePositions {
            for id in ledger.openIDs { pending.append(.cancel(id)) }
        }
        if closePositions {
            for side in PositionSide.allCases where !ledger.position(side).isFlat {
                pending.append(.close(sink.newID(), positionSide: side))
            }
        }
    }

    /// Queues a close by hand: the bot's open orders cancelled, then every leg that holds a
    /// position closed at market (these pass while the bot is paused, as a stop's do). False
    /// when the bot holds no position.
    public mutating func queueClose(sink: inout IntentSink) -> Bool {
        let legs = PositionSide.allCases.filter { !ledger.position($0).isFlat }
        guard !legs.isEmpty else { return false }
        for id in ledger.openIDs { pending.append(.cancel(id)) }
        for side in legs {
            let id = sink.newID()
            closesByHand.insert(id)
            pending.append(.close(id, positionSide: side))
        }
        return true
    }

    /// Enters an order that leaves without the checks: how a backtest settles what is still
    /// open after its last bar.
    public mutating func forceSubmit(_ r: OrderRequest) {
        ledger.submit(r)
    }
}

/// What an order's write-ahead record carries of the pipeline's state besides the order.
public struct WriteAhead: Sendable {
    /// Fills the strategy has been told of, and the timers it has set.
    public var fillsSeen: Int
    public var timers: [PendingTimer]
}
