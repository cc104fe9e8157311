import BotCore
import OKX
import OKXFake
import Testing

/// History and warm-up over OKX's REST candles: paged backwards, `market/candles` first and
/// `market/history-candles` for what it no longer keeps, closed bars only, oldest first.
struct FeedHistoryTests {
    let btc = FeedHarness.btc
    static let t0 = FeedHarness.t0
    static func minute(_ i: Int) -> Int64 { t0 + Int64(i) * 60_000 }

    /// 2,000 seeded minutes from t0 with an outage at minutes 1000..<1010, then one trade that
    /// opens minute 2000 (forming); the clock stands still 30 s into it.
    func withSeededMarket(_ body: (FeedHarness) async throws -> Void) async throws {
        let clock = FakeClock(startMs: Self.minute(2000) + 30_000, rate: 0)
        try await FeedHarness.with(clock: clock) { h, _ in
            try h.fake.seedCandles("BTC-USDT-SWAP", FeedHarness.minutes(from: Self.t0, count: 2000, skipping: 1000..<1010))
            try h.fake.printTrade("BTC-USDT-SWAP", px: 5000, sz: 1, side: .buy)
            try await body(h)
        }
    }

    @Test func aLongRangeIsPagedThroughBothEndpoints() async throws {
        try await withSeededMarket { h in
            let bars = try await h.feed.history(btc.id, timeframe: Timeframe(seconds: 60), from: Self.minute(100),
                                                to: Self.minute(2001))
            let expected = (100..<2000).filter { !(1000..<1010).contains($0) }
            #expect(bars.count == expected.count)
            #expect(bars.map(\.ts) == expected.map(Self.minute))
            #expect(bars.map(\.close) == expected.map { Price(1000 + $0) })
            // market/candles keeps the latest 1,440 bars; the older ones came from history-candles.
            let requests = h.fake.counters.requests
            #expect(requests["/api/v5/market/candles", default: 0] >= 4)
            #expect(requests["/api/v5/market/history-candles", default: 0] >= 5)
        }
    }

    @Test func holesEmptyRangesAndBoundaries() async throws {
        try await withSeededMarket { h in
            let m1 = Timeframe(seconds: 60)
            // The outage: the venue confirms there is nothing there.
            #expect(try await h.feed.history(btc.id, timeframe: m1, from: Self.minute(1000), to: Self.minute(1010)).isEmpty)
            // Before the first bar, and an empty range.
            #expect(try await h.feed.history(btc.id, timeframe: m1, from: Self.minute(-100), to: Self.t0).isEmpty)
            #expect(try await h.feed.history(btc.id, timeframe: m1, from: Self.minute(5), to: Self.minute(5)).isEmpty)
            // `from` included, `to` excluded, the forming minute left out.
            let edge = try await h.feed.history(btc.id, timeframe: m1, from: Self.minute(1995), to: Self.minute(2010))
            #expect(edge.map(\.ts) == (1995..<2000).map(Self.minute))
            let across = try await h.feed.history(btc.id, timeframe: m1, from: Self.minute(998), to: Self.minute(1012))
            #expect(across.map(\.ts) == [998, 999, 1010, 1011].map(Self.minute))
        }
    }

    @Test func otherTimeframesAndOnesOKXHasNot() async throws {
        try await withSeededMarket { h in
            let five = try await h.feed.history(btc.id, timeframe: Timeframe(seconds: 300), from: Self.t0, to: Self.minute(30))
            #expect(five.map(\.ts) == stride(from: 0, to: 30, by: 5).map(Self.minute))
            let first = try #require(five.first)
            #expect(first.open == 1000 && first.high == 1006 && first.low == 999 && first.close == 1004)
            await #expect(throws: OKXFeedError.unsupportedTimeframe(Timeframe(seconds: 8 * 3600))) {
                _ = try await h.feed.history(btc.id, timeframe: Timeframe(seconds: 8 * 3600), from: Self.t0, to: Self.minute(600))
            }
            // The fake has no instrument of that name (51001): the feed cannot say.
            await #expect(throws: (any Error).self) {
                _ = try await h.feed.history(feedInstrument("NOPE-USDT-SWAP").id, timeframe: Timeframe(seconds: 60),
                                             from: Self.t0, to: Self.minute(10))
            }
        }
    }

    @Test func aRateLimitedPageIsAskedAgainThenGivenUp() async throws {
        try await withSeededMarket { h in
            let m1 = Timeframe(seconds: 60)
            h.fake.faults { $0.rateLimitNext = 1 }
            let bars = try await h.feed.history(btc.id, timeframe: m1, from: Self.minute(1900), to: Self.minute(2000))
            #expect(bars.count == 100)
            #expect(h.fake.counters.forcedRateLimits == 1)
            h.fake.faults { $0.rateLimitNext = 10 }
            await #expect(throws: (any Error).self) {
                _ = try await h.feed.history(btc.id, timeframe: m1, from: Self.minute(1900), to: Self.minute(2000))
            }
            h.fake.faults { $0.rateLimitNext = 0 }
        }
    }

    @Test func warmUpReturnsTheLatestClosedMinutesOldestFirst() async throws {
        try await withSeededMarket { h in
            let now = Self.minute(2000) + 30_000
            let warm = try await h.follow(btc, now: now, minutes: 500)
            #expect(warm.map(\.ts) == (1500..<2000).map(Self.minute))
            // Across the outage and into history-candles: fewer bars than minutes asked for.
            let older = await h.feed.subscribe(btc, now: Self.minute(1100), minutes: 700)
            #expect(older.count == 690)
            #expect(older.first?.ts == Self.minute(400) && older.last?.ts == Self.minute(1099))
            #expect(await h.feed.subscribe(btc, now: now, minutes: 0).isEmpty)
            #expect(await h.feed.followers(btc.id) == 3)
        }
    }

    @Test func aFailedWarmUpReturnsWhatItHas() async throws {
        try await withSeededMarket { h in
            // Every page refused: nothing, and no throw.
            h.fake.faults { $0.rateLimitNext = 100 }
            #expect(await h.feed.subscribe(btc, now: Self.minute(2000), minutes: 50).isEmpty)
            h.fake.faults { $0.rateLimitNext = 0 }
            #expect(await h.feed.followers(btc.id) == 1)
        }
    }
}
