import BotCore
import Foundation
import OKX
import OKXFake
import OKXWire
import Runtime
import Synchronization

// Cases 3 and 4: the market feed (OKXMarketFeed) against the fake.

/// The stamps of one run of numbered trades: printed (before and after the fake's
/// `printTrade`), reached the feed's sink (in the breakdown run), reached the bot. Trade `k`
/// is printed at a price of its own, so each arrival finds its print.
final class Stamps: @unchecked Sendable {
    let capacity: Int
    let sent: UnsafeMutablePointer<UInt64>
    let sentEnd: UnsafeMutablePointer<UInt64>
    let atSink: UnsafeMutablePointer<UInt64>
    let atBot: UnsafeMutablePointer<UInt64>
    let botTrades = Atomic<Int>(0)
    let botTickers = Atomic<Int>(0)

    init(capacity: Int) {
        self.capacity = capacity
        sent = .allocate(capacity: capacity)
        sentEnd = .allocate(capacity: capacity)
        atSink = .allocate(capacity: capacity)
        atBot = .allocate(capacity: capacity)
        reset()
    }

    /// Only while nothing is in flight.
    func reset() {
        for p in [sent, sentEnd, atSink, atBot] { p.initialize(repeating: 0, count: capacity) }
        botTrades.store(0, ordering: .relaxed)
        botTickers.store(0, ordering: .relaxed)
    }

    /// Trade `k` is printed at `base + k` ticks (its size would overflow the fake's volumes).
    static let base = Price.of("100000")
    static let tick = Price.of("0.1")

    static func price(_ k: Int) -> Price { Price(raw: base.raw + Int64(k) * tick.raw) }

    func index(_ t: Trade) -> Int? {
        let d = t.price.raw - Self.base.raw
        guard d >= 0, d % Self.tick.raw == 0 else { return nil }
        let k = Int(d / Self.tick.raw)
        return k < capacity ? k : nil
    }
}

/// A bot as the hub sees one that takes trades: an `InlineEventTarget` on a shard, handed each
/// trade inline on the shard's executor. It stamps the trade's arrival and does nothing else.
final class StampingBot: InlineEventTarget, @unchecked Sendable {
    let shard: BotShard
    let stamps: Stamps
    private let hot = UnsafeMutableRawPointer.allocate(byteCount: 64, alignment: 64)

    init(shard: BotShard, stamps: Stamps) {
        self.shard = shard
        self.stamps = stamps
    }

    func deliverInline(_ event: BotEvent) -> InlineOutcome {
        let now = monoNs()
        switch event {
        case .trade(let t):
            if let k = stamps.index(t), stamps.atBot[k] == 0 { stamps.atBot[k] = now }
            stamps.botTrades.add(1, ordering: .relaxed)
        case .ticker:
            stamps.botTickers.add(1, ordering: .relaxed)
        default:
            break
        }
        return .handled
    }

    var companion: AnyObject { stamps }
    var hotAddress: UnsafeRawPointer { UnsafeRawPointer(hot) }
    var movingAddress: UnsafeRawPointer? { nil }
    func reportSlow(nanos: UInt64) {}
}

/// Between the feed and the hub, for the breakdown run: stamps a trade as the feed hands it
/// on, then passes it to the hub (one more hop than the feed calling the hub itself). Tickers
/// are withheld: `MarketDataHub.ticker` posts to every shard's inbox, which shard 0 (the
/// direct one) refuses with a precondition failure.
final class StampingSink: MarketSink {
    let hub: MarketDataHub
    let stamps: Stamps
    let forwardTickers: Bool

    init(hub: MarketDataHub, stamps: Stamps, forwardTickers: Bool) {
        self.hub = hub
        self.stamps = stamps
        self.forwardTickers = forwardTickers
    }

    func trade(_ t: Trade, instrument: InstrumentID) async {
        if let k = stamps.index(t), stamps.atSink[k] == 0 { stamps.atSink[k] = monoNs() }
        await hub.trade(t, instrument: instrument)
    }

