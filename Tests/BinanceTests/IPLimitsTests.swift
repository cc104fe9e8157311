import Binance
import BinanceWire
import BotCore
import Synchronization
import Testing

/// The IP's weight, shared by every client in the process: a request over the minute's limit
/// waits for the next minute on the venue's clock, and a ban holds everything back.
struct IPLimitsTests {
    final class ManualTime: Sendable {
        let ms: Mutex<Int64>
        init(_ start: Int64) { ms = Mutex(start) }
        func advance(_ d: Int64) { ms.withLock { $0 += d } }
        var now: Int64 { ms.withLock { $0 } }
    }

    @Test func aRequestOverTheMinutesWeightWaitsForTheNextMinute() async throws {
        let time = ManualTime(1_700_000_040_000)
        let clock = VenueClock(local: { time.now })
        let limits = BinanceIPLimits(weightPerMinute: 30, guardMs: 0)
        for _ in 0..<3 {
            let t = await limits.admit(weight: 10, clock: clock)
            await limits.answered(t, headers: nil, backoff: nil, clock: clock)
        }
        let waiting = Task { await limits.admit(weight: 10, clock: clock) }
        try await Task.sleep(for: .milliseconds(200))
        // Still the same minute: nothing went.
        #expect(await limits.usedWeight == 30)
        time.advance(60_000)
        let admitted = await waiting.value
        #expect(admitted.weight == 10 && time.now == 1_700_000_100_000)
        #expect(await limits.usedWeight == 10)
    }

    @Test func aBanHoldsEveryClientOfTheAddressBackUntilItEnds() async throws {
        let time = ManualTime(1_700_000_000_000)
        let clock = VenueClock(local: { time.now })
        let limits = BinanceIPLimits.shared(host: "https://ip-limits-test.invalid")
        #expect(BinanceIPLimits.shared(host: "https://ip-limits-test.invalid") === limits)
        let t = await limits.admit(weight: 1, clock: clock)
        let ban = try #require(BinanceBackoff(status: 418, headers: BinanceLimitHeaders(["Retry-After": "120"]), nowMs: time.now))
        await limits.answered(t, headers: nil, backoff: ban, clock: clock)
        let waiting = Task { await limits.admit(weight: 1, clock: clock) }
        time.advance(119_000)
        try await Task.sleep(for: .milliseconds(150))
        #expect(await limits.backoff?.untilMs == 1_700_000_120_000)
        time.advance(1_000)
        _ = await waiting.value
        #expect(time.now >= 1_700_000_120_000)
    }
}
