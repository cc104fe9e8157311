@testable import Telegram
import Testing

/// The sender's pace: one message a second to a chat, 20 a minute to a group, 30 a second in
/// all, and nothing at all during a 429's retry_after. Driven on a simulated clock: a sender
/// that always waits until `earliest` never exceeds any window.
struct SendPacerTests {
    /// Sends `count` messages to chats chosen by `chat(i)` as fast as the pacer allows; the times.
    func run(_ count: Int, _ pacer: inout SendPacer, chat: (Int) -> Int64) -> [(Int64, Int64)] {
        var now: Int64 = 0, out: [(Int64, Int64)] = []
        for i in 0..<count {
            let c = chat(i)
            now = pacer.earliest(c, nowMs: now)
            pacer.sent(c, nowMs: now)
            out.append((c, now))
        }
        return out
    }

    func maxIn(_ times: [Int64], windowMs: Int64) -> Int {
        var best = 0
        for (i, t) in times.enumerated() { best = max(best, times[i...].prefix { $0 < t + windowMs }.count) }
        return best
    }

    @Test func oneChatGetsOneMessageASecond() {
        var p = SendPacer()
        let sends = run(20, &p) { _ in 42 }.map(\.1)
        #expect(maxIn(sends, windowMs: 1_000) == 1)
        #expect(sends.last == 19_000)
    }

    @Test func aGroupGetsTwentyAMinute() {
        var p = SendPacer()
        let sends = run(45, &p) { _ in -100123 }.map(\.1)
        #expect(maxIn(sends, windowMs: 60_000) == 20)
        #expect(sends[20] >= 60_000 && sends[40] >= 120_000)
    }

    @Test func manyChatsGetThirtyASecondInAll() {
        var p = SendPacer()
        let sends = run(1_000, &p) { Int64($0 + 1) }.map(\.1)
        #expect(maxIn(sends, windowMs: 1_000) == 30)
        // 1,000 messages to 1,000 users at 30 a second.
        #expect(sends.last! >= 33_000 && sends.last! < 34_000)
    }

    @Test func aRetryAfterHoldsEveryChat() {
        var p = SendPacer()
        p.sent(1, nowMs: 0)
        p.rateLimited(retryAfterSeconds: 5, nowMs: 100)
        #expect(p.earliest(2, nowMs: 200) == 5_100 && p.earliest(1, nowMs: 200) == 5_100)
        #expect(p.earliest(3, nowMs: 6_000) == 6_000)
    }

    @Test func aSendCountsFromItsAnswer() {
        var p = SendPacer()
        for c in 1...30 { p.sent(Int64(c), nowMs: 0) }
        #expect(p.earliest(31, nowMs: 0) == 1_000)
        // Their answers came at 250 ms: Telegram may have counted any of them as late as that.
        for c in 1...30 { p.finished(Int64(c), startedMs: 0, nowMs: 250) }
        #expect(p.earliest(31, nowMs: 300) == 1_250)
        #expect(p.earliest(1, nowMs: 300) == 1_250, "and the chat's own second counts from its answer too")
        p.sent(-5, nowMs: 2_000)
        p.finished(-5, startedMs: 2_000, nowMs: 2_040)
        #expect(p.groupSends[-5] == [2_040])
    }
}