    func candle(_ c: Candle, instrument: InstrumentID, closed: Bool) async {
        await hub.candle(c, instrument: instrument, closed: closed)
    }

    func ticker(_ t: Ticker, instrument: InstrumentID) async {
        if forwardTickers { await hub.ticker(t, instrument: instrument) }
    }
}

/// A market feed on the fake as botd makes one (production keep-alive and backoff policy).
func makeFeed(_ ep: OKXFake.Endpoints, clock: FakeClock, name: String) -> (OKXMarketFeed, OKXRestClient) {
    let rest = OKXRestClient(base: ep.rest, environment: .demo, credentials: nil, caFile: ep.caFile,
                             clock: VenueClock(), name: name)
    let feed = OKXMarketFeed(publicURL: ep.wsPublic, businessURL: ep.wsBusiness, rest: rest, caFile: ep.caFile, logger: benchLogger)
    return (feed, rest)
}

struct LatencyRow {
    var label: String
    var path: String
    var trades: Int
    var lost: Int
    var spanSeconds: Double
    /// µs, sorted.
    var latency: [Double]
    /// From the printTrade call's return to the bot, µs, sorted (negative: the bot had it first).
    var afterReturn: [Double] = []
    var printCall: [Double]
    /// Prints per second achieved (first to last print).
    var rate = 0.0
    var segments: [(String, [Double])] = []
}

/// How trade `k` is scheduled: ns after the start.
typealias Schedule = @Sendable (Int) -> UInt64

/// Prints `n` numbered trades on a thread of its own, paced by `schedule`, stamping each.
func printNumbered(_ fake: OKXFake, n: Int, stamps: Stamps, schedule: @escaping Schedule) async -> UInt64 {
    let start = monoNs() + 2_000_000
    await onThread("printer") {
        for k in 0..<n {
            let at = start + schedule(k)
            if monoNs() < at { sleepUntil(ns: at) }
            stamps.sent[k] = monoNs()
            try? fake.printTrade("BTC-USDT-SWAP", px: Stamps.price(k), sz: 1, side: k % 2 == 0 ? .buy : .sell)
            stamps.sentEnd[k] = monoNs()
        }
    }
    return start
}

