import BotCore
import Logging
import OKXWire
import VenueSocket

/// OKX's public market as a `MarketFeed`: trades and tickers from /public, one-minute candles
/// from /business, each over a `ReconnectingSocket` that subscribes again on every new
/// connection; history and warm-up from REST (`market/candles`, then `market/history-candles`).
///
/// Instruments are followed by reference count: OKX is told to subscribe the first time and to
/// unsubscribe the last, as each connection may make only 480 such requests an hour. The
/// bars a dropped connection missed reach the sink anyway: the hub asks `history` for any gap
/// it sees, and after a reconnection the feed itself sends the bars closed since its last one.
public actor OKXMarketFeed: MarketFeed {
    public nonisolated let name: String
    let publicURL: String
    let businessURL: String
    let rest: OKXRestClient
    let caFile: String?
    let venue: String
    let policy: SocketPolicy
    /// Whether a reconnected candle stream sends the minutes it missed (else the consumer's
    /// gap filling through `history` is all there is).
    let catchesUp: Bool
    let logger: Logger

    /// One followed instrument: how many subscribers, and the newest closed minute sent on.
    struct Follow {
        let id: InstrumentID
        var count: Int
        var lastClosed: Int64?
    }

    var sink: (any MarketSink)?
    /// By OKX instId.
    var follows: [String: Follow] = [:]
    /// Each service's socket, and its connection while one is open.
    var connections: [OKXWebSocketEndpoint: Connection] = [:]
    /// Numbers each socket made, so a replaced one's late calls are told apart and ignored.
    var generation = 0
    var watchdog: Task<Void, Never>?
    var catchUpTask: Task<Void, Never>?
    var malformedLog = LogBudget(perMinute: 5)

    public internal(set) var stats = OKXFeedStats()
    /// Frames that could not be read (counted, logged sparingly, skipped).
    public var malformedFrames: Int { stats.malformedFrames }

    public init(name: String = "okx", publicURL: String, businessURL: String, rest: OKXRestClient, caFile: String?,
                venue: String = "okx", policy: SocketPolicy = .okxMarket, catchUp: Bool = true, logger: Logger) {
        self.name = name
        self.publicURL = publicURL
        self.businessURL = businessURL
        self.rest = rest
        self.caFile = caFile
        self.venue = venue
        self.policy = policy
        catchesUp = catchUp
        var l = logger
        l[metadataKey: "feed"] = "\(name)"
        self.logger = l
    }

    deinit {
        for c in connections.values { c.task.cancel() }
        watchdog?.cancel()
        catchUpTask?.cancel()
    }

    /// Starts both sockets (once); they subscribe whatever is followed by then.
    public func connect(_ sink: any MarketSink) async {
        self.sink = sink
        guard connections.isEmpty else { return }
        for endpoint in OKXWebSocketEndpoint.feed { startSocket(endpoint) }
        startWatchdog()
    }

    /// Ends both sockets and any catch-up under way; nothing reaches the sink after it. The
    /// sockets finish closing in the background (TLS waits a few seconds for the server's
    /// goodbye). The REST client is the caller's: it stays open.
    public func stop() {
        for c in connections.values { c.task.cancel() }
        watchdog?.cancel()
        catchUpTask?.cancel()
        connections = [:]
        watchdog = nil
        catchUpTask = nil
        sink = nil
    }

    public func subscribe(_ instrument: Instrument, now: Int64, minutes: Int) async -> [Candle] {
        let instId = instrument.id.symbol
        if follows[instId] != nil {
            follows[instId]!.count += 1
        } else {
            // An instId OKX's requests cannot carry would spoil every batch it joined.
            guard (try? OKXWSRequest.subscribe(Self.channels(instId, on: .publicData))) != nil else {
                logger.error("not an OKX instrument id; not followed", metadata: ["instrument": "\(instrument.id)"])
                return []
            }
            follows[instId] = Follow(id: InstrumentID(venue: venue, symbol: instId), count: 1)
            for endpoint in OKXWebSocketEndpoint.feed { await send(.subscribe, Self.channels(instId, on: endpoint), on: endpoint) }
        }
        guard minutes > 0 else { return [] }
        let bars = await warmUp(instId, now: now, minutes: minutes)
        if let last = bars.last, follows[instId] != nil, last.ts > follows[instId]?.lastClosed ?? .min {
            follows[instId]!.lastClosed = last.ts
        }
        return bars
    }

    public func unsubscribe(_ id: InstrumentID) async {
        let instId = id.symbol
        guard let f = follows[instId] else { return }
        guard f.count <= 1 else {
            follows[instId]!.count -= 1
            return
        }
        follows[instId] = nil
        for endpoint in OKXWebSocketEndpoint.feed { await send(.unsubscribe, Self.channels(instId, on: endpoint), on: endpoint) }
    }

    /// How many subscribers follow `id` (0: not followed).
    public func followers(_ id: InstrumentID) -> Int { follows[id.symbol]?.count ?? 0 }

    public func history(_ id: InstrumentID, timeframe: Timeframe, from: Int64, to: Int64) async throws -> [Candle] {
        guard let bar = OKXBar(feedTimeframe: timeframe) else { throw OKXFeedError.unsupportedTimeframe(timeframe) }
        var pager = OKXCandlePager(rest: rest, instId: id.symbol, bar: bar, span: timeframe.milliseconds, from: from, to: to)
        try await pager.run()
        return pager.bars
    }

    /// Up to `minutes` closed minutes before `now`'s, oldest first; on a failure the ones
    /// already fetched (the most recent), possibly none.
    func warmUp(_ instId: String, now: Int64, minutes: Int) async -> [Candle] {
        let m1 = Timeframe(seconds: 60)
        let to = m1.barOpen(now)
        let (span, overflow) = Int64(minutes).multipliedReportingOverflow(by: m1.milliseconds)
        let from = overflow || span > to ? 0 : to - span
        var pager = OKXCandlePager(rest: rest, instId: instId, bar: OKXBar("1m"), span: m1.milliseconds, from: from, to: to)
        do { try await pager.run() } catch {
            logger.warning("OKX warm-up history incomplete", metadata: [
                "instId": "\(instId)", "wanted": "\(minutes)", "got": "\(pager.bars.count)", "error": "\(error)"])
        }
        return Array(pager.bars.suffix(minutes))
    }
}

extension OKXWebSocketEndpoint {
    /// The two services a market feed reads.
    static let feed: [OKXWebSocketEndpoint] = [.publicData, .business]
}

extension SocketPolicy {
    /// OKX closes a connection after 30 s without data: `ping` after 25 s of silence, `pong`
    /// expected within 5 s. Reconnections start fast and stay under OKX's 3 per second.
    public static var okxMarket: SocketPolicy {
        SocketPolicy(keepAlive: (text: OKXWSRequest.ping, idle: .seconds(25), answerWithin: .seconds(5)),
                     backoffInitial: .milliseconds(500), backoffMax: .seconds(15))
    }
}

/// Why the feed cannot answer.
public enum OKXFeedError: Error, Hashable, Sendable, CustomStringConvertible {
    /// OKX has no bar of this size on the epoch's grid (8 h, or weeks).
    case unsupportedTimeframe(Timeframe)
    /// A page of candles did not go back in time: the answer cannot be trusted.
    case badPaging(instId: String, cursor: Int64)

    public var description: String {
        switch self {
        case .unsupportedTimeframe(let t): "OKX has no \(t) bars aligned to UTC"
        case .badPaging(let instId, let cursor): "OKX's candles for \(instId) did not page back from \(cursor)"
        }
    }
}
