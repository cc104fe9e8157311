import OKXWire

/// What an OKX market feed has seen, for tests and the operator.
public struct OKXFeedStats: Sendable, Equatable {
    /// Connections opened on /public and /business (the first of each, then reconnections).
    public var publicConnections = 0
    public var businessConnections = 0
    /// Connections lost, on either service.
    public var drops = 0
    /// Sockets replaced because a connection stayed silent past its keep-alive.
    public var replacedSockets = 0
    /// OKX's acks of subscribe and unsubscribe (one per channel and instrument).
    public var subscribeAcks = 0
    public var unsubscribeAcks = 0
    /// `error` events OKX sent (logged with their code), and notices (64008: an upgrade).
    public var venueErrors = 0
    public var notices = 0
    /// Frames that could not be read.
    public var malformedFrames = 0
    /// Closed one-minute candles sent on from the stream, and from the catch-up after a
    /// reconnection.
    public var closedCandles = 0
    public var caughtUpCandles = 0

    /// Connections made again after a drop.
    public var reconnects: Int { max(0, publicConnections - 1) + max(0, businessConnections - 1) }

    /// Counts a connection on `endpoint`; returns how many it has had, this one included.
    mutating func opened(_ endpoint: OKXWebSocketEndpoint) -> Int {
        if endpoint == .business {
            businessConnections += 1
            return businessConnections
        }
        publicConnections += 1
        return publicConnections
    }
}
