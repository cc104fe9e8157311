import Telegram
import TelegramWire
import Testing

/// The poller's decisions: a 409 is reported once and waited out with a growing back-off, a
/// 429 waits what Telegram said, a bad token stops Telegram only, an answer resets it all.
struct PollStateTests {
    @Test func aConflictIsReportedOnceAndBackedOff() {
        var s = PollState()
        let conflict = TelegramError.conflict("Conflict: terminated by other getUpdates request; make sure that only one bot instance is running")
        guard case .wait(let first, let report?) = s.failed(conflict) else { Issue.record("not a wait"); return }
        #expect(first == 1_000 && report.contains("another program is polling"))
        #expect(s.failed(conflict) == .wait(ms: 2_000, report: nil))
        #expect(s.failed(nil) == .wait(ms: 4_000, report: nil))
        for _ in 0..<10 { _ = s.failed(nil) }
        #expect(s.failed(nil) == .wait(ms: 60_000, report: nil))
        #expect(s.answered() == .poll && s.failures == 0)
        guard case .wait(1_000, _?) = s.failed(.server(status: 502)) else { Issue.record("not reported again"); return }
    }

    @Test func floodControlWaitsWhatTelegramSaysAndABadTokenStopsTelegramAlone() {
        var s = PollState()
        #expect(s.failed(.rateLimited(retryAfter: 7)) == .wait(ms: 7_000, report: "Telegram asked to wait 7 s (429)"))
        guard case .stop(let why) = s.failed(.unauthorized("Unauthorized")) else { Issue.record("not a stop"); return }
        #expect(why.contains("token_env") && why.contains("goes on without Telegram"))
    }
}