func latencyCase(trades n: Int) async throws -> [LatencyRow] {
    let clock = FakeClock(rate: 1)
    let fake = OKXFake(clock: clock)
    let ep = try await fake.start()
    let (feed, rest) = makeFeed(ep, clock: clock, name: "bench-feed")
    let hub = MarketDataHub(historyMinutes: 0, feed: feed, logger: benchLogger)
    // Two shards, as botd makes on two cores. The bot is on shard 1, which takes its trades
    // through its inbox: on shard 0 (the direct one) the first ticker would stop the process
    // (MarketDataHub.ticker → BotShard.deliver's precondition). The last run uses shard 0 with
    // the tickers withheld before the hub.
    let pool = ShardPool(count: 2)
    let stamps = Stamps(capacity: n)
    let bot = StampingBot(shard: pool.shards[1], stamps: stamps)
    let directBot = StampingBot(shard: pool.shards[0], stamps: stamps)
    var rows: [LatencyRow] = []
    do {
        await hub.add(btc, now: clock.nowMs)
        _ = await hub.subscribe(bot: "bench-bot", instrument: btc.id, timeframe: Timeframe(seconds: 60), mailbox: Mailbox<BotEvent>(),
                                trades: bot)
        try await waitFor("the feed's subscriptions acknowledged", seconds: 15) { await feed.stats.subscribeAcks >= 3 }

        func run(_ label: String, path: String, count: Int, breakdown: Bool = false, _ schedule: @escaping Schedule) async throws -> LatencyRow {
            stamps.reset()
            let start = await printNumbered(fake, n: count, stamps: stamps, schedule: schedule)
            do {
                try await waitFor("\(count) trades at the bot", seconds: 20, pollMs: 5) {
                    stamps.botTrades.load(ordering: .relaxed) >= count
                }
            } catch {
                // Counted as lost below.
            }
            try await Task.sleep(for: .milliseconds(50))
            var lat: [Double] = [], call: [Double] = [], toSink: [Double] = [], sinkToBot: [Double] = [], after: [Double] = []
            var lost = 0, lastBot: UInt64 = 0
            for k in 0..<count {
                call.append(Double(stamps.sentEnd[k] - stamps.sent[k]) / 1e3)
                guard stamps.atBot[k] != 0 else {
                    lost += 1
                    continue
                }
                lastBot = max(lastBot, stamps.atBot[k])
                lat.append(Double(stamps.atBot[k] &- stamps.sent[k]) / 1e3)
                after.append((Double(stamps.atBot[k]) - Double(stamps.sentEnd[k])) / 1e3)
                if breakdown, stamps.atSink[k] != 0 {
                    toSink.append(Double(stamps.atSink[k] &- stamps.sent[k]) / 1e3)
                    sinkToBot.append(Double(stamps.atBot[k] &- stamps.atSink[k]) / 1e3)
                }
            }
            var row = LatencyRow(label: label, path: path, trades: count, lost: lost, spanSeconds: Double(lastBot &- start) / 1e9,
                                 latency: lat.sorted(), afterReturn: after.sorted(), printCall: call.sorted())
            if count > 1 { row.rate = Double(count - 1) / (Double(stamps.sent[count - 1] - stamps.sent[0]) / 1e9) }
            if breakdown {
                row.segments = [("print → feed's sink", toSink.sorted()), ("feed's sink → bot", sinkToBot.sorted())]
            }
            return row
        }

        let hubPath = "fake → WS → OKXMarketFeed → MarketDataHub → shard 1 (inbox) → bot (InlineEventTarget)"
        // Warm-up: connections, parser, hub and shard paths, untimed.
        _ = try await run("warm-up", path: hubPath, count: min(n, 500)) { UInt64($0) * 500_000 }
        rows.append(try await run("1 every 1 ms", path: hubPath, count: n) { UInt64($0) * 1_000_000 })
        rows.append(try await run("1 every 200 µs", path: hubPath, count: n) { UInt64($0) * 200_000 })
        rows.append(try await run("bursts of 10 every 2 ms", path: hubPath, count: n) { UInt64($0 / 10) * 2_000_000 })
        rows.append(try await run("back to back (as fast as the fake prints)", path: hubPath, count: n) { _ in 0 })
        // Shard 0, the direct one, with a stamping sink between the feed and the hub (tickers
        // withheld there), for the breakdown.
        let sink = StampingSink(hub: hub, stamps: stamps, forwardTickers: false)
        await feed.connect(sink)
        await hub.unsubscribe(bot: "bench-bot", instrument: btc.id, timeframe: Timeframe(seconds: 60))
        _ = await hub.subscribe(bot: "bench-bot-direct", instrument: btc.id, timeframe: Timeframe(seconds: 60),
                                mailbox: Mailbox<BotEvent>(), trades: directBot)
        _ = try await run("warm-up", path: "", count: min(n, 500)) { UInt64($0) * 500_000 }
        rows.append(try await run("1 every 200 µs, shard 0 (direct), stamped at the feed's sink",
                                  path: "fake → WS → OKXMarketFeed → stamping sink → MarketDataHub → shard 0 (direct) → bot",
                                  count: n, breakdown: true) { UInt64($0) * 200_000 })
    } catch {
        await feed.stop()
        rest.close()
        await fake.stop()
        throw error
    }
    await feed.stop()
    rest.close()
    await fake.stop()
    withExtendedLifetime((pool, bot, directBot)) {}
    return rows
}

// MARK: 4. Frames per second through the feed's sockets

