import BotConfig
import BotCore
import FakeKit
import Foundation
import Store
import Telegram
import TelegramWire
import TelegramFake
import Testing

/// Notifications come from the persisted event log through the outbox: to the right users,
/// in their language, silent where they chose, packed and paced as Telegram allows.
@Suite(.serialized) struct TelegramNotificationTests {
    typealias H = TelegramHarness

    func log(_ h: TelegramHarness, _ events: [RuntimeEvent]) async throws {
        try await h.daemon.store.appendEvents(events)
    }

    @Test func eachEventReachesItsUsersInTheirLanguage() async throws {
        try await H.with { h in
            try await h.running { _ in
                let now = wallClockMilliseconds()
                try await log(h, [
                    RuntimeEvent(ts: now, bot: "alice-1", user: "alice", .stopHit(nil, price: Price.of("95.5"))),
                    RuntimeEvent(ts: now, bot: "bob-1", user: "bob", .positionClosed(.net, realizedPnL: Money.of("12.5"))),
                    RuntimeEvent(ts: now, bot: "bob-1", user: "bob", .botFailed(reason: "3 restarts in 60 s <boom>")),
                    RuntimeEvent(ts: now, .feedLost("okx:public")),
                ])
                let alice = try await h.received(H.alice.id, 1)
                let bob = try await h.received(H.bob.id, 1)
                let root = try await h.received(H.root.id, 1)
                try await Task.sleep(for: .milliseconds(1_500))
                let a = h.texts(H.alice.id).joined(separator: "\n")
                #expect(a.contains("stop hit at 95.5") && a.contains("Market data lost: okx:public"))
                #expect(!a.contains("bob-1"), "alice hears nothing of bob's bot")
                let b = h.texts(H.bob.id).joined(separator: "\n")
                #expect(b.contains("청산") && b.contains("+12.5") && b.contains("<boom>"), "escaped, read back as text: \(b)")
                // root is an admin who asked for failures only: bob's failure, not his trade.
                let r = h.texts(H.root.id).joined(separator: "\n")
                #expect(r.contains("bob-1") && r.contains("3 restarts") && !r.contains("12.5") && !r.contains("okx:public"))
                // bob chose exits to be silent; his failure is not.
                let bobMessages = h.fake.sent(to: H.bob.id)
                #expect(bobMessages.contains { $0.disableNotification && $0.plainText.contains("+12.5") })
                #expect(bobMessages.contains { !$0.disableNotification && $0.plainText.contains("3 restarts") })
                _ = (alice, bob, root)
            }
        }
    }

    @Test func aBurstIsPackedIntoFewMessagesAtTelegramsPace() async throws {
        // The fake's clock runs ten times faster than the sender's pace is scaled down: a
        // message a second to a chat, as Telegram sees it, is one every 100 ms here.
        let clock = FakeClock(rate: 10)
        try await H.with(fakeClock: clock) { h in
            let pace = SendPacer.Limits(perChatMs: 100, perGroupPerMinute: 20, perSecond: 30)
            try await h.running(limits: pace) { _ in
                let now = wallClockMilliseconds()
                let burst = (0..<500).map { i in
                    RuntimeEvent(ts: now, bot: "alice-1", user: "alice", .riskRejected(nil, code: "MAX_ORDERS", detail: "burst \(i)"))
                }
                try await log(h, burst)
                try await eventually("all 500 delivered", timeout: 60) {
                    h.texts(H.alice.id).joined(separator: "\n").contains("burst 499")
                }
                let sent = h.fake.sent(to: H.alice.id)
                let text = sent.map(\.plainText).joined(separator: "\n")
                // Every notification once, in order.
                var at = text.startIndex
                for i in 0..<500 {
                    let r = try #require(text.range(of: "burst \(i)\n", range: at..<text.endIndex) ?? text.range(of: "burst \(i)", range: at..<text.endIndex),
                                         "burst \(i) in order")
                    at = r.upperBound
                }
                #expect(sent.allSatisfy { $0.plainText.utf16.count <= 4096 })
                let each = "⚠️ alice-1 order held back by risk limits: MAX_ORDERS burst 100".utf16.count + 2
                #expect(sent.count <= 500 * each / 4096 + 2, "packed: \(sent.count) messages")
                #expect(h.fake.counters.tooManyRequests == 0, "never earned a 429")
                // A second apart on Telegram's clock, as sent; arrivals jitter by the network's
                // few milliseconds (ten times that on this clock), which its burst allowance absorbs.
                for (a, b) in zip(sent, sent.dropFirst()) { #expect(b.atMs - a.atMs >= 600, "\(b.atMs - a.atMs) ms apart") }
                if let first = sent.first, let last = sent.last, sent.count > 2 {
                    #expect(Double(last.atMs - first.atMs) / Double(sent.count - 1) >= 950)
                }
            }
        }
    }

