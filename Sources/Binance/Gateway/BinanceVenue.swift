import BinanceWire
import BotCore
import Logging

/// One Binance spot account behind `Venue`: the only path from the account's bots to Binance.
///
/// - Every REST call waits for its weight in the IP's minute (shared by every client of the
///   process) and, when it places an order, for the account's unfilled-order counts; it is
///   signed on the venue's clock with `recvWindow`.
/// - An order whose send goes unanswered is asked about only once its deadline (timestamp plus
///   `recvWindow`) has passed on the venue's clock, and only "not found" then allows a resend,
///   with the same client id (`BinanceVenue+Orders`).
/// - Stops go to Binance (STOP_LOSS, STOP_LOSS_LIMIT) where the symbol takes them, so they
///   protect the position while botd is down; otherwise botd keeps them (`BinanceVenue+KeptStops`).
/// - The user data stream over the WebSocket API reports order updates and fills; after each
///   (re)subscription the account is reconciled over REST (`BinanceVenue+Reconcile`).
/// Whatever reports a fill, the bot's ledger applies it once (by its trade id).
public actor BinanceVenue: Venue {
    public nonisolated let account: String
    public nonisolated let settings: BinanceAccountSettings
    public nonisolated let rest: BinanceRestClient
    let credentials: BinanceCredentials
    let logger: Logger
    /// The last trade of an instrument, for the stops botd keeps (the market-data hub's board).
    let lastPrice: @Sendable (InstrumentID) -> Price?
    var sink: (any VenueEventSink)?

    /// The account's unfilled-order counts (per 10 s and per day); the IP's weight is the REST
    /// client's.
    var orderBook: BinanceLimitBook
    /// Binance's rules per symbol as last read, and the instruments to trade them with.
    var symbolRules: [String: BinanceSymbolRules] = [:]
    var rulesByID: [String: Instrument] = [:]
    /// Instruments whose bots trade on this account, as configured.
    var configured: [String: Instrument] = [:]
    /// The account's fee rates, once read.
    var fees: BinanceCommissionRates?
    /// Binance's order id → ours: trades (`myTrades`) name only Binance's.
    var orderIDs: [Int64: ClientOrderID] = [:]
    /// Orders believed open, with their symbol: after a reconnection, those no longer open
    /// are asked about.
    var open: [ClientOrderID: String] = [:]
    /// Stops kept here, waiting for the trade price to cross them.
    var keptStops: [ClientOrderID: KeptStop] = [:]
    /// Orders whose place call is in flight (its answer reports the acceptance), and orders
    /// whose acceptance has been reported.
    var placing: Set<ClientOrderID> = []
    var accepted: Set<ClientOrderID> = []
    /// Orders sized in quote, until they end: their fills cannot tell the bot they are over,
    /// so a FILLED status is reported as `completed`.
    var quoteSized: Set<ClientOrderID> = []
    var ended = EndedOrders()
    /// The latest fill seen per symbol (venue ms and trade id): a reconciliation reads on from there.
    var lastTrade: [String: (ms: Int64, id: Int64)] = [:]
    /// When the user data stream was last lost (venue ms), until the reconciliation after it.
    var streamLostAtMs: Int64?
    /// Why Binance last refused the user data subscription (nil once subscribed).
    var subscribeError: BinanceError?
    var subscription: Int?

    var cancelsWaiting = 0
    var tasks: [Task<Void, Never>] = []
    var keptStopsTask: Task<Void, Never>?
    var userSocket: Task<Void, Never>?
    var opened = false
    var openedAtMs: Int64?

    public internal(set) var stats = BinanceVenueStats()

    public init(settings: BinanceAccountSettings, rest: BinanceRestClient, credentials: BinanceCredentials, logger: Logger,
                lastPrice: @escaping @Sendable (InstrumentID) -> Price? = { _ in nil }) {
        account = settings.account
        self.settings = settings
        self.rest = rest
        self.credentials = credentials
        self.lastPrice = lastPrice
        orderBook = BinanceLimitBook(weightPerMinute: .max, guardMs: settings.clockGuardMs)
        var l = logger
        l[metadataKey: "account"] = "\(settings.account)"
        self.logger = l
    }

    public func connect(_ sink: any VenueEventSink) async { self.sink = sink }

    func deliver(_ e: OrderEvent, symbol: String) {
        sink?.deliver(e, instrument: InstrumentID(venue: settings.venue, symbol: symbol))
    }

    /// The instrument an order on `symbol` is rounded and checked with.
    func instrument(_ symbol: String) -> Instrument? { rulesByID[symbol] ?? configured[symbol] }

    // MARK: Queries

    public func openOrders(instrument: InstrumentID?) async throws -> [VenueOrder] {
        var out: [VenueOrder] = []
        for o in try await venueOpenOrders(symbol: instrument?.symbol) {
            if let v = try? o.venueOrder(venue: settings.venue) { out.append(v) }
        }
        for s in keptStops.values where instrument == nil || instrument?.symbol == s.symbol {
            out.append(VenueOrder(request: s.request, instrument: InstrumentID(venue: settings.venue, symbol: s.symbol),
                                  status: .accepted, filled: .zero))
        }
        return out
    }

    /// Nil only once Binance can no longer take the order: a send of it by an earlier process
    /// may still be on its way until its deadline, which passed at the latest `recvWindow`
    /// after this process opened the account. Until then a "not found" is asked again after
    /// that time.
    public func order(_ id: ClientOrderID, instrument: InstrumentID) async throws -> VenueOrder? {
        if let s = keptStops[id] {
            return VenueOrder(request: s.request, instrument: instrument, status: .accepted, filled: .zero)
        }
        if let o = try await lookUp(id, symbol: instrument.symbol) { return o }
        let final = (openedAtMs ?? rest.clock.nowMs) + Int64(rest.recvWindowMs) + settings.settleMs
        guard rest.clock.nowMs < final else { return nil }
        while rest.clock.nowMs < final {
            try await Task.sleep(for: .milliseconds(min(max(1, final - rest.clock.nowMs), 50)))
        }
        return try await lookUp(id, symbol: instrument.symbol)
    }

    public func fills(instrument: InstrumentID, since: Int64) async throws -> [Fill] {
        guard let inst = self.instrument(instrument.symbol) else { return [] }
        var out: [Fill] = []
        for t in try await trades(symbol: instrument.symbol, since: since) {
            guard let id = try await runtimeID(orderID: t.orderID, symbol: t.symbol) else { continue }
            if let f = try? t.fill(instrument: inst, orderID: id) { out.append(f) }
        }
        return out
    }

    /// Spot holds no positions: what the account holds is its balances.
    public func positions() async throws -> [VenuePosition] { [] }

    public func balances() async throws -> [VenueBalance] {
        try await decode(BinanceAccount.self, BinanceRest.account(omitZeroBalances: true)).venueBalances
    }

    public func rules(_ id: InstrumentID) async throws -> Instrument? {
        if let r = rulesByID[id.symbol] { return r }
        return try await loadRules([id.symbol])[id.symbol]
    }
}

