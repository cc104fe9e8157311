/// Live or demo trading. Demo uses the same REST host with the header `x-simulated-trading: 1`
/// and a demo API key (a key of the other environment gets 50101), and its own WebSocket host.
public enum OKXEnvironment: String, Hashable, Sendable, CaseIterable {
    case live
    case demo

    public static let restHost = "https://www.okx.com"

    public func webSocketURL(_ endpoint: OKXWebSocketEndpoint) -> String {
        let host = self == .live ? "wss://ws.okx.com:8443" : "wss://wspap.okx.com:8443"
        return "\(host)/ws/v5/\(endpoint.rawValue)"
    }
}

/// OKX's three WebSocket services; a channel subscribed on the wrong one is refused (60018,
/// or 64001 for one that moved to /business).
public enum OKXWebSocketEndpoint: String, Hashable, Sendable, CaseIterable {
    /// Tickers, trades, books.
    case publicData = "public"
    /// Orders, positions, account; after login.
    case privateData = "private"
    /// Candles, trades-all; algo orders after login.
    case business
}