    @Test func a429IsObeyedAndNothingIsLost() async throws {
        try await H.with { h in
            h.fake.inject(.tooManyRequests(retryAfter: 1), method: "sendMessage", times: 1)
            try await h.running { _ in
                try await log(h, [RuntimeEvent(ts: wallClockMilliseconds(), .feedLost("binance:public"))])
                let m = try await h.received(H.alice.id, 1, timeout: 10)
                #expect(m[0].plainText.contains("binance:public"))
                #expect(h.fake.counters.tooManyRequests == 1)
            }
        }
    }

    @Test func aBurstRefusedWithA429IsStillPackedWhenItGoes() async throws {
        try await H.with { h in
            h.fake.inject(.tooManyRequests(retryAfter: 1), method: "sendMessage", times: 1)
            try await h.running { _ in
                let now = wallClockMilliseconds()
                try await log(h, (0..<3).map { RuntimeEvent(ts: now, .feedLost("feed-\($0)")) })
                let m = try await h.received(H.alice.id, 1, timeout: 10)
                try await Task.sleep(for: .milliseconds(1_500))
                #expect(h.fake.sent(to: H.alice.id).count == 1, "one message, as before the 429")
                #expect((0..<3).allSatisfy { m[0].plainText.contains("feed-\($0)") })
                #expect(h.fake.counters.tooManyRequests == 1)
            }
        }
    }

    @Test func aGroupThatBecameASupergroupIsFollowedAndABlockedChatIsLeftAlone() async throws {
        try await H.with(users: H.users(groupChats: [H.group.id])) { h in
            // The group exists for the fake once someone wrote there.
            h.say("hello", as: H.alice, in: H.group)
            try await h.running { _ in
                h.fake.migrate(group: H.group.id, to: -100_4001)
                h.fake.block(byUser: H.alice.id)
                try await eventually("the migration and the block are read") {
                    let chats = try await h.daemon.store.telegramChats()
                    return chats.migrated[H.group.id] == -100_4001 && chats.blocked.contains(H.alice.id)
                }
                try await log(h, [RuntimeEvent(ts: wallClockMilliseconds(), .feedLost("okx:public"))])
                let sg = try await h.received(-100_4001, 1)
                #expect(sg[0].plainText.contains("okx:public"))
                try await Task.sleep(for: .milliseconds(500))
                #expect(h.fake.sent(to: H.alice.id).isEmpty, "nothing to the chat that blocked the bot")
                #expect(h.fake.counters.forbidden == 0, "the block was known: no send was tried")
                h.fake.unblock(byUser: H.alice.id)
                try await eventually("the unblock is read") { try await !h.daemon.store.telegramChats().blocked.contains(H.alice.id) }
                try await log(h, [RuntimeEvent(ts: wallClockMilliseconds(), .feedRecovered("okx:public"))])
                try await h.received(H.alice.id, 1)
            }
        }
    }

    @Test func a403MarksTheChatAndItIsNotTriedAgain() async throws {
        try await H.with { h in
            // bob blocked the bot while botd was down, and the news of it was lost: the first
            // send to him is what finds out.
            h.fake.block(byUser: H.bob.id)
            let client = TelegramClient(endpoint: TelegramEndpoint(base: h.endpoint.apiURL, token: try TelegramToken(H.token)), caFile: h.endpoint.caFile)
            defer { client.close() }
            let pending = try await client.call(try TelegramAPI.getUpdates(timeout: 0))
            _ = try await client.call(try TelegramAPI.getUpdates(offset: TelegramUpdate.nextOffset(after: pending, current: nil), timeout: 0))
            try await h.running { _ in
                try await log(h, [RuntimeEvent(ts: wallClockMilliseconds(), .feedLost("okx:public"))])
                try await h.received(H.alice.id, 1)
                try await eventually("bob's chat is marked") { try await h.daemon.store.telegramChats().blocked.contains(H.bob.id) }
                #expect(h.fake.counters.forbidden == 1)
                try await log(h, [RuntimeEvent(ts: wallClockMilliseconds(), .feedRecovered("okx:public"))])
                try await h.received(H.alice.id, 2)
                try await Task.sleep(for: .milliseconds(300))
                #expect(h.fake.counters.forbidden == 1, "not tried again")
                #expect(h.fake.sent(to: H.bob.id).isEmpty)
            }
        }
    }

    @Test func theDailySummaryGoesOnceADay() async throws {
        try await H.with(dailyHour: 0) { h in
            try await h.running { _ in
                let m = try await h.received(H.alice.id, 1)
                #expect(m[0].plainText.contains("Daily summary"))
                try await h.received(H.bob.id, 1)
                #expect(h.texts(H.bob.id)[0].contains("일일 요약"))
            }
            // A restart the same day sends no second one.
            try await h.running { _ in
                try await Task.sleep(for: .seconds(2))
                #expect(h.texts(H.alice.id).filter { $0.contains("Daily summary") }.count == 1)
            }
        }
    }
}
