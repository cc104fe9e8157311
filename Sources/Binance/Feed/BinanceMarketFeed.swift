import BinanceWire
import BotCore
import Logging
import VenueSocket

/// Binance spot's public market as a `MarketFeed`: every followed symbol's trades, one-minute
/// klines and best bid/ask over one combined-stream connection (`/stream`, SUBSCRIBE and
/// UNSUBSCRIBE as bots come and go); history and warm-up from REST (`klines`).
///
/// Binance ends a connection after 24 hours, and announces maintenance with `serverShutdown`:
/// the next connection is opened and subscribed before the old one is closed (`StreamRotation`),
/// and what both deliver meanwhile goes on once (`StreamOverlap`). A connection lost with none
/// to take over is made again with backoff, and the minutes that closed meanwhile are fetched
/// from REST and sent on, in order, before the live ones that follow them.
///
/// Symbols are followed by reference count: Binance is told to subscribe the first time and to
/// unsubscribe the last. Only closed klines are sent on (`x` true); book tickers go on as
/// tickers once a last price is known (a trade, or the warm-up's last close), since spot's
/// book ticker has neither a time nor a last price.
public actor BinanceMarketFeed: MarketFeed {
    public nonisolated let name: String
    /// The combined stream endpoint, `wss://stream.binance.com:9443/stream`.
    let streamsURL: String
    let rest: BinanceRestClient
    let caFile: String?
    let venue: String
    let policy: SocketPolicy
    /// Whether a connection that took over after a loss backfills the minutes missed (else the
    /// consumer's gap filling through `history` is all there is).
    let catchesUp: Bool
    /// How often connection ages and silences are checked.
    let housekeeping: Duration
    let logger: Logger

    /// One followed symbol: how many subscribers, the last trade's price (a ticker's `last`),
    /// the newest book ticker sent on, and while a backfill runs the closed klines it holds back.
    struct Follow {
        let id: InstrumentID
        var count: Int
        var lastPrice: Price?
        var lastBookUpdate: Int64?
        var held: [Candle]?
    }

    var sink: (any MarketSink)?
    /// By Binance symbol (`BTCUSDT`).
    var follows: [String: Follow] = [:]
    /// The sockets, by their number; each knows the generation of its connection.
    var slots: [Int: Slot] = [:]
    var nextSlot = 0
    var rotation: StreamRotation
    var overlap = StreamOverlap()
    var nextRequestID: Int64 = 1
    var timer: Task<Void, Never>?
    var catchUpTask: Task<Void, Never>?
    /// A backfill was asked for while one ran: it runs again when done.
    var catchUpAgain = false
    /// Whether any connection has been subscribed yet (the first one has nothing to backfill).
    var everSubscribed = false
    var malformedLog = LogBudget(perMinute: 5)

    public internal(set) var stats = BinanceFeedStats()
    /// Frames that could not be read (counted, logged sparingly, skipped).
    public var malformedFrames: Int { stats.malformedFrames }

    /// `maxConnectionAgeMs`: when a connection is replaced before Binance's 24 h close (venue
    /// time). `housekeeping`: how often that age, and silent sockets, are checked.
    public init(name: String = "binance", streamsURL: String, rest: BinanceRestClient, caFile: String? = nil,
                venue: String = "binance", policy: SocketPolicy = .binanceMarket,
                maxConnectionAgeMs: Int64 = StreamRotation().maxAgeMs, housekeeping: Duration = .seconds(1),
                catchUp: Bool = true, logger: Logger = Logger(label: "binance-feed")) {
        self.name = name
        self.streamsURL = streamsURL
        self.rest = rest
        self.caFile = caFile
        self.venue = venue
        self.policy = policy
        rotation = StreamRotation(maxAgeMs: maxConnectionAgeMs)
        self.housekeeping = housekeeping
        catchesUp = catchUp
        var l = logger
        l[metadataKey: "feed"] = "\(name)"
        self.logger = l
    }

    deinit {
        for s in slots.values {
            s.task.cancel()
            s.flush?.cancel()
        }
        timer?.cancel()
        catchUpTask?.cancel()
    }

    /// Opens the first connection (once); it subscribes whatever is followed by then.
    public func connect(_ sink: any MarketSink) async {
        self.sink = sink
        guard slots.isEmpty else { return }
        perform(rotation.start())
        startHousekeeping()
    }

    /// Ends every connection and any backfill under way; nothing reaches the sink after it.
    /// The sockets finish closing in the background. The REST client is the caller's.
    public func stop() {
        for s in slots.values {
            s.task.cancel()
            s.flush?.cancel()
        }
        timer?.cancel()
        catchUpTask?.cancel()
        slots = [:]
        timer = nil
        catchUpTask = nil
        sink = nil
        rotation = StreamRotation(maxAgeMs: rotation.maxAgeMs)
        everSubscribed = false
        catchUpAgain = false
        for symbol in follows.keys { follows[symbol]!.held = nil }
    }

    public func subscribe(_ instrument: Instrument, now: Int64, minutes: Int) async -> [Candle] {
        let symbol = instrument.id.symbol
        if follows[symbol] != nil {
            follows[symbol]!.count += 1
        } else {
            guard Self.isSymbol(symbol) else {
                logger.error("not a Binance symbol; not followed", metadata: ["instrument": "\(instrument.id)"])
                return []
            }
            guard (follows.count + 1) * Self.streamsPerSymbol <= BinanceStreamRequest.maxStreamsPerConnection else {
                logger.error("one connection carries no more symbols; not followed", metadata: [
                    "instrument": "\(instrument.id)", "followed": "\(follows.count)"])
                return []
            }
            follows[symbol] = Follow(id: InstrumentID(venue: venue, symbol: symbol), count: 1)
            // From here on the feed answers for every minute: a backfill after a loss starts
            // after the last one closed before now.
            _ = overlap.firstClosedKline(symbol, openMs: Self.minute.barOpen(rest.clock.nowMs) - Self.minute.milliseconds)
            requestAll()
        }
        guard minutes > 0 else { return [] }
        let bars = await warmUp(symbol, now: now, minutes: minutes)
        if let last = bars.last, follows[symbol] != nil {
            _ = overlap.firstClosedKline(symbol, openMs: last.ts)
            if follows[symbol]!.lastPrice == nil { follows[symbol]!.lastPrice = last.close }
        }
        return bars
    }

    public func unsubscribe(_ id: InstrumentID) async {
        let symbol = id.symbol
        guard let f = follows[symbol] else { return }
        guard f.count <= 1 else {
            follows[symbol]!.count -= 1
            return
        }
        follows[symbol] = nil
        requestAll()
    }

    /// How many subscribers follow `id` (0: not followed).
    public func followers(_ id: InstrumentID) -> Int { follows[id.symbol]?.count ?? 0 }

    public func history(_ id: InstrumentID, timeframe: Timeframe, from: Int64, to: Int64) async throws -> [Candle] {
        guard let interval = BinanceKlineInterval(timeframe), interval != .oneSecond else {
            throw BinanceFeedError.unsupportedTimeframe(timeframe)
        }
        var pager = BinanceKlinePager(rest: rest, symbol: id.symbol, interval: interval, span: timeframe.milliseconds,
                                      from: from, to: to)
        try await pager.run()
        return pager.bars
    }

    static let minute = Timeframe(seconds: 60)

    /// Up to `minutes` closed minutes before `now`'s, oldest first; on a failure the ones
    /// already fetched, possibly none.
    func warmUp(_ symbol: String, now: Int64, minutes: Int) async -> [Candle] {
        let to = Self.minute.barOpen(now)
        let (span, overflow) = Int64(minutes).multipliedReportingOverflow(by: Self.minute.milliseconds)
        let from = overflow || span > to ? 0 : to - span
        var pager = BinanceKlinePager(rest: rest, symbol: symbol, interval: .oneMinute, span: Self.minute.milliseconds,
                                      from: from, to: to)
        do { try await pager.run() } catch {
            logger.warning("Binance warm-up history incomplete", metadata: [
                "symbol": "\(symbol)", "wanted": "\(minutes)", "got": "\(pager.bars.count)", "error": "\(error)"])
        }
        return Array(pager.bars.suffix(minutes))
    }
}
