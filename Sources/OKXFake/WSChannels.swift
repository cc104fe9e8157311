/// Where each channel lives on OKX's three WebSocket services, and what it needs.
enum WSChannels {
    /// Market data on /public.
    static let publicChannels: Set<String> = ["tickers", "trades", "books", "books5"]
    /// Private account data on /private, after login.
    static let privateChannels: Set<String> = ["orders", "positions", "account"]
    /// /business: candles and unaggregated trades, and (after login) the algo orders.
    static let businessChannels: Set<String> = Set(CandleBar.minutes.keys.map { "candle" + $0 }).union(["trades-all", "orders-algo"])
    static let loginChannels: Set<String> = ["orders", "positions", "account", "orders-algo"]
    /// Private channels whose subscribe argument must carry `instType`.
    static let needInstType: Set<String> = ["orders", "positions", "orders-algo"]

    static func home(of channel: String) -> WSService? {
        if publicChannels.contains(channel) { return .public }
        if privateChannels.contains(channel) { return .private }
        if businessChannels.contains(channel) { return .business }
        return nil
    }
}
