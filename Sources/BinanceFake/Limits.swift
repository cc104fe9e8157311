extension BinanceFake {
    /// The limits the fake enforces, all on its clock; Binance's documented values by default,
    /// each small enough to reach in a test once lowered. `exchangeInfo.rateLimits` reports
    /// the three counted ones.
    public struct Limits: Sendable, Equatable {
        /// REQUEST_WEIGHT per minute per IP (every client of the fake is 127.0.0.1), shared by
        /// REST and the WebSocket API. Over it: 429 with Retry-After.
        public var weightPerMinute = 6000
        /// ORDERS: unfilled orders per 10 s and per day per account. Over it: 429, -1015.
        public var ordersPer10s = 50
        public var ordersPerDay = 160_000
        /// Requests a client may still send while a 429's Retry-After runs (answered 429 again)
        /// before the IP is banned (418). Binance publishes no number; in-flight requests of a
        /// client that stopped at the 429 should not cost it a ban.
        public var toleratedAfter429 = 2
        /// The first ban's length; each later one doubles, up to `maxBanMs` (2 min to 3 days).
        public var firstBanMs: Int64 = 120_000
        public var maxBanMs: Int64 = 3 * 86_400_000
        /// WebSocket connection attempts per IP per 5 minutes (300); beyond: 429 on the handshake.
        public var connectionsPer5Minutes = 300
        /// Messages a client may send on a market stream connection per second (5: text, ping
        /// and pong frames alike); beyond, the connection is dropped.
        public var streamMessagesPerSecond = 5
        /// Streams one market stream connection may hold (1024).
        public var streamsPerConnection = 1024
        /// The server pings every connection this often and drops it when a ping has gone this
        /// long without its pong (20 s and 1 min).
        public var pingIntervalMs: Int64 = 20_000
        public var pongTimeoutMs: Int64 = 60_000
        /// A connection lives this long (24 h); `serverShutdown` comes this long before the end.
        public var connectionLifetimeMs: Int64 = 86_400_000
        public var shutdownNoticeMs: Int64 = 60_000

        public init() {}
    }
}
