import BotCore
import Logging
import MarketSim
import Synchronization

/// One market-data source per instrument, bar series built once per instrument and timeframe
/// and shared by every bot that subscribes, and the base bars handed to the gateways first so
/// resting orders fill before strategies see the close.
///
/// Delivery never blocks the hub: each subscriber has a mailbox; closed candles and the
/// gateways' bars always go through, and a forming bar is only sent to a bot whose mailbox is
/// empty, since the next one supersedes it. Trades go once to each shard that holds
/// subscribers, which hands them to its bots inline.
public actor MarketDataHub {
    /// What a venue learns of the market as it happens (trades it reads from `prices`
    /// when an order arrives, so a trade costs the hub no wait on any venue).
    public enum MarketUpdate: Sendable {
        /// The newest bar of history, when the venue starts listening.
        case history(Candle)
        case bar(Candle)
    }

    /// The last trade of each instrument.
    public nonisolated let prices = PriceBoard()

    static let base = Timeframe(seconds: 60)

    struct Series {
        var builder: BarBuilder
        var history: [Candle] = []
        var subscribers: [String: Mailbox<BotEvent>] = [:]

        /// Adds a base bar; returns the bars it closed (a late one after a gap, then this one's).
        mutating func add(_ c: Candle) -> [Candle] {
            var closed: [Candle] = []
            if let late = builder.add(c) { closed.append(late) }
            if builder.isComplete, let done = builder.close() { closed.append(done) }
            return closed
        }
    }

    /// Where a feed's bars come from.
    enum Source: Sendable {
        case simulator(MarketSimulator)
        /// A recording played minute by minute.
        case replay(Recording)
    }

    struct Feed {
        var instrument: Instrument
        var source: Source
        /// Closed base (1 m) bars, newest last, bounded by the history length.
        var bars: [Candle] = []
        var series: [Timeframe: Series] = [:]
        var listeners: [@Sendable (MarketUpdate) async -> Void] = []
        /// Bots that take every trade print.
        var tradeSubscribers: [String: any InlineEventTarget] = [:]
    }

    /// A bot with more than this many messages waiting gets no trades or forming bars until it
    /// catches up; they live on in the bars it will still receive.
    public static let coalesceDepth = 256

    private var feeds: [InstrumentID: Feed] = [:]
    /// Recorded markets per symbol, replayed instead of the simulator.
    private var recordings: [String: Recording.Data] = [:]
    private let historyMinutes: Int
    private let seed: UInt64
    /// Simulated time never goes back across restarts: feeds start after this (ms).
    private let resumeAfter: Int64
    private let logger: Logger
    public private(set) var barsPublished = 0
    private nonisolated let tradeCount = Atomic<Int>(0)
    public nonisolated var tradesPublished: Int { tradeCount.load(ordering: .relaxed) }
    /// Each instrument's trade routes, updated in place by the hub as bots subscribe and read
    /// without entering the hub: a trade goes from its feed straight to the shards.
    private nonisolated let tradeRoutes = Mutex<[InstrumentID: [(BotShard, [InlineRoute])]]>([:])

    /// Simulated markets start from these prices (the last marks of a previous run) instead of
    /// the instruments' reference prices.
    private let resumePrices: [String: Price]

    public init(seed: UInt64, historyMinutes: Int, resumeAfter: Int64 = 0, resumePrices: [String: Price] = [:], logger: Logger) {
        self.seed = seed
        self.resumePrices = resumePrices
        self.resumeAfter = resumeAfter
        self.historyMinutes = historyMinutes
        self.logger = logger
    }

    /// Replays `bars` (one-minute, increasing) for `symbol` instead of simulating it: the
    /// first `historyMinutes` are history, the rest are published one per step.
    public func replay(symbol: String, bars: [Candle]) { recordings[symbol] = .candles(bars) }

    /// Replays recorded trades for `symbol`: each minute's trades are published and its bar is
    /// built from them; the first `historyMinutes` are history.
    public func replay(symbol: String, trades: [Trade]) { recordings[symbol] = .trades(trades) }

    /// Adds an instrument and generates its history ending at `now` (ms).
    public func add(_ inst: Instrument, now: Int64) {
        guard feeds[inst.id] == nil else { return }
        if let data = recordings[inst.id.symbol] {
            var r = Recording(data)
            let history = r.history(minutes: historyMinutes)
            feeds[inst.id] = Feed(instrument: inst, source: .replay(r), bars: history)
            return
        }
        guard let start = resumePrices[inst.id.description] ?? inst.referencePrice else { return }
        // Each instrument gets its own stream from the seed, stable across restarts.
        let s = seed &+ ClientOrderID.hash(inst.id.description)
        var sim = MarketSimulator.warmedUp(instrument: inst, seed: s, now: max(now, resumeAfter + 60_000),
                                           minutes: historyMinutes, settings: .init(startPrice: start))
        let history = sim.minuteCandles(historyMinutes)
        feeds[inst.id] = Feed(instrument: inst, source: .simulator(sim), bars: history)
    }

    /// Gateways see every base bar and trade of the instrument before any bot does, starting
    /// with the last bar of history so the venue knows the market from the first order.
    public func addListener(_ id: InstrumentID, _ body: @escaping @Sendable (MarketUpdate) async -> Void) async {
        guard feeds[id] != nil else { return }
        feeds[id]!.listeners.append(body)
        if let last = feeds[id]!.bars.last { await body(.history(last)) }
    }

    /// Each instrument's last price and its time (the end of its newest bar), for the record.
    public func marks() -> [(instrument: InstrumentID, ts: Int64, price: Price)] {
        feeds.compactMap { id, f in f.bars.last.map { (id, $0.ts + 60_000, $0.close) } }
    }

    /// The newest closed base bar of an instrument.
    public func lastBar(_ id: InstrumentID) -> Candle? { feeds[id]?.bars.last }

    /// Subscribes a bot; returns the closed bars of its timeframe so far, for warm-up.
    /// `trades`, when given, takes every trade print inline on its shard.
    public func subscribe(bot: String, instrument: InstrumentID, timeframe: Timeframe, mailbox: Mailbox<BotEvent>,
                          trades: (any InlineEventTarget)? = nil) -> [Candle] {
        guard feeds[instrument] != nil else { return [] }
        if let trades {
            if let old = feeds[instrument]!.tradeSubscribers.updateValue(trades, forKey: bot) { removeRoute(old, instrument) }
            addRoute(trades, instrument)
        }
        // Taken out while it changes, so its subscriber tables are not copied per bot.
        var feed = feeds.removeValue(forKey: instrument)!
        if feed.series[timeframe] == nil {
            var s = Series(builder: BarBuilder(timeframe: timeframe, base: Self.base))
            for c in feed.bars { s.history += s.add(c) }
            feed.series[timeframe] = s
        }
        feed.series[timeframe]!.subscribers[bot] = mailbox
        let history = feed.series[timeframe]!.history
        feeds[instrument] = feed
        return history
    }

    /// Removes a bot; a series nobody reads any more is dropped.
    public func unsubscribe(bot: String, instrument: InstrumentID, timeframe: Timeframe) {
        if let old = feeds[instrument]?.tradeSubscribers.removeValue(forKey: bot) { removeRoute(old, instrument) }
        feeds[instrument]?.series[timeframe]?.subscribers[bot] = nil
        if feeds[instrument]?.series[timeframe]?.subscribers.isEmpty == true {
            feeds[instrument]?.series[timeframe] = nil
        }
    }

    /// Adds a bot to its shard's route, in place (thousands of bots subscribe at a cold start:
    /// rebuilding the routes each time would cost the square of their number).
    private func addRoute(_ t: any InlineEventTarget, _ instrument: InstrumentID) {
        tradeRoutes.withLock { table in
            var routes = table.removeValue(forKey: instrument) ?? []
            if let i = routes.firstIndex(where: { $0.0 === t.shard }) {
                routes[i].1.append(InlineRoute(t))
            } else {
                routes.append((t.shard, [InlineRoute(t)]))
                routes.sort { $0.0.index < $1.0.index }
            }
            table[instrument] = routes
        }
    }

    private func removeRoute(_ t: any InlineEventTarget, _ instrument: InstrumentID) {
        let object = UnsafeRawPointer(Unmanaged.passUnretained(t as AnyObject).toOpaque())
        tradeRoutes.withLock { table in
            guard var routes = table.removeValue(forKey: instrument) else { return }
            for i in routes.indices { routes[i].1.removeAll { $0.object == object } }
            routes.removeAll { $0.1.isEmpty }
            if !routes.isEmpty { table[instrument] = routes }
        }
    }

    public func subscriberCount() -> Int {
        feeds.values.reduce(0) { $0 + $1.series.values.reduce(0) { $0 + $1.subscribers.count } }
    }

    /// Publishes the next simulated minute of every instrument.
    public func step() async {
        for id in feeds.keys.sorted(by: { $0.description < $1.description }) {
            guard let source = feeds[id]?.source else { continue }
            let bar: Candle?
            var trades: [Trade] = []
            switch source {
            case .simulator(var sim):
                bar = sim.nextBar(trades: &trades)
                feeds[id]!.source = .simulator(sim)
            case .replay(var r):
                guard !r.isFinished else { continue }  // the recording has ended
                bar = r.nextMinute(trades: &trades)
                feeds[id]!.source = .replay(r)
            }
            // The minute's trades, then its bar. Publishing awaits a shard, so the feed is read
            // again afterwards: a subscription may have changed it meanwhile.
            for t in trades { await publish(trade: t, instrument: id) }
            // A recorded minute without trades has no bar.
            guard let bar, var feed = feeds[id] else { continue }
            feed.bars.append(bar)
            if feed.bars.count > max(historyMinutes, 1) { feed.bars.removeFirst(feed.bars.count - historyMinutes) }
            let listeners = feed.listeners
            var closedNow: [Timeframe: [Candle]] = [:]
            for (tf, var s) in feed.series {
                let closed = s.add(bar)
                s.history += closed
                if s.history.count > historyMinutes { s.history.removeFirst(s.history.count - historyMinutes) }
                closedNow[tf] = closed
                feed.series[tf] = s
            }
            feeds[id] = feed
            barsPublished += 1
            for l in listeners { await l(.bar(bar)) }
            guard let series = feeds[id]?.series else { continue }
            for (tf, s) in series {
                for c in closedNow[tf] ?? [] {
                    for m in s.subscribers.values { m.send(.candleClosed(c, tf)) }
                }
                if let f = s.builder.forming {
                    let progress = Double(bar.ts + 60_000 - f.ts) / Double(tf.milliseconds)
                    for m in s.subscribers.values where m.depth == 0 { m.send(.candleForming(f, tf, progress: progress)) }
                }
            }
        }
    }

    /// Publishes one trade print of an instrument (a venue's, the simulator's or a test's).
    ///
    /// Posts the price for the venues, then hands the trade to each shard that holds
    /// subscribers: one message per shard, not per bot. The first shard is served on the
    /// caller's own thread (an await that switches to it without waking another thread) once
    /// the others have been posted, so they run meanwhile; each shard always gets its trades
    /// the same way, which keeps one feed's trades in order. Nothing here enters the hub: a
    /// trade costs one switch, to the first shard.
    public nonisolated func publish(trade t: Trade, instrument: InstrumentID) async {
        tradeCount.add(1, ordering: .relaxed)
        prices.post(t, for: instrument)
        guard let routes = tradeRoutes.withLock({ $0[instrument] }) else { return }
        var direct: (BotShard, [InlineRoute])?
        for (shard, targets) in routes {
            if shard.isDirect { direct = (shard, targets) } else { shard.deliver(.trade(t), to: targets) }
        }
        if let (shard, targets) = direct { await shard.deliverNow(.trade(t), to: targets) }
    }

    /// Runs until cancelled: one simulated minute every `1/speed` seconds, the first after one
    /// interval (the history just loaded is the market until then).
    public func run(speed: Double) async {
        let interval = Duration.seconds(1.0 / speed)
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            if Task.isCancelled { return }
            await step()
        }
    }
}

/// The last trade per instrument, written by the hub and read by the venues when an order
/// arrives: a market order fills at the market of the moment.
public final class PriceBoard: Sendable {
    private let last = Mutex<[InstrumentID: Trade]>([:])

    public init() {}

    func post(_ t: Trade, for id: InstrumentID) { last.withLock { $0[id] = t } }

    public func lastTrade(_ id: InstrumentID) -> Trade? { last.withLock { $0[id] } }
}
