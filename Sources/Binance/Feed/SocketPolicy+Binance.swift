import VenueSocket

extension SocketPolicy {
    /// Binance pings every 20 s and the WebSocket client answers each with its payload, out of
    /// the handler's sight; so a connection whose end is never heard of would read nothing for
    /// good. After 30 s without a message the feed asks for its subscriptions (one message,
    /// well within the 5 a second) and expects the answer within 10 s. Reconnections stay far
    /// under Binance's 300 attempts per 5 minutes.
    public static var binanceMarket: SocketPolicy {
        SocketPolicy(keepAlive: (text: BinanceMarketFeed.keepAliveText, idle: .seconds(30), answerWithin: .seconds(10)),
                     backoffInitial: .milliseconds(500), backoffMax: .seconds(30))
    }
}
