import BotCore
import Logging
import Synchronization

/// Market data from the feeds, bar series built once per instrument and timeframe and shared
/// by every bot that subscribes, and the base bars handed to the venues first so resting
/// orders fill before strategies see the close.
///
/// Feeds push; the hub checks. A base bar that skips minutes is held until the feed has been
/// asked for the missing ones: those it returns go out first, in order; a hole it confirms
/// has no bars (an exchange outage) reaches the strategies as a `.gap` event before the next
/// bar; while the feed cannot answer, later bars wait (and the hold is logged).
///
/// A feed of trades alone (`sendsCandles == false`) has its minutes built here: a minute
/// closes when a trade of a later one arrives, and goes through the same checks; quiet minutes
/// between are a hole like any other, filled from the feed's history or confirmed as a gap.
///
/// Delivery never blocks the hub: each subscriber has a mailbox; closed candles and the
/// venues' bars always go through, and a forming bar is only sent to a bot that asked for
/// them, at the cadence it asked for, when its mailbox is empty (the next one supersedes it).
/// Forming bars come at each closed minute, and between them from the minute still open (the
/// feed's forming candle, or the one built from trades), whatever rate the feed sends at.
/// Trades go once to each shard that holds subscribers, which hands them to its bots inline.
public actor MarketDataHub: MarketSink {
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

    struct Subscriber {
        var mailbox: Mailbox<BotEvent>
        /// How often (ms of market time) the bot wants the forming bar; nil: never.
        var formingEvery: Int64?
        /// When it was last sent one: a box, so the hub's walk over thousands of subscribers
        /// never writes (and copies) their table; only for bots that want forming bars.
        let lastForming: Clock?

        init(mailbox: Mailbox<BotEvent>, formingEvery: Int64?) {
            self.mailbox = mailbox
            self.formingEvery = formingEvery
            lastForming = formingEvery == nil ? nil : Clock()
        }
    }

    final class Clock {
        var ms: Int64 = .min
    }

    struct Series {
        var builder: BarBuilder
        var history: [Candle] = []
        var subscribers: [String: Subscriber] = [:]
        /// No subscriber wants a forming bar before this market time (ms): the walk over them
        /// is skipped until then. Only ever early, never late.
        var formingDue: Int64 = .max

        /// Adds a base bar; returns a bar a gap closed late, and the bar this one completed.
        mutating func add(_ c: Candle) -> (late: Candle?, done: Candle?) {
            let late = builder.add(c)
            let done = builder.isComplete ? builder.close() : nil
            return (late, done)
        }
    }

    struct Feed {
        var instrument: Instrument
        var source: any MarketFeed
        /// Closed base (1 m) bars, newest last, bounded by the history length.
        var bars: [Candle] = []
        var series: [Timeframe: Series] = [:]
        var listeners: [@Sendable (MarketUpdate) async -> Void] = []
        /// Bots that take every trade print.
        var tradeSubscribers: [String: any InlineEventTarget] = [:]
        /// Bars held back behind a gap the feed could not yet fill, oldest first.
        var held: [Candle] = []
        /// The feed sends no candles: the hub builds minutes from its trades.
        var fromTrades = false
        /// The minute still open: the feed's forming candle, or the one built from trades.
        var minute: Candle?
        /// Bars of a timeframe older than the first base bar, fetched for a long warm-up.
        var older: [Timeframe: [Candle]] = [:]
        /// Timeframes whose older bars the feed said it has no more of.
        var olderExhausted: Set<Timeframe> = []
        /// Bars of a timeframe its bots need kept (their warm-up), when more than the history.
        var keepBars: [Timeframe: Int] = [:]
    }

    /// A bot with more than this many messages waiting gets no trades or forming bars until it
    /// catches up; they live on in the bars it will still receive.
    public static let coalesceDepth = 256

    private var feeds: [InstrumentID: Feed] = [:]
    /// The feed of instruments without one of their own, and feeds for single symbols.
    private let defaultFeed: any MarketFeed
    private var symbolFeeds: [String: any MarketFeed] = [:]
    private var venueFeeds: [String: any MarketFeed] = [:]
    private var connected: [ObjectIdentifier: any MarketFeed] = [:]
    private let historyMinutes: Int
    private let logger: Logger
    public private(set) var barsPublished = 0
    /// Holes the feeds confirmed, and gaps they could not fill when asked.
    public private(set) var gapsConfirmed = 0
    public private(set) var gapsHeld = 0
    /// Instruments whose bars are held behind a gap the feed could not fill yet.
    private var holding: Set<InstrumentID> = []
    /// Instruments whose held bars are being published.
    private var releasing: Set<InstrumentID> = []
    /// Where the hub reports a feed lost (bars held) and recovered (the event log, in botd).
    private var reporter: (@Sendable (RuntimeEvent) -> Void)?

    public func report(to reporter: @escaping @Sendable (RuntimeEvent) -> Void) { self.reporter = reporter }
    private nonisolated let tradeCount = Atomic<Int>(0)
    public nonisolated var tradesPublished: Int { tradeCount.load(ordering: .relaxed) }
    /// Each instrument's trade routes, updated in place by the hub as bots subscribe and read
    /// without entering the hub: a trade goes from its feed straight to the shards.
    private nonisolated let tradeRoutes = Mutex<[InstrumentID: [(BotShard, [InlineRoute])]]>([:])

    public init(historyMinutes: Int, feed: any MarketFeed, logger: Logger) {
        self.historyMinutes = historyMinutes
        defaultFeed = feed
        self.logger = logger
    }

    /// Serves `symbol` from `feed` instead of the default feed (a recording, another venue).
    public func use(_ feed: any MarketFeed, for symbol: String) { symbolFeeds[symbol] = feed }

    /// Serves every instrument of `venue` (`okx`) from `feed`: a venue's own market, shared by
    /// every account that trades or dry-runs on it.
    public func use(_ feed: any MarketFeed, forVenue venue: String) { venueFeeds[venue] = feed }

    func feed(for inst: Instrument) async -> any MarketFeed {
        let f = symbolFeeds[inst.id.symbol] ?? venueFeeds[inst.id.venue] ?? defaultFeed
        if connected.updateValue(f, forKey: ObjectIdentifier(f)) == nil { await f.connect(self) }
        return f
    }

    /// Follows an instrument: its feed's history up to `now` (ms) becomes the first bars.
    public func add(_ inst: Instrument, now: Int64) async {
        guard feeds[inst.id] == nil else { return }
        let source = await feed(for: inst)
        let history = await source.subscribe(inst, now: now, minutes: historyMinutes)
        // Another caller may have added it while the feed answered.
        guard feeds[inst.id] == nil else { return }
        feeds[inst.id] = Feed(instrument: inst, source: source, bars: history, fromTrades: !source.sendsCandles)
    }

    /// Makes sure a bot of `timeframe` finds at least `bars` closed bars of it when it
    /// subscribes (its strategy's warm-up, which may be far longer than `history_minutes`):
    /// the older ones are fetched at that timeframe, not as minutes, and kept before the bars
    /// the minutes build. Empty from the feed means there are no older bars (the whole history
    /// is shorter); throwing means the feed cannot say now, and the bot must not start.
    public func warmUp(_ id: InstrumentID, timeframe: Timeframe, bars wanted: Int) async throws {
        guard let f = feeds[id], let firstMinute = f.bars.first?.ts else { return }
        let built = f.bars.count * 60_000 / Int(max(timeframe.milliseconds, 60_000))
        let older = f.older[timeframe] ?? []
        guard older.count + built < wanted, !f.olderExhausted.contains(timeframe) else {
            if feeds[id]!.keepBars[timeframe, default: 0] < wanted { feeds[id]!.keepBars[timeframe] = wanted }
            return
        }
        let end = older.first?.ts ?? timeframe.barOpen(firstMinute)
        let from = end - Int64(wanted - older.count - built + 1) * timeframe.milliseconds
        let fetched = try await f.source.history(id, timeframe: timeframe, from: from, to: end).filter { $0.ts < end }
        guard var feed = feeds[id] else { return }
        // Fetched meanwhile by another bot's start: keep the longer.
        let current = feed.older[timeframe] ?? []
        if current.first?.ts ?? end >= end { feed.older[timeframe] = fetched + current.filter { $0.ts >= end } }
        if fetched.count < wanted - older.count - built { feed.olderExhausted.insert(timeframe) }
        feed.keepBars[timeframe] = max(feed.keepBars[timeframe] ?? 0, wanted)
        // A series already built for the timeframe gets the older bars in front of its own.
        if var s = feed.series[timeframe], let pre = feed.older[timeframe], let first = s.history.first {
            s.history = pre.filter { $0.ts < first.ts } + s.history
            feed.series[timeframe] = s
        }
        feeds[id] = feed
        logger.info("warm-up history loaded", metadata: ["instrument": "\(id)", "timeframe": "\(timeframe)",
                                                         "bars": "\((feed.older[timeframe] ?? []).count + built)", "wanted": "\(wanted)"])
    }

    /// Venues see every base bar and trade of the instrument before any bot does, starting
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
    /// `trades`, when given, takes every trade print inline on its shard; `formingEvery`
    /// (ms of market time), when given, is how often it wants the bar still forming.
    public func subscribe(bot: String, instrument: InstrumentID, timeframe: Timeframe, mailbox: Mailbox<BotEvent>,
                          trades: (any InlineEventTarget)? = nil, formingEvery: Int64? = nil) -> [Candle] {
        guard feeds[instrument] != nil else { return [] }
        if let trades {
            if let old = feeds[instrument]!.tradeSubscribers.updateValue(trades, forKey: bot) { removeRoute(old, instrument) }
            addRoute(trades, instrument)
        }
        // Taken out while it changes, so its subscriber tables are not copied per bot.
        var feed = feeds.removeValue(forKey: instrument)!
        if feed.series[timeframe] == nil {
            var s = Series(builder: BarBuilder(timeframe: timeframe, base: Self.base))
            s.history = feed.older[timeframe] ?? []
            for c in feed.bars {
                let (late, done) = s.add(c)
                if let late { s.history.append(late) }
                if let done { s.history.append(done) }
            }
            feed.series[timeframe] = s
        }
        feed.series[timeframe]!.subscribers[bot] = Subscriber(mailbox: mailbox, formingEvery: formingEvery)
        if formingEvery != nil { feed.series[timeframe]!.formingDue = .min }
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

    /// Publishes the next minute of every stepped feed (the simulator, recordings).
    public func step() async {
        let stepped = connected.values.compactMap { $0 as? any SteppedFeed }.sorted { $0.name < $1.name }
        for f in stepped { await f.step() }
    }

    // MARK: MarketSink

    public func trade(_ t: Trade, instrument: InstrumentID) async {
        if feeds[instrument]?.fromTrades == true { await build(t, instrument) }
        await publish(trade: t, instrument: instrument)
        await offerForming(instrument, now: t.ts)
    }

    /// Adds a trade to the minute it falls in; a trade of a later minute first closes the
    /// open one. A trade of a minute already closed changes no bar (it still reaches the bots).
    func build(_ t: Trade, _ id: InstrumentID) async {
        let open = t.ts - ((t.ts % 60_000) + 60_000) % 60_000
        if let m = feeds[id]?.minute, m.ts < open {
            feeds[id]?.minute = nil
            await candle(m, instrument: id, closed: true)
        }
        guard var feed = feeds[id] else { return }
        if let last = feed.bars.last, open <= last.ts { return }
        if var m = feed.minute, m.ts == open {
            if t.price > m.high { m.high = t.price }
            if t.price < m.low { m.low = t.price }
            m.close = t.price
            m.volume += t.quantity.doubleValue
            feed.minute = m
        } else {
            feed.minute = Candle(ts: open, open: t.price, high: t.price, low: t.price, close: t.price, volume: t.quantity.doubleValue)
        }
        feeds[id] = feed
    }

    /// Like a trade: one message per shard, the direct shard served in place (it takes no
    /// posted messages), nothing entering the hub.
    public nonisolated func ticker(_ t: Ticker, instrument: InstrumentID) async {
        guard let routes = tradeRoutes.withLock({ $0[instrument] }) else { return }
        var direct: (BotShard, [InlineRoute])?
        for (shard, targets) in routes {
            if shard.isDirect { direct = (shard, targets) } else { shard.deliver(.ticker(t), to: targets) }
        }
        if let (shard, targets) = direct { await shard.deliverNow(.ticker(t), to: targets) }
    }

    /// A closed base bar: checked for a gap before it, then handed to the venues and every
    /// series. A forming one becomes the open minute, for the forming bars of the bots that
    /// want them (timed by the latest trade seen, when one is later than its open).
    public func candle(_ c: Candle, instrument id: InstrumentID, closed: Bool) async {
        guard let feed = feeds[id] else { return }
        guard closed else {
            if feed.fromTrades { return }
            if let last = feed.bars.last, c.ts <= last.ts { return }
            feeds[id]!.minute = c
            let traded = prices.lastTrade(id)?.ts ?? .min
            return await offerForming(id, now: max(c.ts, traded))
        }
        if let m = feed.minute, m.ts <= c.ts { feeds[id]!.minute = nil }
        feeds[id]!.held.append(c)
        // One release at a time per instrument: it awaits the feed and the venues, and a second
        // one running meanwhile could publish a later bar between the ones a gap brought back.
        // The running one works off what is held, this bar included.
        guard releasing.insert(id).inserted else { return }
        defer { releasing.remove(id) }
        await release(id)
    }

    /// Publishes held bars in order, filling or confirming the gap before each first.
    func release(_ id: InstrumentID) async {
        while let next = feeds[id]?.held.first {
            guard let feed = feeds[id] else { return }
            // A bar already published (a feed resending after a reconnect) changes nothing.
            if let last = feed.bars.last, next.ts <= last.ts {
                feeds[id]!.held.removeFirst()
                continue
            }
            var hole: (from: Int64, to: Int64)?
            if let last = feed.bars.last, next.ts > last.ts + 60_000 {
                let from = last.ts + 60_000
                let missing: [Candle]
                do {
                    missing = try await feed.source.history(id, timeframe: Self.base, from: from, to: next.ts)
                } catch {
                    gapsHeld += 1
                    logger.warning("market gap not filled yet: later bars wait", metadata: [
                        "instrument": "\(id)", "from_ms": "\(from)", "to_ms": "\(next.ts)", "error": "\(error)"])
                    if holding.insert(id).inserted {
                        reporter?(RuntimeEvent(ts: next.ts, .feedLost("\(feed.source.name) \(id)")))
                    }
                    return
                }
                // Published while the feed answered: start over with what is held now.
                guard feeds[id]?.bars.last?.ts == last.ts else { continue }
                var end = from
                for m in missing where m.ts >= end && m.ts < next.ts {
                    await publish(bar: m, id, hole: nil)
                    end = m.ts + 60_000
                }
                if end < next.ts {
                    hole = (end, next.ts)
                    gapsConfirmed += 1
                }
            }
            guard feeds[id]?.held.first == next else { continue }
            feeds[id]!.held.removeFirst()
            if holding.remove(id) != nil {
                reporter?(RuntimeEvent(ts: next.ts, .feedRecovered("\(feed.source.name) \(id)")))
            }
            await publish(bar: next, id, hole: hole)
        }
    }

    /// Hands one closed base bar to the venues, then to every series; `hole` is a confirmed
    /// stretch without bars just before it.
    func publish(bar: Candle, _ id: InstrumentID, hole: (from: Int64, to: Int64)?) async {
        guard var feed = feeds[id] else { return }
        feed.bars.append(bar)
        if feed.bars.count > max(historyMinutes, 1) { feed.bars.removeFirst(feed.bars.count - max(historyMinutes, 1)) }
        let listeners = feed.listeners
        var closedNow: [Timeframe: (late: Candle?, done: Candle?)] = [:]
        for (tf, var s) in feed.series {
            let closed = s.add(bar)
            if let late = closed.late { s.history.append(late) }
            if let done = closed.done { s.history.append(done) }
            let keep = max(historyMinutes, feed.keepBars[tf] ?? 0)
            if s.history.count > keep { s.history.removeFirst(s.history.count - keep) }
            closedNow[tf] = closed
            feed.series[tf] = s
        }
        feeds[id] = feed
        barsPublished += 1
        for l in listeners { await l(.bar(bar)) }
        guard let series = feeds[id]?.series else { return }
        let now = bar.ts + 60_000
        for (tf, s) in series {
            let closed = closedNow[tf] ?? (nil, nil)
            let forming = s.builder.forming
            for sub in s.subscribers.values {
                let m = sub.mailbox
                if let late = closed.late { m.send(.candleClosed(late, tf)) }
                if let hole { m.send(.gap(from: hole.from, to: hole.to)) }
                if let done = closed.done { m.send(.candleClosed(done, tf)) }
                if let every = sub.formingEvery, let clock = sub.lastForming, let f = forming, m.depth == 0,
                   clock.ms == .min || now - clock.ms >= every {
                    m.send(.candleForming(f, tf, progress: Double(now - f.ts) / Double(tf.milliseconds)))
                    clock.ms = now
                }
            }
        }
    }

    /// Sends the bar forming as of `now` (market time, ms) to each bot that wants one and is due:
    /// the closed minutes of its bar so far, with the minute still open.
    func offerForming(_ id: InstrumentID, now: Int64) async {
        guard let feed = feeds[id], let minute = feed.minute else { return }
        for (tf, s) in feed.series where s.formingDue <= now {
            let open = tf.barOpen(minute.ts)
            var f = Candle(ts: open, open: minute.open, high: minute.high, low: minute.low, close: minute.close, volume: minute.volume)
            if let sofar = s.builder.forming, sofar.ts == open {
                f = sofar
                if minute.high > f.high { f.high = minute.high }
                if minute.low < f.low { f.low = minute.low }
                f.close = minute.close
                f.volume += minute.volume
            }
            let progress = min(1, max(0, Double(now - open) / Double(tf.milliseconds)))
            var due = Int64.max
            for sub in s.subscribers.values {
                guard let every = sub.formingEvery, let clock = sub.lastForming else { continue }
                if sub.mailbox.depth == 0, clock.ms == .min || now - clock.ms >= every {
                    sub.mailbox.send(.candleForming(f, tf, progress: progress))
                    clock.ms = now
                }
                due = min(due, clock.ms == .min ? .min : clock.ms + every)
            }
            feeds[id]?.series[tf]?.formingDue = due
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

    /// Runs until cancelled: one minute of the stepped feeds every `1/speed` seconds, the first
    /// after one interval (the history just loaded is the market until then).
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
