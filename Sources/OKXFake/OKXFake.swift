import BotCore
import Synchronization

/// A local OKX v5 for tests: HTTPS REST and secure WebSockets on 127.0.0.1, speaking OKX's
/// wire format, with accounts, a market the test drives, a clock the test owns, OKX's rate
/// limits and errors, and faults to switch on (protocols.md §3, §4, §6).
///
///     let fake = OKXFake(accounts: [FakeAccount(apiKey: "k", secret: "s", passphrase: "p")])
///     let urls = try await fake.start()      // urls.rest, urls.wsPublic, …, fake.caFile
///     try fake.setPrice("BTC-USDT-SWAP", "30000")
///     …
///     await fake.stop()
public final class OKXFake: Sendable {
    /// Where the fake listens.
    public struct Endpoints: Sendable {
        public let port: Int
        /// `https://127.0.0.1:<port>`: requests go to `rest + "/api/v5/…"`.
        public let rest: String
        public let wsPublic: String
        public let wsPrivate: String
        public let wsBusiness: String
        /// The CA that signed the server's certificate, as a PEM file.
        public let caFile: String
    }

    public let clock: FakeClock
    let core: VenueCore

    private struct Running {
        var host: FakeHost
        var endpoints: Endpoints
    }

    private let running = Mutex<Running?>(nil)

    public init(clock: FakeClock = FakeClock(), instruments: [FakeInstrument] = [.btcUsdtSwap, .ethUsdtSwap],
                accounts: [FakeAccount] = []) {
        self.clock = clock
        let venue = Venue(clock: clock, instruments: instruments)
        for a in accounts { venue.accounts[a.apiKey] = AccountBook(a) }
        core = VenueCore(venue)
    }

    /// Makes the certificates, writes the CA file and starts listening.
    public func start() async throws -> Endpoints {
        if let e = running.withLock({ $0?.endpoints }) { return e }
        let core = core
        let host = try await FakeHost.start(core, name: "OKXFake") { core.with { $0.tick() } }
        let base = "127.0.0.1:\(host.port)"
        let endpoints = Endpoints(port: host.port, rest: "https://\(base)", wsPublic: "wss://\(base)/ws/v5/public",
                                  wsPrivate: "wss://\(base)/ws/v5/private", wsBusiness: "wss://\(base)/ws/v5/business",
                                  caFile: host.caFile)
        running.withLock { $0 = Running(host: host, endpoints: endpoints) }
        return endpoints
    }

    /// Closes the listener and every connection, stops the housekeeping and removes the CA file.
    public func stop() async {
        guard let r = running.withLock({ r in defer { r = nil }; return r }) else { return }
        await r.host.stop()
        core.with { v in
            for s in v.sessions.values { s.closed = true }
            v.sessions = [:]
        }
    }

    public var endpoints: Endpoints? { running.withLock { $0?.endpoints } }

    /// Runs the time-driven work now (candle closes, idle closes, periodic drops) instead of
    /// waiting for the housekeeping task's next pass.
    public func tick() { core.with { $0.tick() } }

    // MARK: Accounts

    public func addAccount(_ account: FakeAccount) {
        core.with { $0.accounts[account.apiKey] = AccountBook(account) }
    }

    // MARK: Market

    /// Prints one trade of one contract at `px`: the market's new last price.
    public func setPrice(_ instId: String, _ px: Price) throws(FakeError) {
        try core.with { v throws(FakeError) in
            let side: Side = (v.tapes[instId]?.last).map { px >= $0 ? .buy : .sell } ?? .buy
            try v.printTrade(instId: instId, px: px, sz: 1, side: side)
        }
    }

    /// Prints a public trade (`side` is the taker's).
    public func printTrade(_ instId: String, px: Price, sz: Quantity, side: Side) throws(FakeError) {
        try core.with { v throws(FakeError) in try v.printTrade(instId: instId, px: px, sz: sz, side: side) }
    }