final class CountingSink: MarketSink {
    let trades = Atomic<Int>(0)
    let tickers = Atomic<Int>(0)
    let candles = Atomic<Int>(0)
    let lastTradeNs = Atomic<UInt64>(0)

    func trade(_ t: Trade, instrument: InstrumentID) async {
        trades.add(1, ordering: .relaxed)
        lastTradeNs.store(monoNs(), ordering: .relaxed)
    }

    func candle(_ c: Candle, instrument: InstrumentID, closed: Bool) async { candles.add(1, ordering: .relaxed) }
    func ticker(_ t: Ticker, instrument: InstrumentID) async { tickers.add(1, ordering: .relaxed) }
}

final class Stamp: Sendable {
    let ns = Atomic<UInt64>(0)
}

struct ThroughputResult {
    var prints = 0
    var printSeconds = 0.0
    var endToEndSeconds = 0.0
    var trades = 0
    var tickers = 0
    var candles = 0
    var wsMessages = 0
    var drops = 0
    var malformed = 0
}

/// Prints `n` trades as fast as one thread can and counts what reaches a counting sink: each
/// print is three frames (trades and tickers on /public, candle1m on /business).
func throughputCase(prints n: Int) async throws -> ThroughputResult {
    let clock = FakeClock(rate: 1)
    let fake = OKXFake(clock: clock)
    let ep = try await fake.start()
    let (feed, rest) = makeFeed(ep, clock: clock, name: "bench-feed-tp")
    let sink = CountingSink()
    var r = ThroughputResult(prints: n)
    do {
        await feed.connect(sink)
        _ = await feed.subscribe(btc, now: clock.nowMs, minutes: 0)
        try await waitFor("the feed's subscriptions acknowledged", seconds: 15) { await feed.stats.subscribeAcks >= 3 }
        // Warm-up.
        for _ in 0..<200 { try fake.printTrade("BTC-USDT-SWAP", px: Price.of("100000"), sz: 1, side: .buy) }
        try await waitFor("the warm-up trades", seconds: 10) { sink.trades.load(ordering: .relaxed) >= 200 }
        try await Task.sleep(for: .milliseconds(200))
        let base = (sink.trades.load(ordering: .relaxed), sink.tickers.load(ordering: .relaxed), sink.candles.load(ordering: .relaxed))
        let sentBefore = fake.counters.wsMessagesSent
        let t0 = monoNs()
        let printed = Stamp()
        await onThread("producer") {
            for k in 0..<n {
                try? fake.printTrade("BTC-USDT-SWAP", px: Price.of("100000"), sz: 1, side: k % 2 == 0 ? .buy : .sell)
            }
            printed.ns.store(monoNs(), ordering: .relaxed)
        }
        try await waitFor("\(n) trades at the sink", seconds: 90, pollMs: 5) { sink.trades.load(ordering: .relaxed) - base.0 >= n }
        // Tickers and candles come on their own paths; give them a moment to finish.
        try? await waitFor("the tickers and candles", seconds: 10, pollMs: 5) {
            sink.tickers.load(ordering: .relaxed) - base.1 >= n && sink.candles.load(ordering: .relaxed) - base.2 >= n
        }
        let t1 = sink.lastTradeNs.load(ordering: .relaxed)
        r.printSeconds = Double(printed.ns.load(ordering: .relaxed) - t0) / 1e9
        r.endToEndSeconds = Double(t1 - t0) / 1e9
        r.trades = sink.trades.load(ordering: .relaxed) - base.0
        r.tickers = sink.tickers.load(ordering: .relaxed) - base.1
        r.candles = sink.candles.load(ordering: .relaxed) - base.2
        r.wsMessages = fake.counters.wsMessagesSent - sentBefore
        let s = await feed.stats
        r.drops = s.drops
        r.malformed = s.malformedFrames
    } catch {
        await feed.stop()
        rest.close()
        await fake.stop()
        throw error
    }
    await feed.stop()
    rest.close()
    await fake.stop()
    return r
}
