extension BinanceFake {
    /// Faults a test switches on; each one that fires is counted in `Counters`.
    public struct Faults: Sendable {
        /// What happens to an order call (place, cancel, cancel all) after the fake executed it.
        public enum AfterExecuting: Sendable, Equatable {
            /// Answer with this 5xx status: the call took effect, the client cannot know it.
            case serverError(status: Int)
            /// Never answer: the client's timeout ends the request; the call took effect.
            case noAnswer
            /// Close the connection without an answer: a client that sends the request again
            /// by itself on a new connection (as libcurl would) makes the call twice.
            case closeConnection
        }

        /// Answer the next N REST requests 429 (with Retry-After, as a real one: sending on
        /// during it counts toward a ban), whatever the weight used.
        public var rateLimitNext = 0
        /// The next N order calls are executed, then `afterExecuting` happens to their answer.
        public var failNextOrders = 0
        public var afterExecuting: AfterExecuting = .serverError(status: 503)
        /// The next N order calls are lost on the way: never executed, never answered.
        public var loseNextOrders = 0
        /// The next N user data events (one per subscription they were for) are not sent: the
        /// client only learns of them by reconciling over REST.
        public var dropNextUserEvents = 0
        /// Drop a WebSocket connection once it has been sent this many messages.
        public var dropAfterMessages: Int?
        /// Drop every WebSocket connection each time this many fake seconds have passed.
        public var dropEverySeconds: Int64?

        public init() {}
    }
}
