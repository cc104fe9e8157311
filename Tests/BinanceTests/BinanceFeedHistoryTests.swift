import Binance
import BinanceFake
import BinanceWire
import BotCore
import Testing

/// History and warm-up from REST `klines`: paged forwards 1000 at a time, other timeframes as
/// Binance builds them, the forming minute left out.
struct BinanceFeedHistoryTests {
    let btc = BinanceFeedHarness.btc
    let t0 = BinanceFeedHarness.t0

    @Test func historyPagesKlinesAndWarmUpTakesTheLastMinutes() async throws {
        let clock = FakeClock(startMs: t0 + 30_000, rate: 0)
        let h = try await BinanceFeedHarness.start(clock: clock)
        do {
            let start = t0 - 2_500 * 60_000
            try h.fake.seedKlines("BTCUSDT", BinanceFeedHarness.minutes(from: start, count: 2_500, price: { 10_000 + $0 }))
            // A trade in the minute under way: REST shows it forming; it is not history.
            try h.fake.printTrade("BTCUSDT", price: 9_000)

            let all = try await h.feed.history(btc.id, timeframe: Timeframe(seconds: 60), from: start, to: t0 + 60_000)
            #expect(all.count == 2_500)
            #expect(all.map(\.ts) == (0..<2_500).map { start + Int64($0) * 60_000 })
            #expect(all.last?.close == Price(12_499))
            #expect(h.fake.counters.requests["/api/v3/klines"] == 3)

            let fives = try await h.feed.history(btc.id, timeframe: Timeframe(seconds: 300), from: t0 - 100 * 60_000, to: t0)
            #expect(fives.count == 20)
            #expect(fives.first?.ts == t0 - 100 * 60_000)
            #expect(fives.first?.open == Price(12_400) && fives.first?.close == Price(12_404) && fives.first?.high == Price(12_406))

            let warmUp = await h.feed.subscribe(btc, now: clock.nowMs, minutes: 90)
            #expect(warmUp.count == 90)
            #expect(warmUp.last?.ts == t0 - 60_000)
            #expect(warmUp == Array(all.suffix(90)))

            await #expect(throws: BinanceFeedError.unsupportedTimeframe(Timeframe(seconds: 120))) {
                try await h.feed.history(btc.id, timeframe: Timeframe(seconds: 120), from: start, to: t0)
            }
            // A symbol Binance does not list: it cannot say, so the call throws.
            await #expect(throws: BinanceError.self) {
                try await h.feed.history(InstrumentID(venue: "binance", symbol: "NOPEUSDT"), timeframe: Timeframe(seconds: 60),
                                         from: start, to: t0)
            }
        } catch {
            await h.stop()
            throw error
        }
        await h.stop()
    }
}
