import BotCore

/// A recorded market played minute by minute: one-minute candles, or trades from which each
/// minute's candle is built. A minute without data publishes nothing, as a venue's feed does
/// not; asked for history over such a hole, the feed confirms it has none.
public actor ReplayFeed: SteppedFeed {
    public nonisolated let name: String
    public nonisolated let symbol: String
    private var recording: Recording
    private var following: InstrumentID?
    private var sink: (any MarketSink)?
    /// Every minute's bar published or given as history, oldest first.
    private var published: [Candle] = []

    public init(symbol: String, candles: [Candle]) {
        self.symbol = symbol
        name = "replay:\(symbol)"
        recording = Recording(.candles(candles))
    }

    public init(symbol: String, trades: [Trade]) {
        self.symbol = symbol
        name = "replay:\(symbol)"
        recording = Recording(.trades(trades))
    }

    public func connect(_ sink: any MarketSink) { self.sink = sink }

    /// The first `minutes` minutes of the recording are history.
    public func subscribe(_ inst: Instrument, now: Int64, minutes: Int) -> [Candle] {
        guard following == nil else { return Array(published.suffix(minutes)) }
        following = inst.id
        published = recording.history(minutes: minutes)
        return published
    }

    public func unsubscribe(_ id: InstrumentID) {
        if following == id { following = nil }
    }

    public func history(_ id: InstrumentID, timeframe: Timeframe, from: Int64, to: Int64) -> [Candle] {
        BarBuilder.aggregate(published.filter { $0.ts >= from && $0.ts < to }, to: timeframe)
    }

    public var isFinished: Bool { recording.isFinished }

    public func step() async {
        guard let id = following, !recording.isFinished else { return }
        var trades: [Trade] = []
        let bar = recording.nextMinute(trades: &trades)
        for t in trades { await sink?.trade(t, instrument: id) }
        guard let bar else { return }
        published.append(bar)
        // Enough for any backfill; the recording itself is the full record.
        if published.count > 20_000 { published.removeFirst(5_000) }
        await sink?.candle(bar, instrument: id, closed: true)
    }
}
