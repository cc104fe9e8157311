/// Where a feed pushes what it receives: the market-data hub, which builds bars once for
/// every bot.
public protocol MarketSink: Sendable {
    func trade(_ t: Trade, instrument: InstrumentID) async
    /// A one-minute candle: closed, or (`closed == false`) the one forming, as venues send it.
    func candle(_ c: Candle, instrument: InstrumentID, closed: Bool) async
    /// Best bid and ask with the last price.
    func ticker(_ t: Ticker, instrument: InstrumentID) async
}

/// A source of market data: a simulator, a recording, a venue's public WebSocket. It is asked
/// to follow instruments and pushes their trades, candles and best bid/ask to its sink; it
/// answers history, for warm-up and for filling a gap it left.
public protocol MarketFeed: Actor {
    nonisolated var name: String { get }
    /// Whether the feed sends one-minute candles. A feed of trades alone (a venue's trade
    /// stream, a recording of prints) says false: the hub then builds the minutes from its trades.
    nonisolated var sendsCandles: Bool { get }
    func connect(_ sink: any MarketSink) async
    /// Starts following `instrument`; returns its closed one-minute candles up to `now` (ms),
    /// at most `minutes` of them, oldest first, for warm-up.
    func subscribe(_ instrument: Instrument, now: Int64, minutes: Int) async -> [Candle]
    func unsubscribe(_ id: InstrumentID) async
    /// Closed candles of `timeframe` opening in `from..<to`, oldest first. Empty means the
    /// venue has none there (an outage it confirms); throwing means it cannot say now.
    func history(_ id: InstrumentID, timeframe: Timeframe, from: Int64, to: Int64) async throws -> [Candle]
}

extension MarketFeed {
    public nonisolated var sendsCandles: Bool { true }
}

/// A feed whose time advances when told (a simulated or recorded market): each step
/// publishes the next minute of every instrument it follows, trades before the minute's bar.
public protocol SteppedFeed: MarketFeed {
    func step() async
}
