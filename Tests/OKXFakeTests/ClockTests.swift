import OKXFake
import Testing

struct ClockTests {
    @Test func frozenClockMovesOnlyWhenTold() async throws {
        let clock = FakeClock(startMs: 1_700_000_000_000, rate: 0)
        try await Task.sleep(for: .milliseconds(20))
        #expect(clock.nowMs == 1_700_000_000_000)
        clock.advance(by: 31_000)
        #expect(clock.nowMs == 1_700_000_031_000)
        clock.set(1_600_000_000_000)
        #expect(clock.nowMs == 1_600_000_000_000)
        #expect(clock.nowSeconds == 1_600_000_000)
    }

    @Test func fastClockRunsAhead() async throws {
        let clock = FakeClock(startMs: 1_700_000_000_000, rate: 0)
        clock.run(rate: 1000)
        try await Task.sleep(for: .milliseconds(50))
        // 50 ms of real time at 1000× is 50 s of fake time (more, if the sleep overslept).
        #expect(clock.nowMs - 1_700_000_000_000 >= 50_000)
        clock.freeze()
        let t = clock.nowMs
        try await Task.sleep(for: .milliseconds(10))
        #expect(clock.nowMs == t)
    }
}
