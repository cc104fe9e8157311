/// Faults a test switches on; each one that fires is counted in `FakeCounters`.
public struct FakeFaults: Sendable {
    /// What happens to an order request (place, amend, cancel, algo) after the fake executed it.
    public enum AfterExecuting: Sendable, Equatable {
        /// Answer with this 5xx status: the order exists, the client cannot know it.
        case serverError(status: Int)
        /// Never answer: the client's timeout ends the request, the order exists.
        case noAnswer
        /// Close the connection without an answer: a client that sends the request again by
        /// itself on a new connection (as libcurl would) places the order twice.
        case closeConnection
    }

    /// Answer 50011 to the next N REST requests, whatever their endpoint's limit.
    public var rateLimitNext = 0
    /// The next N order requests are executed, then `afterExecuting` happens to their answer.
    public var failNextOrders = 0
    public var afterExecuting: AfterExecuting = .serverError(status: 502)
    /// The next N order requests are lost on the way: never executed, never answered (the
    /// client's timeout ends them). Only a query after their expiry can tell them apart from
    /// `afterExecuting = .noAnswer`.
    public var loseNextOrders = 0
    /// Drop a WebSocket connection once it has been sent this many messages.
    public var dropAfterMessages: Int?
    /// Drop every WebSocket connection each time this many fake seconds have passed.
    public var dropEverySeconds: Int64?

    public init() {}
}
