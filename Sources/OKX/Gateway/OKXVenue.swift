import BotCore
import HTTPTransport
import Logging
import OKXWire

/// One OKX account behind `Venue`: the only path from the account's bots to OKX.
///
/// - Every REST call is signed on the venue's clock and counted against OKX's documented
///   limits (per endpoint, per instrument for trade calls, two-second windows), cancels first.
/// - Every order leaves with `expTime`; one whose send goes unanswered is asked about only once
///   that expiry has passed on the venue's clock, and only "not found" then allows a resend,
///   with the same client id (`OKXVenue+Orders`).
/// - Reduce-only stops go to OKX as algo orders, so they protect a position while botd is down.
/// - The private stream (`orders`, `orders-algo`, `positions`) reports order updates and fills;
///   after each (re)connection the account is reconciled against the venue (`OKXVenue+Stream`).
/// Whatever reports a fill, the bot's ledger applies it once (by its trade id).
public actor OKXVenue: Venue {
    public nonisolated let account: String
    public nonisolated let settings: OKXAccountSettings
    public let rest: OKXRestClient
    let credentials: OKXCredentials
    let logger: Logger
    var sink: (any VenueEventSink)?

    /// The rules to trade each instrument (by instId) with: the venue's once loaded.
    var rulesByID: [String: Instrument] = [:]
    /// Instruments whose bots trade on this account, as configured (fees, margin rates).
    var configured: [String: Instrument] = [:]
    /// Instruments OKX reports suspended (their orders are refused here, before sending).
    var suspended: Set<String> = []
    /// Legs whose leverage is set: "instId|side".
    var leverageSet: Set<String> = []
    /// Orders placed as algo orders (stops), and the orders stops placed when they triggered.
    var stopIDs: Set<ClientOrderID> = []
    var stopChildren: [String: ClientOrderID] = [:]
    /// Orders believed open, with their instrument: after a reconnection, those no longer
    /// pending are asked about.
    var open: [ClientOrderID: String] = [:]
    /// The latest fill time seen (venue ms): a reconciliation asks for fills from a little before.
    var lastFillMs: Int64 = 0
    /// The account's positions as the `positions` channel last said, by "instId|side".
    var positionsSeen: [String: VenuePosition] = [:]
    /// Funding: bills handed on, the newest bill time read, and settled rates by instId.
    var fundingBillsSeen: Set<String> = []
    var fundingReadMs: Int64?
    var fundingRates: [String: [OKXFundingRate]] = [:]
    var fundingRatesReadMs: [String: Int64] = [:]
    /// Liquidation executions handed on (by trade id), and whether the order history has been
    /// searched for those that happened while botd was down.
    var liquidationsSeen: Set<String> = []
    var liquidationsRecovered = false

    /// Orders whose place call is in flight (its answer reports the acceptance), and orders
    /// whose acceptance or trigger has been reported.
    var placing: Set<ClientOrderID> = []
    var accepted: Set<ClientOrderID> = []
    var triggered: Set<ClientOrderID> = []
    var dustCancelled: Set<ClientOrderID> = []
    /// When the private stream was last lost (venue ms), until the reconciliation after it.
    var streamLostAtMs: Int64?
    /// Why OKX last refused the private stream's login (nil once logged in).
    var loginError: OKXError?

    var windows = OKXWindows()
    var cancelsWaiting = 0
    var tasks: [Task<Void, Never>] = []
    var opened = false
    /// When the account was opened (venue ms).
    var openedAtMs: Int64?

    public internal(set) var stats = OKXVenueStats()

    public init(settings: OKXAccountSettings, rest: OKXRestClient, credentials: OKXCredentials, logger: Logger) {
        account = settings.account
        self.settings = settings
        self.rest = rest
        self.credentials = credentials
        var l = logger
        l[metadataKey: "account"] = "\(settings.account)"
        self.logger = l
    }

    public func connect(_ sink: any VenueEventSink) async { self.sink = sink }

    func deliver(_ e: OrderEvent, instId: String) {
        sink?.deliver(e, instrument: InstrumentID(venue: settings.venue, symbol: instId))
    }

    /// The instrument an order of `instId` is rounded and checked with.
    func instrument(_ instId: String) -> Instrument? { rulesByID[instId] ?? configured[instId] }

    // MARK: Queries

    public func openOrders(instrument: InstrumentID?) async throws -> [VenueOrder] {
        var out: [VenueOrder] = []
        for o in try await pendingOrders(instId: instrument?.symbol) {
            if let v = try? o.venueOrder(venue: settings.venue) { out.append(v) }
        }
        for a in try await pendingStops(instId: instrument?.symbol) {
            if let v = try? a.venueOrder(venue: settings.venue) { out.append(v) }
        }
        return out
    }

    /// Nil only once OKX can no longer take the order: a send of it by an earlier process may
    /// still be on its way until its expiry, which passed at the latest `expiryMs` after this
    /// process opened the account. Until then a "not found" is asked again after that time.
    public func order(_ id: ClientOrderID, instrument: InstrumentID) async throws -> VenueOrder? {
        if let o = try await lookUp(id, instId: instrument.symbol) { return o }
        let final = (openedAtMs ?? rest.clock.nowMs) + settings.expiryMs + settings.settleMs
        guard rest.clock.nowMs < final else { return nil }
        while rest.clock.nowMs < final {
            try await Task.sleep(for: .milliseconds(min(max(1, final - rest.clock.nowMs), 50)))
        }
        return try await lookUp(id, instId: instrument.symbol)
    }

    public func fills(instrument: InstrumentID, since: Int64) async throws -> [Fill] {
        guard let inst = self.instrument(instrument.symbol) else { return [] }
        return try await venueFills(instId: instrument.symbol, since: since).compactMap { f in
            try? f.fill(instrument: inst, orderID: stopChildren[f.orderID])
        }
    }

    public func positions() async throws -> [VenuePosition] {
        try await data(OKXPosition.self, OKXRest.positions(instType: .swap), instId: nil)
            .map { $0.venuePosition(venue: settings.venue) }
    }

    public func balances() async throws -> [VenueBalance] {
        try await data(OKXBalance.self, OKXRest.balance(), instId: nil).flatMap(\.venueBalances)
    }

    public func rules(_ id: InstrumentID) async throws -> Instrument? {
        if let r = rulesByID[id.symbol] { return r }
        return try await loadRules(id.symbol, makerFee: settings.makerFee, takerFee: settings.takerFee)
    }
}

