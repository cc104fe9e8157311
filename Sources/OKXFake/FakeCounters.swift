/// What the fake has seen and done, for tests to assert on. A snapshot: `OKXFake.counters`.
public struct FakeCounters: Sendable, Equatable {
    /// REST requests that reached the router, by path (`/api/v5/trade/order`).
    public var requests: [String: Int] = [:]
    /// Requests answered 50011 because they exceeded an endpoint's documented limit, by path.
    public var rateLimited: [String: Int] = [:]
    /// Requests answered 50061 (the 1,000-per-2-s order and amend limit of a sub-account).
    public var accountRateLimited = 0
    /// Requests answered 50011 because a test asked for it (`FakeFaults.rateLimitNext`).
    public var forcedRateLimits = 0
    /// Orders executed and then answered with a 5xx.
    public var serverErrors = 0
    /// Orders executed and never answered.
    public var heldResponses = 0
    /// Orders executed and then their connection closed without an answer.
    public var closedConnections = 0
    /// Order requests lost before executing (`FakeFaults.loseNextOrders`).
    public var lostRequests = 0
    /// WebSocket connections the fake dropped on purpose (faults), and closed for idling.
    public var droppedConnections = 0
    public var idleCloses = 0
    public var malformedFrames = 0
    /// WebSocket messages sent (pushes, acks, pongs).
    public var wsMessagesSent = 0
    public var wsConnectionsOpened = 0
    /// WebSocket handshakes refused (HTTP 429) for exceeding 3 per second.
    public var refusedConnections = 0
    /// WebSocket requests answered 60014 for exceeding 480 login/subscribe/unsubscribe an hour.
    public var wsRequestsLimited = 0
    /// Subscriptions refused with channel-conn-count-error (over 30 connections on a private channel).
    public var channelConnCountErrors = 0
    /// Liquidation orders the fake placed: automatic (the price reached a liqPx) and
    /// `OKXFake.liquidate`, full and partial alike.
    public var liquidations = 0
    /// Funding bills (type 8) `OKXFake.settleFunding` wrote: one per position charged or paid.
    public var fundingBills = 0

    public var totalRateLimited: Int { rateLimited.values.reduce(0, +) }
}
