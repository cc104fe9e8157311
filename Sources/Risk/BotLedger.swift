import BotCore

/// One bot's own book on a shared account: its orders, by client order id, and the positions
/// their fills built. Several bots may trade one instrument on one account; each sees only
/// what its own ids did, so a bot's reduce-only order can never eat another bot's position.
public struct BotLedger: Sendable, Codable {
    public struct OrderRecord: Sendable, Codable, Equatable {
        public var request: OrderRequest
        public var status: OrderStatus
        public var filled: Quantity = .zero
        /// Sum of fill notionals, for the average fill price.
        public var filledNotional: Money = .zero
        public var history: [OrderStatus]
        /// The venue's ids of the fills booked: a fill reported again is recognised by them.
        public var tradeIDs: [String]

        public init(request: OrderRequest, status: OrderStatus, filled: Quantity = .zero, filledNotional: Money = .zero,
                    history: [OrderStatus], tradeIDs: [String] = []) {
            self.request = request
            self.status = status
            self.filled = filled
            self.filledNotional = filledNotional
            self.history = history
            self.tradeIDs = tradeIDs
        }
    }

    public let bot: String
    public let instrument: Instrument
    public private(set) var orders: [ClientOrderID: OrderRecord] = [:]
    public private(set) var legs = Legs()
    public private(set) var fillCount = 0
    /// Orders ever submitted (finished ones are forgotten beyond `keepFinished`).
    public private(set) var submittedCount = 0
    /// Finished orders kept for late events and queries; older ones live in the store only.
    public static let keepFinished = 256
    /// Ids of the open orders, so checks never walk the finished ones.
    public private(set) var openIDs: [ClientOrderID] = []
    public var openOrderCount: Int { openIDs.count }
    /// Open orders the bot has asked the venue to cancel. A live venue confirms a cancel
    /// later, through its stream: meanwhile the order still counts as working, except where a
    /// replacement is checked against it (a stop moved to break-even is cancelled and placed
    /// anew in one decision). Not persisted: after a restart the venue says what is open.
    public private(set) var cancelling: Set<ClientOrderID> = []

    enum CodingKeys: String, CodingKey { case bot, instrument, orders, legs, fillCount, submittedCount, openIDs }

    public init(bot: String, instrument: Instrument) {
        self.bot = bot
        self.instrument = instrument
    }

    /// A ledger rebuilt from the record: its open and recent finished orders (in sequence
    /// order), its positions, and how many orders and fills it has ever had. A restart costs
    /// what is open, not the bot's whole history.
    public init(bot: String, instrument: Instrument, restoring records: [OrderRecord], legs: Legs, fillCount: Int,
                submittedCount: Int) {
        self.init(bot: bot, instrument: instrument)
        for r in records {
            orders[r.request.id] = r
            if r.status.isOpen { openIDs.append(r.request.id) }
        }
        self.legs = legs
        self.fillCount = fillCount
        self.submittedCount = submittedCount
    }

    /// True when any leg holds a position.
    public var hasPosition: Bool { !legs.isFlat }

    public func position(_ side: PositionSide) -> Position { legs[side] }
    public var net: Position { legs.net }

    /// A reduce-only market order that closes this bot's whole position on `side`; nil when flat.
    public func closingOrder(id: ClientOrderID, side: PositionSide) -> OrderRequest? {
        let pos = legs[side]
        guard !pos.isFlat else { return nil }
        return OrderRequest(id: id, side: pos.quantity.raw > 0 ? .sell : .buy, type: .market, quantity: pos.quantity.magnitude,
                            reduceOnly: true, positionSide: side)
    }

    /// True when the id is this bot's (the hash prefix of its client order ids).
    public func owns(_ id: ClientOrderID) -> Bool { id.botHash == ClientOrderID.hash(bot) }

    public func order(_ id: ClientOrderID) -> OrderRecord? { orders[id] }

    /// Records an order about to leave (status pendingNew). Returns false if the id exists.
    @discardableResult
    public mutating func submit(_ r: OrderRequest) -> Bool {
        guard orders[r.id] == nil else { return false }
        orders[r.id] = OrderRecord(request: r, status: .pendingNew, history: [.pendingNew])
        openIDs.append(r.id)
        submittedCount += 1
        return true
    }

    /// What applying an event did.
    public enum Applied: Sendable, Equatable {
        case applied
        /// A fill already booked (same trade id): nothing changed.
        case duplicate
        /// Not an order of this bot's: never attributed.
        case unknownOrder
    }

    /// Applies an order event addressed to this bot, whatever order the events arrive in: a
    /// finished order never reopens (a late acceptance or a cancel after the fill changes
    /// nothing), filled size only grows, and a fill already booked (same trade id) is ignored.
    /// Returns false when nothing was applied: the order is not ours (the event is never
    /// attributed) or the fill is a repeat.
    @discardableResult
    public mutating func apply(_ e: OrderEvent) -> Bool { applying(e) == .applied }

