/// What a venue fake implements to be served by `FakeHost`: answers to HTTP requests, and the
/// life of its WebSocket connections. The host owns the sockets, TLS and HTTP framing; the
/// service owns everything a venue decides.
///
/// Every method is called on one of the server's event loops and must not block: a service
/// takes its lock, decides, and queues whatever it sends through a `WSOutlet`.
public protocol FakeService: Sendable {
    /// Answers one HTTP request: any request that is not a WebSocket upgrade, and upgrades
    /// `shouldUpgrade` refused (so the venue can say why, e.g. 429 or 418).
    func respond(to request: RESTRequest) -> RESTOutcome

    /// Whether the WebSocket handshake for `request` (its path and query, no body) goes ahead.
    func shouldUpgrade(_ request: RESTRequest) -> Bool

    /// A WebSocket connection opened on `request`'s path; returns the id the host names it by
    /// in later calls.
    func webSocketOpened(_ request: RESTRequest, outlet: any WSOutlet) -> Int

    /// A frame arrived on connection `session`. Pings have already been answered with a pong
    /// copying their payload, and close frames are handled by the host.
    func webSocketReceived(_ frame: WSInbound, session: Int)

    /// Connection `session` is gone (closed by either side, or dropped).
    func webSocketClosed(session: Int)
}

/// A frame a client sent.
public enum WSInbound: Sendable, Equatable {
    case text(String)
    case binary([UInt8])
    case ping([UInt8])
    case pong([UInt8])
}

/// How a venue talks to one WebSocket connection. Every call only queues work on the
/// connection's event loop, so it is safe under the venue's lock.
public protocol WSOutlet: Sendable {
    func send(_ text: String)
    /// A frame clients must survive; `truncatedJSON` is the venue's own message to cut short.
    func send(malformed: MalformedFrame, truncatedJSON: String)
    /// A ping frame with this payload (the client must answer with a pong copying it).
    func ping(_ payload: [UInt8])
    /// A close frame with this code, then the connection closes.
    func close(code: UInt16, reason: String)
    /// The TCP connection closes without a close frame.
    func drop()
}

/// A frame a venue's clients must survive.
public enum MalformedFrame: Sendable {
    /// A text frame holding a JSON message cut in half.
    case truncatedJSON
    /// A text frame that is not UTF-8.
    case invalidUTF8
    /// A frame with a reserved bit set, which no extension negotiated: a protocol error.
    case reservedBits
}
