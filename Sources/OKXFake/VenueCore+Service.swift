import FakeKit

/// How the TLS host reaches the venue: every call takes the lock, and whatever is sent goes
/// through a `WSOutlet`, which only queues work on the connection's event loop.
extension VenueCore: FakeService {
    func respond(to request: RESTRequest) -> RESTOutcome { with { $0.handle(request) } }

    /// A known service path, within three handshakes per second; a refused handshake reaches
    /// `respond`, which answers it.
    func shouldUpgrade(_ request: RESTRequest) -> Bool {
        WSService(path: request.path) != nil && with { $0.admitConnection() }
    }

    func webSocketOpened(_ request: RESTRequest, outlet: any WSOutlet) -> Int {
        // Only paths `shouldUpgrade` admitted get here.
        let service = WSService(path: request.path) ?? .public
        return with { $0.openSession(service: service, outlet: outlet) }
    }

    /// OKX's heartbeat is the text `ping`; protocol pings are answered by the host and count
    /// for nothing here, as on OKX (only data keeps a connection from idling out).
    func webSocketReceived(_ frame: WSInbound, session: Int) {
        guard case .text(let text) = frame else { return }
        with { $0.received(text, session: session) }
    }

    func webSocketClosed(session: Int) { with { $0.sessionEnded(session) } }
}

extension Venue {
    /// A tickers push cut short: what `MalformedFrame.truncatedJSON` sends.
    static let truncatedPush = #"{"arg":{"channel":"tickers","instId":"BTC-USDT-SWAP"},"data":[{"instType":"SW"#
}
