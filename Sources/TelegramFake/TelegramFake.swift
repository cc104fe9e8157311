import FakeKit
import Synchronization

/// A local Bot API server for tests (protocols.md §5): TLS on a free loopback port with a CA
/// made for the run, long polling with Telegram's offset semantics, flood control on its own
/// clock, the errors Telegram gives (409, 401, 403, 400 for markup and moved groups), faults
/// on demand, and hooks for a test to play users (messages, button presses, blocks) and to
/// read what the bot sent.
///
/// It shares no code with TelegramWire or Telegram, so it checks our client independently.
public final class TelegramFake: Sendable {
    public typealias Limits = FakeLimits
    public typealias Fault = TelegramFault
    public typealias Counters = TelegramCounters

    public struct Endpoint: Sendable {
        public let port: Int
        /// The PEM file of the CA the fake's certificate is signed by.
        public let caFile: String
        /// The Bot API base, for `TelegramEndpoint(base:)`: `https://127.0.0.1:PORT`.
        public let apiURL: String
    }

    /// All the fake's time: flood control, poll timeouts, update and button lifetimes.
    public let clock: FakeClock
    let state: Mutex<BotAPI>
    let running = Mutex<(host: FakeHost, endpoint: Endpoint)?>(nil)

    public init(clock: FakeClock = FakeClock(), token: String = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11", botId: Int64 = 123456,
                botUsername: String = "botruntime_bot", limits: Limits = Limits()) {
        self.clock = clock
        state = Mutex(BotAPI(token: token, botId: botId, botUsername: botUsername, limits: limits))
    }

    /// Listens on a free port. The tick (every 20 ms of real time) ends polls whose timeout
    /// passed on the fake's clock and drops updates older than 24 hours on it.
    public func start() async throws -> Endpoint {
        let host = try await FakeHost.start(Service(fake: self), name: "TelegramFake", tickEveryMs: 20) { [weak self] in self?.tick() }
        let e = Endpoint(port: host.port, caFile: host.caFile, apiURL: "https://127.0.0.1:\(host.port)")
        running.withLock { $0 = (host, e) }
        return e
    }

    public func stop() async {
        let r = running.withLock { r in defer { r = nil }; return r }
        await r?.host.stop()
    }

    public var endpoint: Endpoint? { running.withLock { $0?.endpoint } }

    func tick() {
        let now = clock.nowMs
        state.withLock { $0.tick(nowMs: now) }
    }

    /// Closes every connection without an answer (a network drop).
    public func dropConnections() { running.withLock { $0?.host }?.dropAll() }

    /// The host's view of the fake: HTTP only.
    struct Service: FakeService {
        let fake: TelegramFake

        func respond(to request: RESTRequest) -> RESTOutcome {
            let now = fake.clock.nowMs
            switch fake.state.withLock({ $0.respond(request, nowMs: now) }) {
            case .now(let outcome): return outcome
            case .wait(let deadline, let limit, let ticket):
                return .later { responder in
                    fake.state.withLock { $0.park(responder, deadlineMs: deadline, limit: limit, ticket: ticket) }
                }
            }
        }

        func shouldUpgrade(_ request: RESTRequest) -> Bool { false }
        func webSocketOpened(_ request: RESTRequest, outlet: any WSOutlet) -> Int { 0 }
        func webSocketReceived(_ frame: WSInbound, session: Int) {}
        func webSocketClosed(session: Int) {}
    }
}
