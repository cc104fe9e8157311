/// What a Binance market feed has seen, for tests and the operator.
public struct BinanceFeedStats: Sendable, Equatable {
    /// Connections opened to the combined stream (the first, replacements, reconnections).
    public var connections = 0
    /// Connections lost without the feed closing them (the server's close included).
    public var drops = 0
    /// Connections the feed closed once their successor was subscribed (24 h, `serverShutdown`).
    public var rotations = 0
    /// `serverShutdown` events heard.
    public var shutdownNotices = 0
    /// Connections that took over after the stream was lost (each one followed by a backfill).
    public var reconnects = 0
    /// Sockets replaced because a connection stayed silent past its keep-alive.
    public var replacedSockets = 0
    /// Binance's `{"result":null}` answers to SUBSCRIBE and UNSUBSCRIBE (one per request).
    public var subscribeAcks = 0
    public var unsubscribeAcks = 0
    /// Control requests Binance refused (logged with their code).
    public var venueErrors = 0
    /// Frames that could not be read.
    public var malformedFrames = 0
    /// Trades and closed klines that a second connection repeated, dropped.
    public var duplicates = 0
    /// Closed one-minute candles sent on from the stream, and from the REST backfill after a
    /// reconnection.
    public var closedCandles = 0
    public var caughtUpCandles = 0
}
