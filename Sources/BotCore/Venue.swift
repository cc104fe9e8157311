/// What a bot asks of a venue: the one vocabulary between the order pipeline, the rate gate
/// and every venue, paper or live.
public enum VenueCall: Hashable, Sendable {
    case submit(OrderRequest)
    case cancel(ClientOrderID)
    /// Prices and sizes already rounded to the instrument's tick and lot.
    case amend(ClientOrderID, price: Price?, quantity: Quantity?)

    public var orderID: ClientOrderID {
        switch self {
        case .submit(let r): r.id
        case .cancel(let id), .amend(let id, _, _): id
        }
    }

    /// The endpoint class a rate gate counts it against.
    public var endpoint: VenueEndpoint {
        switch self {
        case .submit: .placeOrder
        case .cancel: .cancelOrder
        case .amend: .amendOrder
        }
    }
}

/// The classes of requests a venue limits separately.
public enum VenueEndpoint: String, Hashable, Sendable, CaseIterable, Codable {
    case placeOrder = "place_order"
    case cancelOrder = "cancel_order"
    case amendOrder = "amend_order"
    case query
}

/// A venue's immediate answer to a call. It only acknowledges: what then happens to the
/// order (fills, cancellation, expiry) arrives as events, whatever carries them.
public enum VenueAck: Hashable, Sendable {
    case accepted
    /// Refused, with the venue's own code and message (`51008`, "insufficient balance").
    case rejected(code: String, message: String)
    /// No answer in time: the call may or may not have taken effect; reconciliation decides.
    case unknown

    /// The venue's code and message as one reason string, as order events carry it.
    public var reason: String? {
        guard case .rejected(let code, let message) = self else { return nil }
        return code.isEmpty ? message : "\(code) \(message)"
    }
}

/// An order as the venue reports it when asked.
public struct VenueOrder: Hashable, Sendable {
    public var request: OrderRequest
    public var instrument: InstrumentID
    public var status: OrderStatus
    public var filled: Quantity
    public var reason: String?
    /// When the venue took the order (ms), if it says: a reconciliation asks for fills from
    /// then, not for the account's whole history.
    public var createdMs: Int64?

    public init(request: OrderRequest, instrument: InstrumentID, status: OrderStatus, filled: Quantity, reason: String? = nil,
                createdMs: Int64? = nil) {
        self.request = request
        self.instrument = instrument
        self.status = status
        self.filled = filled
        self.reason = reason
        self.createdMs = createdMs
    }
}

/// One asset's balance on an account.
public struct VenueBalance: Hashable, Sendable {
    public var asset: String
    public var total: Money
    public var available: Money
    public init(asset: String, total: Money, available: Money) {
        self.asset = asset
        self.total = total
        self.available = available
    }
}

/// The account's position on one instrument and leg, as the venue holds it (the sum of every
/// bot's share on the account).
public struct VenuePosition: Hashable, Sendable {
    public var instrument: InstrumentID
    public var side: PositionSide
    public var quantity: Quantity
    public init(instrument: InstrumentID, side: PositionSide, quantity: Quantity) {
        self.instrument = instrument
        self.side = side
        self.quantity = quantity
    }
}

/// Where a venue delivers what happens to orders: the runtime routes each event to the bot
/// that owns its client order id. Funding settlements go to every bot of the account trading
/// the instrument; a liquidation, which names no order of ours, to the bots holding the leg.
public protocol VenueEventSink: Sendable {
    func deliver(_ event: OrderEvent, instrument: InstrumentID)
    func deliver(funding: FundingCharge, instrument: InstrumentID, account: String)
    func deliver(liquidation: VenueLiquidation, instrument: InstrumentID, account: String)
    /// The venue suspended trading in an instrument (or resumed it): the account's bots on it
    /// pause until it trades again.
    func instrument(_ id: InstrumentID, suspended: Bool, account: String)
}

extension VenueEventSink {
    public func instrument(_ id: InstrumentID, suspended: Bool, account: String) {}
}

/// One exchange account. Calls only acknowledge; every order update and fill arrives through
/// the sink given to `connect`, whether a REST answer, a private stream or a reconciliation
/// carried it, so a bot applies them in one place.
public protocol Venue: Actor {
    nonisolated var account: String { get }
    func connect(_ sink: any VenueEventSink) async
    func call(_ call: VenueCall, instrument: Instrument) async -> VenueAck

    func openOrders(instrument: InstrumentID?) async throws -> [VenueOrder]
    func order(_ id: ClientOrderID, instrument: InstrumentID) async throws -> VenueOrder?
    /// Executions at or after `since` (ms), each with the venue's trade id.
    func fills(instrument: InstrumentID, since: Int64) async throws -> [Fill]
    func positions() async throws -> [VenuePosition]
    func balances() async throws -> [VenueBalance]
    /// The venue's rules for an instrument (tick, lot, minimum size), when it publishes them.
    func rules(_ id: InstrumentID) async throws -> Instrument?

    /// Checks the account before any bot trades on it (its key, permissions and settings) and
    /// starts what the account keeps running (a private stream, clock checks). Throwing
    /// refuses the account, with the reason.
    func open() async throws
    /// Readies `instrument` for a bot before its first order: the venue's current rules (which
    /// win over the configured ones) and the leverage of each position side it trades.
    /// Returns the rules to trade with; throwing fails the bot with the reason.
    func prepare(_ instrument: Instrument, leverage: Ratio?, sides: [PositionSide]) async throws -> Instrument
    /// Stops what `open` started.
    func close() async
}

extension Venue {
    public func open() async throws {}
    public func prepare(_ instrument: Instrument, leverage: Ratio?, sides: [PositionSide]) async throws -> Instrument { instrument }
    public func close() async {}
}
