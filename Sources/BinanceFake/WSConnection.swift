/// The exchange's view of one WebSocket connection: its service, heartbeat, lifetime, and
/// its market streams or user data subscriptions.
final class WSConnection {
    enum Kind: Equatable {
        case streams(combined: Bool)
        case api
    }

    let id: Int
    /// A market stream connection's kind changes with `SET_PROPERTY combined`.
    var kind: Kind
    let outlet: any WSOutlet
    let openedMs: Int64
    /// When the server closes it: the end of its lifetime, or sooner for an announced shutdown.
    var closeAtMs: Int64
    var shutdownNoticeSent = false
    /// Pings not yet answered, oldest first: their payload and when they were sent.
    var unansweredPings: [(payload: [UInt8], sentMs: Int64)] = []
    var lastPingMs: Int64
    /// When the client's recent messages arrived (market streams allow 5 a second).
    var inbound = RateLimiter(windowMs: 1000)
    /// Market streams subscribed, in order.
    var streams: [String] = []
    /// WebSocket API: user data subscriptions by id, the account's API key each.
    var subscriptions: [(id: Int, apiKey: String)] = []
    var nextSubscriptionId = 0
    var returnRateLimits = true
    var sent = 0
    var closed = false

    init(id: Int, kind: Kind, outlet: any WSOutlet, nowMs: Int64, lifetimeMs: Int64) {
        self.id = id
        self.kind = kind
        self.outlet = outlet
        openedMs = nowMs
        closeAtMs = nowMs + lifetimeMs
        lastPingMs = nowMs
    }

    var combined: Bool { kind == .streams(combined: true) }
}
