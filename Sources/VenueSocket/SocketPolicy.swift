/// How a venue's WebSocket is kept: its keep-alive, and how reconnections back off.
public struct SocketPolicy: Sendable {
    /// A text message sent after `idle` without any message from the server, which must then
    /// send something within `answerWithin` or the connection is dropped and made again (OKX:
    /// `ping` under its 30 s cut-off, answered `pong`). Nil for a venue whose server pings.
    public var keepAlive: (text: String, idle: Duration, answerWithin: Duration)?
    /// The first wait before reconnecting; each failure in a row doubles it up to `backoffMax`,
    /// plus up to half again at random, so a fleet of clients does not return in step.
    public var backoffInitial: Duration
    public var backoffMax: Duration
    /// The largest message accepted (a candle backlog, an order snapshot).
    public var maxMessageSize: Int

    public init(keepAlive: (text: String, idle: Duration, answerWithin: Duration)? = nil, backoffInitial: Duration = .milliseconds(500),
                backoffMax: Duration = .seconds(30), maxMessageSize: Int = 1 << 22) {
        self.keepAlive = keepAlive
        self.backoffInitial = backoffInitial
        self.backoffMax = backoffMax
        self.maxMessageSize = maxMessageSize
    }

    /// The wait before attempt `n` (1 for the first reconnection), before jitter.
    public func backoff(attempt n: Int) -> Duration {
        var d = backoffInitial
        for _ in 1..<max(1, n) where d < backoffMax { d = d * 2 }
        return min(d, backoffMax)
    }
}