/// What an OKX gateway has done, for tests, benchmarks and the operator.
public struct OKXVenueStats: Sendable, Equatable {
    /// Requests sent, and sends of an order again after "not found" (same client id).
    public var requests = 0
    public var resends = 0
    /// Orders whose send went unanswered and were then asked about.
    public var unknownOutcomes = 0
    /// Answers 50011/429 (a limit the local windows should have prevented) and 50013.
    public var rateLimitedAnswers = 0
    /// Times a request waited for its window.
    public var limitWaits = 0
    /// Clock re-measurements after 50102.
    public var clockResyncs = 0
    /// Reconciliations completed (one after each private stream connection), and the fills
    /// they handed on (the bots' ledgers drop those a push had already brought).
    public var reconciliations = 0
    /// `orders-algo` subscriptions confirmed on /business (each followed by a reconciliation).
    public var algoSubscriptions = 0
    public var fillsRecovered = 0
    /// Partial fills whose remainder was below the minimum size and was cancelled.
    public var dustCancels = 0
    /// Orders at the venue that are not this runtime's.
    public var foreignOrders = 0
    public var malformedFrames = 0
    public var streamDrops = 0
    /// Funding bills and liquidation executions handed to the runtime.
    public var fundingBills = 0
    public var liquidations = 0
}
