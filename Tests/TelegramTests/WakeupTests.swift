@testable import Telegram
import Testing

/// The signal between the service's loops: none is missed, no wait outlasts its limit.
struct WakeupTests {
    @Test func aSignalGivenWhileBusyEndsTheNextWaitAtOnce() async {
        let w = Wakeup()
        w.signal()
        let start = ContinuousClock.now
        await w.wait(upTo: .seconds(10))
        #expect(ContinuousClock.now - start < .seconds(2))
        // Used up: the next wait runs to its limit.
        let again = ContinuousClock.now
        await w.wait(upTo: .milliseconds(200))
        #expect(ContinuousClock.now - again >= .milliseconds(200))
    }

    @Test func aSignalWakesAWaiter() async {
        let w = Wakeup()
        let start = ContinuousClock.now
        async let waited: Void = w.wait(upTo: .seconds(10))
        try? await Task.sleep(for: .milliseconds(100))
        w.signal()
        await waited
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    @Test func aCancelledWaitReturns() async {
        let w = Wakeup()
        let t = Task { await w.wait(upTo: .seconds(30)) }
        try? await Task.sleep(for: .milliseconds(50))
        let start = ContinuousClock.now
        t.cancel()
        await t.value
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    @Test func confirmationTokensAreLongRandomAndFitCallbackData() {
        let tokens = (0..<200).map { _ in ChatHandler.token() }
        #expect(Set(tokens).count == 200)
        #expect(tokens.allSatisfy { $0.count == 32 && $0.allSatisfy(\.isHexDigit) })
        #expect(("ok:" + tokens[0]).utf8.count <= 64)
    }
}
