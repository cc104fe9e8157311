import BotCore
import MarketSim
import OKX
import OKXFake
import Testing

/// The fault test: the WebSockets dropped every few (fake) seconds for an hour of
/// market time lose and double no candle, for a consumer that keeps the hub's rule.
struct FeedFaultTests {
    /// What `MarketDataHub` does with closed bars (`candle`, `release`): a bar at or before the
    /// last is dropped; a bar after a gap waits while the feed's history fills it; a history
    /// that throws leaves the bar held until the next one tries again.
    actor GapFillingConsumer: MarketSink {
        let feed: OKXMarketFeed
        let id: InstrumentID
        private(set) var bars: [Candle] = []
        private var held: [Candle] = []
        private var releasing = false
        private var ready = false
        private(set) var historyCalls = 0
        private(set) var historyFailures = 0
        private(set) var filled = 0

        init(feed: OKXMarketFeed, id: InstrumentID) {
            self.feed = feed
            self.id = id
        }

        /// The warm-up, as the hub takes it: bars before it arrived are not its business.
        func start(with history: [Candle]) {
            bars = history
            ready = true
        }

        nonisolated func trade(_ t: Trade, instrument: InstrumentID) async {}
        nonisolated func ticker(_ t: Ticker, instrument: InstrumentID) async {}

        func candle(_ c: Candle, instrument: InstrumentID, closed: Bool) async {
            guard ready, closed, instrument == id else { return }
            held.append(c)
            guard !releasing else { return }
            releasing = true
            await release()
            releasing = false
        }

        private func release() async {
            while let next = held.first {
                guard let last = bars.last?.ts else {
                    bars.append(held.removeFirst())
                    continue
                }
                if next.ts <= last {
                    held.removeFirst()
                    continue
                }
                if next.ts > last + 60_000 {
                    historyCalls += 1
                    let missing: [Candle]
                    do {
                        missing = try await feed.history(id, timeframe: Timeframe(seconds: 60), from: last + 60_000, to: next.ts)
                    } catch {
                        historyFailures += 1
                        return
                    }
                    guard bars.last?.ts == last else { continue }
                    for m in missing where m.ts > (bars.last?.ts ?? .min) && m.ts < next.ts {
                        bars.append(m)
                        filled += 1
                    }
                }
                guard held.first == next else { continue }
                bars.append(held.removeFirst())
            }
        }
    }

    /// With the feed's own catch-up after each reconnection, and without it (then every gap
    /// is the consumer's to fill through `history`).
    @Test(arguments: [true, false])
    func anHourOfDropsEveryFewSecondsLosesAndDoublesNoCandle(catchUp: Bool) async throws {
        let t0 = FeedHarness.t0
        let clock = FakeClock(startMs: t0 + 1_000, rate: 0)
        let h = try await FeedHarness.start(clock: clock, catchUp: catchUp)
        let btc = FeedHarness.btc
        let consumer = GapFillingConsumer(feed: h.feed, id: btc.id)
        do {
            try h.fake.seedCandles("BTC-USDT-SWAP", FeedHarness.minutes(from: t0 - 30 * 60_000, count: 30))
            await h.feed.connect(consumer)
            let warm = try await h.follow(btc, now: clock.nowMs, minutes: 30)
            #expect(warm.count == 30)
            await consumer.start(with: warm)

            // An hour of market in about six seconds: a trade every 2 ms, each 1.2 fake seconds
            // after the last (the test moves the clock, so a stall of this loop on a loaded
            // machine cannot leave a minute without trades), both connections dropped every 20
            // fake seconds (the fake checks every 10 ms). Slow enough that the feed,
            // reconnecting after half a second's backoff, is there to be dropped several times.
            h.fake.faults { $0.dropEverySeconds = 20 }
            let end = t0 + 3_600_000
            var px = 30_000
            var walk = SplitMix64(seed: 7)
            let deadline = ContinuousClock.now + .seconds(30)
            while ContinuousClock.now < deadline {
                if clock.nowMs >= end {
                    h.fake.faults { $0.dropEverySeconds = nil }
                    if let last = await consumer.bars.last?.ts, last >= end - 60_000 { break }
                }
                clock.advance(by: 1_200)
                px += Int(walk.next() % 21) - 10
                try h.fake.printTrade("BTC-USDT-SWAP", px: Price(px), sz: 1, side: walk.next() % 2 == 0 ? .buy : .sell)
                try await Task.sleep(for: .milliseconds(2))
            }
            clock.freeze()
            let bars = await consumer.bars.filter { $0.ts < end }
            let stats = await h.feed.stats
            let historyCalls = await consumer.historyCalls
            let filled = await consumer.filled
            // The record: what OKX's REST holds for those minutes, once everything has settled.
            let record = try await h.feed.history(btc.id, timeframe: Timeframe(seconds: 60), from: t0 - 30 * 60_000, to: end)
            #expect(bars.last?.ts == end - 60_000)
            // None twice or out of order, none missing, each as the venue has it.
            #expect(zip(bars, bars.dropFirst()).allSatisfy { $0.ts < $1.ts })
            #expect(bars.map(\.ts) == record.map(\.ts))
            #expect(bars == record)
            // A trade every 1.2 fake seconds leaves no minute without a bar.
            #expect(bars.count == 90)
            // The faults happened (how many reach a connection depends on the machine's speed:
            // a drop while the feed is still reconnecting finds nothing to drop), and the gaps
            // were filled the way this case says.
            #expect(stats.drops >= 3)
            if catchUp {
                #expect(stats.caughtUpCandles > 0)
            } else {
                #expect(stats.caughtUpCandles == 0)
                #expect(historyCalls > 0 && filled > 0)
            }
        } catch {
            await h.stop()
            throw error
        }
        await h.stop()
    }
}
