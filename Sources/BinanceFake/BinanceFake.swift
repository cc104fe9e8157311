import BotCore
import Synchronization

/// A local Binance spot exchange for tests: REST (`/api/v3`, `/sapi/v1/account/apiRestrictions`),
/// market streams (`/stream`, `/ws`) and the WebSocket API (`/ws-api/v3`) over TLS on one port
/// of 127.0.0.1, speaking Binance's wire format, with accounts, a market the test drives, a
/// clock the test owns, Binance's limits, bans and errors, and faults to switch on
/// (protocols.md §1, §2, §6).
///
///     let fake = BinanceFake(accounts: [BinanceFake.Account(apiKey: "k", secret: "s")])
///     let urls = try await fake.start()      // urls.rest, urls.streams, urls.wsAPI, urls.caFile
///     try fake.printTrade("BTCUSDT", price: 30_000, quantity: 1)
///     …
///     await fake.stop()
public final class BinanceFake: Sendable {
    /// Where the fake listens.
    public struct Endpoints: Sendable {
        public let port: Int
        /// `https://127.0.0.1:<port>`: requests go to `rest + "/api/v3/…"`.
        public let rest: String
        /// `wss://127.0.0.1:<port>/stream`: combined streams, `streams + "?streams=a/b"`.
        public let streams: String
        /// `wss://127.0.0.1:<port>/ws`: raw streams, `rawStreams + "/btcusdt@trade"`.
        public let rawStreams: String
        /// `wss://127.0.0.1:<port>/ws-api/v3`.
        public let wsAPI: String
        /// The CA that signed the server's certificate, as a PEM file.
        public let caFile: String
    }

    public let clock: FakeClock
    let core: ExchangeCore

    private struct Running {
        var host: FakeHost
        var endpoints: Endpoints
    }

    private let running = Mutex<Running?>(nil)

    public init(clock: FakeClock = FakeClock(), symbols: [Symbol] = [.btcUsdt, .ethUsdt], accounts: [Account] = [],
                limits: Limits = Limits()) {
        self.clock = clock
        let exchange = Exchange(clock: clock, symbols: symbols)
        exchange.limits = limits
        for a in accounts { exchange.accounts[a.apiKey] = AccountState(a, now: clock.nowMs) }
        core = ExchangeCore(exchange)
    }

    /// Makes the certificates, writes the CA file and starts listening.
    public func start() async throws -> Endpoints {
        if let e = running.withLock({ $0?.endpoints }) { return e }
        let core = core
        let host = try await FakeHost.start(core, name: "BinanceFake") { core.with { $0.tick() } }
        let base = "127.0.0.1:\(host.port)"
        let endpoints = Endpoints(port: host.port, rest: "https://\(base)", streams: "wss://\(base)/stream",
                                  rawStreams: "wss://\(base)/ws", wsAPI: "wss://\(base)/ws-api/v3", caFile: host.caFile)
        running.withLock { $0 = Running(host: host, endpoints: endpoints) }
        return endpoints
    }

    /// Closes the listener and every connection, stops the housekeeping and removes the CA file.
    public func stop() async {
        guard let r = running.withLock({ r in defer { r = nil }; return r }) else { return }
        await r.host.stop()
        core.with { x in
            for s in x.sessions.values { s.closed = true }
            x.sessions = [:]
        }
    }

    public var endpoints: Endpoints? { running.withLock { $0?.endpoints } }

    /// Runs the time-driven work now (minutes closing, kline pushes, pings, pong timeouts,
    /// lifetimes, periodic drops) instead of waiting for the housekeeping tick.
    public func tick() { core.with { $0.tick() } }

    /// Drops every connection now, WebSocket and REST keep-alive alike, without a close frame.
    public func dropConnections() {
        let host = running.withLock { $0?.host }
        core.with { $0.dropAll() }
        host?.dropAll()
    }
}