    /// `apply`, saying why nothing changed. The record is changed where it lives (one lookup,
    /// no copy of it or of its arrays): every fill of every order comes through here.
    public mutating func applying(_ e: OrderEvent) -> Applied {
        guard let i = orders.index(forKey: e.orderID) else { return .unknownOrder }
        if case .filled(let f) = e, let t = f.tradeID, orders.values[i].tradeIDs.contains(t) { return .duplicate }
        let (wasOpen, isOpen) = Self.update(&orders.values[i], with: e, instrument)
        switch e {
        case .filled(let f), .liquidated(let f):
            fillCount += 1
            legs[f.positionSide].apply(f, instrument: instrument)
        default:
            break
        }
        if wasOpen && !isOpen { openIDs.removeAll { $0 == e.orderID } }
        // Finished, or a refused cancel (the order works on): no longer being cancelled.
        if !cancelling.isEmpty, !isOpen || { if case .rejected = e { true } else { false } }() { cancelling.remove(e.orderID) }
        if orders.count - openIDs.count > 2 * Self.keepFinished { forgetOldestFinished() }
        return .applied
    }

    /// The order's own record after `e`; whether it was open before and is open after.
    static func update(_ rec: inout OrderRecord, with e: OrderEvent, _ instrument: Instrument) -> (Bool, Bool) {
        let wasOpen = rec.status.isOpen
        switch e {
        case .accepted:
            if rec.status == .pendingNew { rec.status = .accepted }
        case .triggered:
            break
        case .rejected:
            // Only a new order can be rejected; for an order already working or finished the
            // venue is refusing a cancel or an amendment, which changes nothing about it.
            if rec.status == .pendingNew { rec.status = .rejected }
        case .cancelled:
            if rec.status.isOpen { rec.status = .cancelled }
        case .expired:
            if rec.status.isOpen { rec.status = .expired }
        case .completed:
            if rec.status.isOpen { rec.status = .filled }
        case .filled(let f), .liquidated(let f):
            rec.filled += f.quantity
            rec.filledNotional += instrument.notional(price: f.price, quantity: f.quantity)
            if let t = f.tradeID { rec.tradeIDs.append(t) }
            // A fill the venue made before a cancel it reported first still counts, but a
            // finished order stays finished.
            // An order sized in quote ends when the venue says (`completed`): its `quantity`
            // is only the reserve, which the fills may pass or never reach.
            if rec.status.isOpen {
                rec.status = rec.request.quoteQuantity == nil && rec.filled >= rec.request.quantity ? .filled : .partiallyFilled
            }
        }
        if rec.history.last != rec.status { rec.history.append(rec.status) }
        return (wasOpen, rec.status.isOpen)
    }

    /// Records that the bot asked the venue to cancel `id`.
    public mutating func markCancelling(_ id: ClientOrderID) {
        if openIDs.contains(id) { cancelling.insert(id) }
    }

    /// Records an amendment the venue accepted: the order now works at `price` / `quantity`.
    public mutating func amend(_ id: ClientOrderID, price: Price?, quantity: Quantity?) {
        guard var rec = orders[id] else { return }
        if let q = quantity { rec.request.quantity = q }
        if let p = price { rec.request.type = rec.request.type.amended(price: p) }
        orders[id] = rec
    }

    /// Applies a venue liquidation of one of this bot's legs (it has no order of ours).
    public mutating func applyLiquidation(_ f: Fill) {
        fillCount += 1
        legs[f.positionSide].apply(f, instrument: instrument)
    }

    /// Size still working in open orders of `side` on `positionSide`, optionally only
    /// reduce-only ones, and optionally only stops (`triggers: true`) or only the others.
    public func openQuantity(side: Side, positionSide: PositionSide, reduceOnly: Bool? = nil, triggers: Bool? = nil,
                             excludingCancelling: Bool = false) -> Quantity {
        var q = Quantity.zero
        for id in openIDs {
            if excludingCancelling && cancelling.contains(id) { continue }
            guard let rec = orders[id], rec.request.side == side, rec.request.positionSide == positionSide,
                  reduceOnly == nil || rec.request.reduceOnly == reduceOnly!,
                  triggers == nil || (rec.request.type.triggerPrice != nil) == triggers! else { continue }
            // Never below nothing: an order sized in quote may fill past its reserve.
            q += max(.zero, rec.request.quantity - rec.filled)
        }
        return q
    }

    /// Adds funding to the position on `side` (paid > 0).
    public mutating func addFunding(_ amount: Money, side: PositionSide) {
        legs[side].addFunding(amount)
    }

    /// Keeps the newest `keepFinished` finished orders: a long-running bot's ledger (and the
    /// snapshot written before each order) stays small; the store has the full history.
    mutating func forgetOldestFinished() {
        let finished = orders.filter { !$0.value.status.isOpen }.keys.sorted { $0.sequence < $1.sequence }
        for id in finished.dropLast(Self.keepFinished) { orders[id] = nil }
    }

    public func context(time: Int64) -> StrategyContext {
        StrategyContext(time: time, instrument: instrument, legs: legs, openOrders: openOrderCount)
    }
}
