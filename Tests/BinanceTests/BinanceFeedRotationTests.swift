import Binance
import BinanceFake
import BotCore
import Testing

/// The connection replaced before Binance closes it, on the fake's clock run fast: when it
/// nears its age limit (Binance's 24 hours, minutes here), and when Binance announces the end
/// with `serverShutdown`. The next connection is subscribed before the old one goes, so the
/// sink gets every trade and every closed minute exactly once and nothing is backfilled.
@Suite(.serialized) struct BinanceFeedRotationTests {
    enum Ending: String, CustomTestStringConvertible {
        /// The feed's own age limit: 3 fake minutes.
        case age
        /// The fake's lifetime, 5 fake minutes, announced 2 minutes before the end.
        case notice
        /// `serverShutdown` sent by the test every 4 fake minutes, the close 90 s later.
        case announced

        var testDescription: String { rawValue }
    }

    let btc = BinanceFeedHarness.btc
    let eth = BinanceFeedHarness.eth
    let t0 = BinanceFeedHarness.t0

    @Test(arguments: [Ending.age, .notice, .announced])
    func replacedConnectionsLoseAndRepeatNothing(_ ending: Ending) async throws {
        let clock = FakeClock(startMs: t0 + 1_000, rate: 0)
        var limits = BinanceFake.Limits()
        limits.pongTimeoutMs = 600_000
        limits.connectionLifetimeMs = ending == .notice ? 5 * 60_000 : 10 * 60_000
        limits.shutdownNoticeMs = ending == .notice ? 2 * 60_000 : 60_000
        let h = try await BinanceFeedHarness.start(clock: clock, limits: limits,
                                                   maxConnectionAgeMs: ending == .age ? 3 * 60_000 : 23 * 3_600_000)
        let sink = BinanceFeedSink()
        do {
            await h.feed.connect(sink)
            try await h.follow(btc)
            try await h.follow(eth)

            let end = t0 + 20 * 60_000
            var printed: [Price] = []
            var step = 0
            let deadline = ContinuousClock.now + .seconds(60)
            while ContinuousClock.now < deadline {
                if clock.nowMs >= end {
                    if sink.candles(btc.id).last.map({ $0.ts >= end - 60_000 }) == true,
                       sink.candles(eth.id).last.map({ $0.ts >= end - 60_000 }) == true { break }
                }
                clock.advance(by: 1_000)
                step += 1
                if ending == .announced, step % 240 == 0 { h.fake.announceShutdown(afterMs: 90_000) }
                let px = Price(30_000 + step)
                try h.fake.printTrade("BTCUSDT", price: px)
                try h.fake.printTrade("ETHUSDT", price: Price(2_000 + step))
                printed.append(px)
                try await Task.sleep(for: .milliseconds(2))
            }
            clock.freeze()
            // REST takes a minute for closed a second after its end (the feed's margin for clock error).
            clock.advance(by: 5_000)
            try await binanceWait("every trade") { sink.trades(btc.id).count >= printed.count }
            let stats = await h.feed.stats
            for inst in [btc, eth] {
                let bars = sink.candles(inst.id).filter { $0.ts < end }
                #expect(bars.count == 20)
                #expect(bars == (try await h.record(inst, from: t0, to: end)), "\(inst.id)")
            }
            // Every trade once (the two connections' repeats dropped), none lost.
            let got = sink.trades(btc.id).map(\.price)
            #expect(got.count == printed.count)
            #expect(Set(got) == Set(printed))
            #expect(stats.rotations >= 4)
            #expect(stats.reconnects == 0 && stats.caughtUpCandles == 0)
            #expect(stats.duplicates > 0)
            // The replaced connections are closed, not left open beside their successors.
            try await binanceWait("one connection left") { h.fake.connectionCount == 1 }
            switch ending {
            case .age:
                // Replaced before the fake's notice, let alone its close.
                #expect(h.fake.counters.serverShutdownsSent == 0 && h.fake.counters.lifetimeCloses == 0)
                #expect(stats.shutdownNotices == 0 && stats.drops == 0)
            case .notice, .announced:
                #expect(stats.shutdownNotices >= 4)
            }
        } catch {
            await h.stop()
            throw error
        }
        await h.stop()
    }
}