    public func lastPrice(_ instId: String) -> Price? { core.with { $0.tapes[instId]?.last } }

    /// Whether a public trade fills resting orders only up to its own size (so a large order
    /// fills in parts, `partially_filled`), or whole (the default).
    public func setPartialFills(_ on: Bool) { core.with { $0.partialFills = on } }

    /// Adds closed one-minute candles to the history market/candles and history-candles serve.
    public func seedCandles(_ instId: String, _ candles: [FakeCandle]) throws(FakeError) {
        try core.with { v throws(FakeError) in
            guard v.tapes[instId] != nil else { throw FakeError("no instrument \(instId)") }
            v.tapes[instId]!.seed(candles)
        }
    }

    public func addInstrument(_ inst: FakeInstrument) { core.with { $0.add(inst) } }

    /// Sets an instrument's `state` (e.g. `.suspend`: listed, but orders refused with 51022).
    public func setInstrumentState(_ instId: String, _ state: FakeInstrument.State) throws(FakeError) {
        try core.with { v throws(FakeError) in
            guard v.instruments[instId] != nil else { throw FakeError("no instrument \(instId)") }
            v.instruments[instId]!.state = state
        }
    }

    /// The next `books` update of `instId` starts a new, lower sequence (seqId < prevSeqId),
    /// as OKX's does once after maintenance.
    public func resetBookSequence(_ instId: String) { core.with { $0.books[instId]?.resetPending = true } }

    /// Whether a `books` subscription starts with a snapshot (default) or, as OKX announced for
    /// 2026, with updates only (clients then take the snapshot from market/books).
    public func setBookSnapshots(_ on: Bool) { core.with { $0.bookSnapshots = on } }

    // MARK: Limits, faults, counters

    /// What the fake has counted so far.
    public var counters: FakeCounters { core.with { $0.counters } }

    public func resetCounters() { core.with { $0.counters = FakeCounters() } }

    /// Changes the fault switches.
    public func faults(_ change: (inout FakeFaults) -> Void) {
        var f = core.with { $0.faults }
        change(&f)
        let changed = f
        core.with { $0.faults = changed }
    }

    /// HTTP status of 50011 answers: 429 (default) or 200, both of which OKX documents.
    public func setRateLimitStatus(_ status: Int) { core.with { $0.rateLimitStatus = status } }

    /// Forgets every rate-limit window.
    public func resetRateLimits() { core.with { $0.limiter.reset() } }

    /// Drops every connection now, WebSocket and REST keep-alive alike, without a close frame.
    public func dropConnections() {
        let host = running.withLock { $0?.host }
        core.with { $0.dropAll() }
        host?.dropAll()
    }

    /// Lowers (or restores) the limits OKX applies per account or connection, so a test can
    /// reach them with a handful of requests: orders per 2 s per account (1,000), WebSocket
    /// handshakes per second (3), WebSocket requests per hour per connection (480),
    /// connections per private channel (30).
    public func setLimits(accountOrders: Int? = nil, wsConnectsPerSecond: Int? = nil, wsRequestsPerHour: Int? = nil,
                          privateChannelConnections: Int? = nil) {
        core.with { v in
            if let n = accountOrders { v.accountOrderLimit = n }
            if let n = wsConnectsPerSecond { v.wsConnectLimit = n }
            if let n = wsRequestsPerHour { v.wsOpsPerHour = n }
            if let n = privateChannelConnections { v.privateChannelConnLimit = n }
        }
    }

    /// Sends a malformed frame on every open WebSocket connection.
    public func sendMalformedFrame(_ kind: MalformedFrame) {
        core.with { v in
            for s in v.sessions.values where !s.closed {
                s.outlet.send(malformed: kind, truncatedJSON: Venue.truncatedPush)
                v.counters.malformedFrames += 1
            }
        }
    }

    /// Open WebSocket connections.
    public var connectionCount: Int { core.with { $0.sessions.count } }
}
