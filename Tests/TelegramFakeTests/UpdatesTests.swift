import FakeKit
import Foundation
import TelegramFake
import Testing

/// getUpdates as Telegram documents it: offsets confirm, a long poll is held until an update
/// or its timeout, and only one poller (and no webhook) at a time.
struct UpdatesTests {
    @Test func anOffsetConfirmsWhatIsBelowIt() async throws {
        try await withFake { (bot: Bot) async throws in
            let a = bot.fake.userSends("/start", from: alice, in: .privateChat(of: alice))
            let b = bot.fake.userSends("/status", from: alice, in: .privateChat(of: alice))
            let first = try await bot.call("getUpdates")
            #expect(first.json.updateIDs == [a, b])
            let entity = first.json["result"]?[0]?["message"]?["entities"]?[0]
            #expect(entity?.s("type") == "bot_command" && entity?.s("length") == "6")
            // Not confirmed yet: the same again.
            #expect(try await bot.call("getUpdates").json.updateIDs == [a, b])
            #expect(try await bot.call("getUpdates", [("offset", "\(b)")]).json.updateIDs == [b])
            #expect(try await bot.call("getUpdates", [("offset", "\(b + 1)")]).json.updateIDs == [])
            #expect(bot.fake.pendingUpdates == 0)
        }
    }

    @Test func aNegativeOffsetKeepsTheLastUpdates() async throws {
        try await withFake { (bot: Bot) async throws in
            let ids = (0..<5).map { bot.fake.userSends("m\($0)", from: alice, in: .privateChat(of: alice)) }
            #expect(try await bot.call("getUpdates", [("offset", "-2")]).json.updateIDs == Array(ids.suffix(2)))
            #expect(try await bot.call("getUpdates").json.updateIDs == Array(ids.suffix(2)), "the earlier ones are forgotten")
            #expect(try await bot.call("getUpdates", [("limit", "1")]).json.updateIDs == [ids[3]])
        }
    }

    @Test func aLongPollIsHeldUntilAnUpdateArrives() async throws {
        try await withFake { (bot: Bot) async throws in
            let start = ContinuousClock.now
            async let polled = bot.call("getUpdates", [("timeout", "30")], timeout: .seconds(40))
            while !bot.fake.isHoldingPoll { try await Task.sleep(for: .milliseconds(10)) }
            let id = bot.fake.userSends("hi", from: alice, in: .privateChat(of: alice))
            let r = try await polled
            #expect(r.json.updateIDs == [id])
            #expect(ContinuousClock.now - start < .seconds(10))
        }
    }

    @Test func aLongPollEndsEmptyWhenItsTimeoutPassesOnTheFakesClock() async throws {
        let clock = FakeClock()
        try await withFake(clock: clock) { (bot: Bot) async throws in
            async let polled = bot.call("getUpdates", [("timeout", "50")], timeout: .seconds(20))
            // The clock moves only once the poll is held (a slow machine may take a while to send it).
            while !bot.fake.isHoldingPoll { try await Task.sleep(for: .milliseconds(10)) }
            clock.advance(by: 51_000)
            let r = try await polled
            #expect(r.status == 200 && r.json.ok && r.json["result"]?.array?.isEmpty == true)
        }
    }

    @Test func aSecondPollerEndsTheFirstWith409() async throws {
        try await withFake { (bot: Bot) async throws in
            async let first = bot.call("getUpdates", [("timeout", "30")], timeout: .seconds(40))
            while !bot.fake.isHoldingPoll { try await Task.sleep(for: .milliseconds(10)) }
            async let second = bot.call("getUpdates", [("timeout", "1")], timeout: .seconds(40))
            let r = try await first
            #expect(r.status == 409 && r.json.descriptionText.contains("terminated by other getUpdates request"))
            _ = try await second
            #expect(bot.fake.counters.conflicts == 1)
        }
    }

    @Test func aWebhookExcludesPolling() async throws {
        try await withFake { (bot: Bot) async throws in
            #expect(try await bot.call("setWebhook", [("url", "\"https://example.org/hook\"")]).json.ok)
            let r = try await bot.call("getUpdates")
            #expect(r.status == 409 && r.json.descriptionText.contains("webhook is active"))
            #expect(try await bot.call("getWebhookInfo").json["result"]?.s("url") == "https://example.org/hook")
            _ = bot.fake.userSends("x", from: alice, in: .privateChat(of: alice))
            #expect(try await bot.call("deleteWebhook", [("drop_pending_updates", "true")]).json.ok)
            let after = try await bot.call("getUpdates")
            #expect(after.status == 200 && after.json.updateIDs.isEmpty, "dropped with the webhook")
        }
    }

    @Test func allowedUpdatesFilterKindsAndRawUpdatesAreQueued() async throws {
        try await withFake { (bot: Bot) async throws in
            _ = bot.fake.enqueue(rawUpdate: #"{"channel_post":{"message_id":1,"date":1,"chat":{"id":-5,"type":"channel"}}}"#)
            let m = bot.fake.userSends("/help", from: alice, in: .privateChat(of: alice))
            let r = try await bot.call("getUpdates", [("allowed_updates", #"["message"]"#)])
            #expect(r.json.updateIDs == [m])
            #expect(bot.fake.enqueue(rawUpdate: "not json") == nil)
        }
    }

    @Test func aRevokedTokenIs401AndAWrongMethod404() async throws {
        try await withFake { (bot: Bot) async throws in
            #expect(try await bot.call("getMe").json["result"]?.s("username") == "botruntime_bot")
            #expect(try await bot.call("noSuchMethod").status == 404)
            #expect(try await bot.call("GETME").status == 200, "method names are case-insensitive")
            var wrong = bot
            wrong.token = "123456:XYZ-DEF1234ghIkl-zyx57W2v1u123ew11"
            #expect(try await wrong.call("getMe").status == 401)
            bot.fake.revokeToken()
            let r = try await bot.call("getMe")
            #expect(r.status == 401 && r.json.descriptionText == "Unauthorized")
        }
    }
}
