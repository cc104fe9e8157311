import BotCore

/// The fake exchange's whole state: instruments, market tapes, accounts with their orders and
/// positions, rate-limit windows, faults, counters and the WebSocket sessions.
///
/// One object behind one lock (`OKXFake.venue`): REST requests, WebSocket messages, the
/// test's price moves and the housekeeping tick each run to completion under it, so a push is
/// always generated in the order of the events that caused it.
final class Venue {
    let clock: FakeClock
    var instruments: [String: FakeInstrument] = [:]
    /// Listing order for public/instruments.
    var instrumentIds: [String] = []
    var tapes: [String: MarketTape] = [:]
    var books: [String: OrderBook] = [:]
    /// Whether `books` starts with a snapshot (OKX announced it will stop sending one).
    var bookSnapshots = true
    var accounts: [String: AccountBook] = [:]
    /// Settled funding rates per instrument, oldest first (public/funding-rate-history).
    var fundingHistory: [String: [FakeFundingRate]] = [:]
    var faults = FakeFaults()
    var counters = FakeCounters()
    /// OKX's limits are per two seconds unless an endpoint says otherwise.
    var limiter = RateLimiter(windowMs: 2000)
    var sessions: [Int: WSSession] = [:]
    var nextSessionId = 1
    /// When the periodic drop fault last fired, on the fake's clock.
    var lastPeriodicDropMs: Int64?
    /// Allowed distance between OK-ACCESS-TIMESTAMP and the fake's clock (50102 beyond it).
    var timestampWindowMs: Int64 = 30_000
    /// Whether a trade fills resting orders only up to its own size (else they fill whole).
    var partialFills = false
    /// New and amended orders per two seconds for one account (OKX: 1,000; 50061 beyond).
    var accountOrderLimit = 1000
    /// WebSocket connection requests per second from one IP (OKX: 3).
    var wsConnectLimit = 3
    /// login, subscribe and unsubscribe requests per hour on one connection (OKX: 480).
    var wsOpsPerHour = 480
    /// Connections subscribed to one private channel per account (OKX: 30).
    var privateChannelConnLimit = 30
    /// HTTP status of a 50011 answer: OKX lists it under both 200 and 429.
    var rateLimitStatus = 429
    private var nextId: Int64 = 700_000_000_000_000_000

    init(clock: FakeClock, instruments: [FakeInstrument]) {
        self.clock = clock
        for i in instruments { add(i) }
    }

    var now: Int64 { clock.nowMs }

    func add(_ inst: FakeInstrument) {
        if instruments[inst.instId] == nil { instrumentIds.append(inst.instId) }
        instruments[inst.instId] = inst
        if tapes[inst.instId] == nil { tapes[inst.instId] = MarketTape() }
    }

    /// A fresh id for orders, algo orders, fills and bills: increasing, OKX-sized.
    func makeId() -> String {
        nextId += 1
        return String(nextId)
    }

    func account(uid: String) -> AccountBook? { accounts.values.first { $0.account.uid == uid } }
}
