import Binance
import BinanceFake
import BotCore
import Testing

/// A connection lost with none to take over: made again with backoff, subscribed again, and
/// the minutes that closed meanwhile fetched from REST, so the sink has every minute once.
@Suite(.serialized) struct BinanceFeedRecoveryTests {
    let btc = BinanceFeedHarness.btc
    let eth = BinanceFeedHarness.eth
    let t0 = BinanceFeedHarness.t0

    @Test func aDropIsFollowedByReconnectionAndBackfill() async throws {
        let clock = FakeClock(startMs: t0 + 30_000, rate: 1)
        try await BinanceFeedHarness.with(clock: clock) { h, sink in
            try h.fake.seedKlines("BTCUSDT", BinanceFeedHarness.minutes(from: t0 - 10 * 60_000, count: 10))
            let warmUp = try await h.follow(btc, now: clock.nowMs, minutes: 5)
            #expect(warmUp.map(\.ts) == (5..<10).map { t0 - 600_000 + Int64($0) * 60_000 })

            try h.fake.printTrade("BTCUSDT", price: 100)
            h.fake.dropConnections()
            // While the feed is away (its backoff is milliseconds; this is one lock at a time),
            // two minutes close with no one to hear them.
            clock.advance(by: 60_000)
            h.fake.tick()
            try h.fake.printTrade("BTCUSDT", price: 101)
            clock.advance(by: 60_000)
            h.fake.tick()
            try h.fake.printTrade("BTCUSDT", price: 102)

            try await binanceWait("the stream back") { await h.feed.stats.reconnects == 1 }
            try await h.confirmed(btc)
            try await binanceWait("the missed minutes backfilled") { sink.candles(btc.id).count == 2 }
            #expect(sink.candles(btc.id).map(\.ts) == [t0, t0 + 60_000])
            #expect(sink.candles(btc.id).map(\.close) == [100, 101])
            #expect(await h.feed.stats.caughtUpCandles == 2)
            #expect(await h.feed.stats.drops == 1)

            // Live again: the next minute comes from the stream, after the backfilled ones.
            clock.advance(by: 60_000)
            h.fake.tick()
            try await binanceWait("the next minute live") { sink.candles(btc.id).count == 3 }
            let record = try await h.record(btc, from: t0, to: t0 + 180_000)
            #expect(sink.candles(btc.id) == record)
            #expect(await h.feed.stats.closedCandles == 1)
            try h.fake.printTrade("BTCUSDT", price: 103)
            try await binanceWait("a trade after the reconnection") { sink.trades(btc.id).last?.price == 103 }
        }
    }

    /// Twenty minutes of market, every connection dropped every 30 fake seconds: each symbol's
    /// closed minutes reach the sink exactly as REST has them, none twice, none missing, and no
    /// trade twice.
    @Test func dropsEveryHalfMinuteLoseAndRepeatNoKline() async throws {
        let clock = FakeClock(startMs: t0 + 1_000, rate: 0)
        var limits = BinanceFake.Limits()
        // The test moves the clock a second every few milliseconds: a pong held up on a busy
        // machine must not add drops of its own.
        limits.pongTimeoutMs = 600_000
        let h = try await BinanceFeedHarness.start(clock: clock, limits: limits)
        let sink = BinanceFeedSink()
        do {
            for s in ["BTCUSDT", "ETHUSDT"] { try h.fake.seedKlines(s, BinanceFeedHarness.minutes(from: t0 - 30 * 60_000, count: 30)) }
            await h.feed.connect(sink)
            #expect(try await h.follow(btc, now: clock.nowMs, minutes: 30).count == 30)
            #expect(try await h.follow(eth, now: clock.nowMs, minutes: 30).count == 30)

            h.fake.faults { $0.dropEverySeconds = 30 }
            let end = t0 + 20 * 60_000
            var step = 0
            let deadline = ContinuousClock.now + .seconds(60)
            while ContinuousClock.now < deadline {
                if clock.nowMs >= end {
                    h.fake.faults { $0.dropEverySeconds = nil }
                    if sink.candles(btc.id).last.map({ $0.ts >= end - 60_000 }) == true,
                       sink.candles(eth.id).last.map({ $0.ts >= end - 60_000 }) == true { break }
                }
                clock.advance(by: 1_000)
                step += 1
                try h.fake.printTrade("BTCUSDT", price: Price(30_000 + step))
                try h.fake.printTrade("ETHUSDT", price: Price(2_000 + step))
                try await Task.sleep(for: .milliseconds(2))
            }
            clock.freeze()
            // REST takes a minute for closed a second after its end (the feed's margin for clock error).
            clock.advance(by: 5_000)
            let stats = await h.feed.stats
            for inst in [btc, eth] {
                let bars = sink.candles(inst.id).filter { $0.ts < end }
                let record = try await h.record(inst, from: t0, to: end)
                #expect(bars.count == 20)
                #expect(bars == record, "\(inst.id)")
                let prices = sink.trades(inst.id).map(\.price)
                #expect(Set(prices).count == prices.count, "\(inst.id): a trade twice")
            }
            // The drops happened and the feed came back (how many depends on the machine's pace:
            // a busy one reconnects more slowly, and a drop finds no connection while one is
            // being made); what the test holds the feed to is the record above.
            let dropped = h.fake.counters.droppedConnections
            #expect(dropped >= 1 && stats.reconnects >= 1, "dropped \(dropped), reconnected \(stats.reconnects)")
            #expect(stats.caughtUpCandles > 0)
        } catch {
            await h.stop()
            throw error
        }
        await h.stop()
    }
}