/// A stop botd keeps for a symbol whose order types have no stop: sent when the last trade
/// crosses its trigger, as a market order (a stop-market) or a limit at its price (a stop-limit).
struct KeptStop: Sendable {
    var request: OrderRequest
    var symbol: String

    var trigger: Price { request.type.triggerPrice ?? .zero }

    /// A sell stop fires at or below its trigger, a buy stop at or above.
    func crossed(by price: Price) -> Bool { request.side == .sell ? price <= trigger : price >= trigger }
}

/// What a Binance gateway has done, for tests, benchmarks and the operator.
public struct BinanceVenueStats: Sendable, Equatable {
    /// Requests sent, and sends of an order again after "not found" (same client id).
    public var requests = 0
    public var resends = 0
    /// Orders whose send went unanswered and were then asked about.
    public var unknownOutcomes = 0
    /// Answers 429 (a limit the local counts should have prevented) and 418.
    public var rateLimitedAnswers = 0
    public var bans = 0
    /// Times an order waited for the account's order counts.
    public var orderLimitWaits = 0
    /// Clock re-measurements after -1021.
    public var clockResyncs = 0
    /// Reconciliations completed (one after each user data subscription), and the fills they
    /// handed on (the bots' ledgers drop those a push had already brought).
    public var reconciliations = 0
    public var fillsRecovered = 0
    /// Orders at the venue that are not this runtime's.
    public var foreignOrders = 0
    public var malformedFrames = 0
    public var streamDrops = 0
    /// Stops kept by botd that fired.
    public var keptStopsFired = 0
}
