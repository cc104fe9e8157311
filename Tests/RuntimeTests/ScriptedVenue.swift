import BotCore
import MarketSim
import Foundation

/// A venue for the tests that is not the paper engine: it keeps its own true book of every
/// order (request, status, cumulative fill, each fill with its trade id) and the account's
/// position per instrument and leg, fills by one fixed rule, and lets a script choose, call by
/// call, how it answers and how it reports: late, twice, out of order, not at all.
///
/// The rule: a market order fills whole at `price`, in `parts` fills of equal size (the last
/// takes the remainder), each with a trade id of its own (`T1`, `T2`, … for the venue's life).
/// A limit order rests until the test fills it (`fillResting`) at its limit price. A cancel
/// cancels what is left of an open order; an amendment is refused.
actor ScriptedVenue: Venue {
    /// What the script does to one call.
    struct Faults: Sendable {
        enum Ack: Sendable {
            /// What the venue decided: accepted, or rejected when the call made no sense to it.
            case venue
            /// No answer in time, whether or not the call took effect.
            case unknown
        }
        enum Delivery: Sendable {
            /// Before the answer returns, as a REST answer carrying them would.
            case inline
            /// From a task after the answer, `gapMs` apart, as a private stream would.
            case stream
            /// Both: every event twice with the same trade ids, once inline and once streamed.
            case both
            /// Never: only the queries tell what happened.
            case lost
        }
        enum Order: Sendable {
            case asIs
            case reversed
            /// The order's acceptance after its fills.
            case acceptedLast
            case shuffled(seed: UInt64)
        }
        var ack: Ack = .venue
        /// False: the call never reached the venue's book (only with `ack: .unknown`).
        var takesEffect = true
        var delivery: Delivery = .inline
        var order: Order = .asIs
        /// For a cancel: the venue fills this many more parts of the order just before the
        /// cancel takes effect (a fill that precedes the cancel at the venue).
        var fillBeforeCancel = 0
        /// Events of this call delivered twice in a row on the same path.
        var repeatEach = false
        /// After this call the venue stops answering queries: the next this many fail.
        var queriesFail = 0
        /// The fills of this call are held back until the test releases them (`release`); the
        /// other events go as `delivery` says.
        var holdFills = false

        static let normal = Faults()
    }

    /// Decides the faults of the `n`th call (from 0) the venue receives.
    typealias Script = @Sendable (_ n: Int, _ call: VenueCall) -> Faults

    /// The venue's own record of one order.
    struct BookOrder: Sendable {
        var request: OrderRequest
        var instrument: InstrumentID
        var status: OrderStatus
        var filled: Quantity = .zero
        var fills: [Fill] = []
        /// Every status the venue gave it, in order.
        var history: [OrderStatus]
        /// What the venue reported about it, each once, in the order it happened.
        var events: [OrderEvent] = []
        /// Placed through `call`; false for an order someone else placed on the account.
        var sent: Bool
        /// The venue's clock when it took the order.
        var created: Int64 = 0
    }

    struct Leg: Hashable, Sendable {
        var instrument: InstrumentID
        var side: PositionSide
    }

    struct Unreachable: Error {}

    nonisolated let account: String
    let script: Script
    let price: Price
    let parts: Int
    let gapMs: Int
    private var sink: (any VenueEventSink)?
    private(set) var book: [ClientOrderID: BookOrder] = [:]
    private(set) var legs: [Leg: Quantity] = [:]
    private(set) var calls: [VenueCall] = []
    /// Orders `order(_:instrument:)` no longer finds (see `forget`).
    private var forgotten: Set<ClientOrderID> = []
    /// Every event handed to the sink, with how often (duplicates included).
    private(set) var reported: [OrderEvent] = []
    /// Queries `order(_:instrument:)` and `fills` answered or refused.
    private(set) var queries = 0
    /// The `since` of every fills query: a reconciliation asks from the order's creation on.
    private(set) var fillsAskedSince: [Int64] = []
    /// The next this many order and fill queries fail (the venue unreachable).
    var failingQueries = 0
    /// On `connect`, replays every event it ever reported, as a private stream does on
    /// reconnecting (what it sent before the disconnect may not have arrived).
    var replayOnConnect = false
    private var tradeSeq = 0
    private var clock: Int64 = 1_700_000_000_000
    private var inFlight: [Task<Void, Never>] = []
    /// Reports held back by `holdFills`, in the order they happened.
    private var held: [(OrderEvent, InstrumentID)] = []

    init(account: String = "paper", price: Price = 100_000, parts: Int = 3, gapMs: Int = 2,
         script: @escaping Script = { _, _ in .normal }) {
        self.account = account
        self.price = price
        self.parts = parts
        self.gapMs = gapMs
        self.script = script
    }

    func connect(_ sink: any VenueEventSink) {
        self.sink = sink
        if replayOnConnect { replay(delivery: .inline) }
    }

    func setFailingQueries(_ n: Int) { failingQueries = n }
    func setReplayOnConnect(_ on: Bool) { replayOnConnect = on }

    // MARK: calls

    func call(_ call: VenueCall, instrument: Instrument) -> VenueAck {
        let n = calls.count
        calls.append(call)
        let f = script(n, call)
        var ack = VenueAck.accepted
        var events: [OrderEvent] = []
        if f.takesEffect {
            switch call {
            case .submit(let r):
                if book[r.id] != nil {
                    ack = .rejected(code: "51016", message: "duplicated client order id")
                } else {
                    clock += 1
                    book[r.id] = BookOrder(request: r, instrument: instrument.id, status: .accepted, history: [.accepted], sent: true,
                                           created: clock)
                    events.append(record(.accepted(r.id)))
                    if case .market = r.type { events += fill(r.id, parts: parts, of: parts) }
                }
            case .cancel(let id):
                if let o = book[id], o.status.isOpen {
                    if f.fillBeforeCancel > 0 { events += fill(id, parts: f.fillBeforeCancel, of: parts) }
                    if book[id]!.status.isOpen {
                        set(id, .cancelled)
                        events.append(record(.cancelled(id)))
                    }
                } else {
                    ack = .rejected(code: "51400", message: "order does not exist or is finished")
                }
            case .amend:
                ack = .rejected(code: "51000", message: "amendments are not scripted")
            }
        }
        if case .unknown = f.ack { ack = .unknown }
        failingQueries += f.queriesFail
        if f.holdFills {
            held += events.filter { if case .filled = $0 { true } else { false } }.map { ($0, instrument.id) }
            events.removeAll { if case .filled = $0 { true } else { false } }
        }
        deliver(arranged(events, f.order), on: instrument.id, f.delivery, repeatEach: f.repeatEach)
        return ack
    }

    /// Fills `parts` more of the order's `of` parts (at its limit price, or `price`), at most
    /// what is left; the order becomes partially filled or filled. Returns the fill events.
    private func fill(_ id: ClientOrderID, parts k: Int, of n: Int) -> [OrderEvent] {
        guard var o = book[id] else { return [] }
        let total = o.request.quantity
        let each = Quantity(raw: total.raw / Int64(n))
        var out: [OrderEvent] = []
        for _ in 0..<k where o.filled < total {
            let left = total - o.filled
            // The last part takes the remainder of the division.
            let q = left - each < each ? left : each
            tradeSeq += 1
            clock += 1
            let f = Fill(orderID: id, ts: clock, side: o.request.side, positionSide: o.request.positionSide,
                         price: o.request.type.limitPrice ?? price, quantity: q, fee: .zero,
                         liquidity: o.request.type.limitPrice == nil ? .taker : .maker, reduceOnly: o.request.reduceOnly,
                         tradeID: "T\(tradeSeq)")
            o.filled += q
            o.fills.append(f)
            let leg = Leg(instrument: o.instrument, side: f.positionSide)
            legs[leg, default: .zero] += f.side == .buy ? q : -q
            let status: OrderStatus = o.filled >= total ? .filled : .partiallyFilled
            if o.history.last != status { o.history.append(status) }
            o.status = status
            o.events.append(.filled(f))
            out.append(.filled(f))
        }
        book[id] = o
        return out
    }

    private func set(_ id: ClientOrderID, _ status: OrderStatus) {
        book[id]!.status = status
        if book[id]!.history.last != status { book[id]!.history.append(status) }
    }

    private func record(_ e: OrderEvent) -> OrderEvent {
        book[e.orderID]?.events.append(e)
        return e
    }

    private func arranged(_ events: [OrderEvent], _ order: Faults.Order) -> [OrderEvent] {
        switch order {
        case .asIs: return events
        case .reversed: return events.reversed()
        case .acceptedLast:
            let accepted = events.filter { if case .accepted = $0 { true } else { false } }
            return events.filter { if case .accepted = $0 { false } else { true } } + accepted
        case .shuffled(let seed):
            var g = SplitMix64(seed: seed &+ UInt64(calls.count))
            return events.shuffled(using: &g)
        }
    }

    private func deliver(_ events: [OrderEvent], on inst: InstrumentID, _ delivery: Faults.Delivery, repeatEach: Bool) {
        guard !events.isEmpty else { return }
        let out = repeatEach ? events.flatMap { [$0, $0] } : events
        switch delivery {
        case .inline: for e in out { send(e, inst) }
        case .stream: stream(out, inst)
        case .both:
            for e in out { send(e, inst) }
            stream(out, inst)
        case .lost: break
        }
    }

    private func send(_ e: OrderEvent, _ inst: InstrumentID) {
        reported.append(e)
        sink?.deliver(e, instrument: inst)
    }

    private func stream(_ events: [OrderEvent], _ inst: InstrumentID) {
        let gap = gapMs
        inFlight.append(Task {
            for e in events {
                try? await Task.sleep(for: .milliseconds(gap))
                self.send(e, inst)
            }
        })
    }

    // MARK: what the test does at the venue

    /// Fills `parts` parts of a resting order, as the market reaching its price would.
    func fillResting(_ id: ClientOrderID, parts k: Int, delivery: Faults.Delivery = .stream, order: Faults.Order = .asIs) {
        guard let o = book[id], o.status.isOpen else { return }
        deliver(arranged(fill(id, parts: k, of: parts), order), on: o.instrument, delivery, repeatEach: false)
    }

    /// Delivers what `holdFills` held back.
    func release(delivery: Faults.Delivery = .inline) {
        let out = held
        held.removeAll()
        for (e, inst) in out { deliver([e], on: inst, delivery, repeatEach: false) }
    }

    /// An order someone else placed on the account under `id` (a person on the venue's site,
    /// another program), filled at once and reported like any other.
    func placeForeign(_ id: ClientOrderID, side: Side, quantity: Quantity, instrument: InstrumentID) {
        let r = OrderRequest(id: id, side: side, type: .market, quantity: quantity)
        book[id] = BookOrder(request: r, instrument: instrument, status: .accepted, history: [.accepted], sent: false)
        var events = [record(.accepted(id))]
        events += fill(id, parts: 1, of: 1)
        deliver(events, on: instrument, .inline, repeatEach: false)
    }

    /// Reports again everything it ever reported about the orders `which` selects (all by
    /// default), as a stream replays after a reconnect or a REST history answers.
    func replay(_ which: @Sendable (BookOrder) -> Bool = { _ in true }, delivery: Faults.Delivery = .stream,
                order: Faults.Order = .asIs) {
        for o in book.values.sorted(by: { $0.request.id < $1.request.id }) where which(o) {
            deliver(arranged(o.events, order), on: o.instrument, delivery, repeatEach: false)
        }
    }

    func replay(bot: String, delivery: Faults.Delivery = .stream, order: Faults.Order = .asIs) {
        let hash = ClientOrderID.hash(bot)
        replay({ $0.request.id.botHash == hash }, delivery: delivery, order: order)
    }

    /// Waits until every streamed event has been handed over.
    func quiesce() async {
        while !inFlight.isEmpty {
            let t = inFlight.removeFirst()
            await t.value
        }
    }

    /// The orders a bot sent (by its id's hash), in sequence order.
    func orders(ofBot bot: String) -> [BookOrder] {
        let hash = ClientOrderID.hash(bot)
        return book.values.filter { $0.sent && $0.request.id.botHash == hash }.sorted { $0.request.id < $1.request.id }
    }

    func openIDs(ofBot bot: String) -> [ClientOrderID] { orders(ofBot: bot).filter { $0.status.isOpen }.map(\.request.id) }

    /// The bot's share of the account's position on one leg: what the fills of its own orders built.
    func position(ofBot bot: String, side: PositionSide = .net) -> Quantity {
        orders(ofBot: bot).flatMap(\.fills).filter { $0.positionSide == side }
            .reduce(Quantity.zero) { $0 + ($1.side == .buy ? $1.quantity : -$1.quantity) }
    }

    // MARK: queries

    private func query() throws {
        queries += 1
        if failingQueries > 0 {
            failingQueries -= 1
            throw Unreachable()
        }
    }

    func openOrders(instrument: InstrumentID?) throws -> [VenueOrder] {
        try query()
        return book.values.filter { $0.status.isOpen && (instrument == nil || $0.instrument == instrument) }
            .sorted { $0.request.id < $1.request.id }
            .map { VenueOrder(request: $0.request, instrument: $0.instrument, status: $0.status, filled: $0.filled, createdMs: $0.created) }
    }

    func order(_ id: ClientOrderID, instrument: InstrumentID) throws -> VenueOrder? {
        try query()
        guard let o = book[id], o.instrument == instrument, !forgotten.contains(id) else { return nil }
        return VenueOrder(request: o.request, instrument: o.instrument, status: o.status, filled: o.filled, createdMs: o.created)
    }

    func fills(instrument: InstrumentID, since: Int64) throws -> [Fill] {
        try query()
        fillsAskedSince.append(since)
        return book.values.filter { $0.instrument == instrument }.flatMap(\.fills).filter { $0.ts >= since }.sorted { $0.ts < $1.ts }
    }

    /// Closes `quantity` of the account's leg itself, as a venue does when the margin runs
    /// out: one execution of the venue's own order, reported as a liquidation. Returns it.
    @discardableResult
    func liquidate(_ instrument: Instrument, side: PositionSide, closing: Side, _ quantity: Quantity, at price: Price,
                   trade: String) -> VenueLiquidation {
        legs[Leg(instrument: instrument.id, side: side), default: .zero] += closing == .buy ? quantity : -quantity
        clock += 1
        let fill = Fill(orderID: VenueLiquidation.placeholderID, ts: clock, side: closing, positionSide: side, price: price,
                        quantity: quantity, fee: Money.of("1"), liquidity: .taker, reduceOnly: true, tradeID: trade)
        let l = VenueLiquidation(kind: .full, venueOrderID: "L-" + trade, fill: fill, lotSize: instrument.lotSize)
        sink?.deliver(liquidation: l, instrument: instrument.id, account: account)
        return l
    }

    /// Reports a liquidation again (a reconciliation finding it after a restart).
    func report(_ l: VenueLiquidation, instrument: InstrumentID) {
        sink?.deliver(liquidation: l, instrument: instrument, account: account)
    }

    /// Reports a funding settlement of the account.
    func settle(_ charge: FundingCharge, instrument: InstrumentID) {
        sink?.deliver(funding: charge, instrument: instrument, account: account)
    }

    /// The venue's clock: the time of its latest execution.
    var now: Int64 { clock }

    /// Sets the venue's clock (to the market's, for a test that compares the two).
    func setClock(_ ms: Int64) { clock = ms }

    /// Ends an open order unseen (cancelled, what it filled kept) and forgets it, as a venue
    /// does with orders finished longer ago than it keeps them: asked about, it is not found;
    /// its fills stay in the fill history.
    func forget(_ id: ClientOrderID) {
        if book[id]?.status.isOpen == true { set(id, .cancelled) }
        forgotten.insert(id)
    }

    /// A position taken outside the runtime (an order placed by hand in the venue's app).
    func addByHand(_ instrument: InstrumentID, side: PositionSide, _ q: Quantity) {
        legs[Leg(instrument: instrument, side: side), default: .zero] += q
    }

    func positions() -> [VenuePosition] {
        legs.filter { !$0.value.isZero }.map { VenuePosition(instrument: $0.key.instrument, side: $0.key.side, quantity: $0.value) }
    }

    func balances() -> [VenueBalance] { [VenueBalance(asset: "USDT", total: 1_000_000, available: 1_000_000)] }

    func rules(_ id: InstrumentID) -> Instrument? { nil }
}
