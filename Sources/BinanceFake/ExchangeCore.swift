import Synchronization

/// The lock around the exchange, shared by the server's handlers, the housekeeping tick and
/// the test's calls. Nothing run under it writes to a socket directly (`WSOutlet` only queues
/// work on a connection's event loop), so no channel event can re-enter it.
final class ExchangeCore: Sendable {
    private let exchange: Mutex<Exchange>

    init(_ exchange: sending Exchange) {
        self.exchange = Mutex(exchange)
    }

    func with<R: Sendable, E: Error>(_ body: (Exchange) throws(E) -> R) throws(E) -> R {
        try exchange.withLock { x throws(E) in try body(x) }
    }
}

extension ExchangeCore: FakeService {
    func respond(to request: RESTRequest) -> RESTOutcome { with { $0.handle(request) } }

    func shouldUpgrade(_ request: RESTRequest) -> Bool { with { $0.admitConnection(request) } }

    func webSocketOpened(_ request: RESTRequest, outlet: any WSOutlet) -> Int {
        with { $0.openSession(request, outlet: outlet) }
    }

    func webSocketReceived(_ frame: WSInbound, session: Int) { with { $0.received(frame, session: session) } }

    func webSocketClosed(session: Int) { with { $0.sessionEnded(session) } }
}
