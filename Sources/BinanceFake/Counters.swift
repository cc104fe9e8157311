extension BinanceFake {
    /// What the fake has seen and done, for tests to assert on. A snapshot: `BinanceFake.counters`.
    public struct Counters: Sendable, Equatable {
        /// REST requests that reached the router, by path (`/api/v3/order`).
        public var requests: [String: Int] = [:]
        /// WebSocket API requests, by method.
        public var wsAPIRequests: [String: Int] = [:]
        /// The most request weight a minute held, the refused requests' included: above the
        /// limit exactly when some request was refused for weight.
        public var maxWeightPerMinute = 0
        /// The most unfilled orders one account had counted in a 10 s and in a day window.
        public var maxOrdersPer10s = 0
        public var maxOrdersPerDay = 0
        /// Answers 429 for weight (-1003), for unfilled orders (-1015), and forced by a fault.
        public var weightLimited = 0
        public var orderLimited = 0
        public var forcedRateLimits = 0
        /// IP bans started, and requests answered 418 (REST and WebSocket API).
        public var bans = 0
        public var bannedRequests = 0
        /// Signed requests refused: bad or unknown key (-2014, -2015), signature (-1022),
        /// timestamp (-1021).
        public var keyRejections = 0
        public var signatureRejections = 0
        public var timestampRejections = 0
        /// Orders accepted, and refused (-1013, -2010, -1100 …).
        public var ordersPlaced = 0
        public var ordersRejected = 0
        /// Order calls executed and then answered with a 5xx, executed and never answered,
        /// executed and their connection closed without an answer, and lost before executing.
        public var serverErrors = 0
        public var heldResponses = 0
        public var closedConnections = 0
        public var lostRequests = 0
        public var wsConnectionsOpened = 0
        /// WebSocket handshakes refused (429 or 418).
        public var refusedConnections = 0
        /// Connections the fake dropped on purpose (faults), for a missing pong, for sending
        /// more than 5 messages a second, and closed at the end of their lifetime.
        public var droppedConnections = 0
        public var pongTimeouts = 0
        public var messageRateDrops = 0
        public var lifetimeCloses = 0
        public var serverShutdownsSent = 0
        public var pingsSent = 0
        public var pongsReceived = 0
        public var malformedFrames = 0
        /// WebSocket messages sent (pushes, answers, events).
        public var wsMessagesSent = 0
        /// User data events delivered, and dropped by `Faults.dropNextUserEvents`.
        public var userEventsSent = 0
        public var userEventsDropped = 0
    }
}
