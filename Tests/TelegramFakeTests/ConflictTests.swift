import FakeKit
import Foundation
import TelegramFake
import Testing

/// One way of getting updates at a time: a second poller ends the first with 409, and a
/// webhook (set by the bot or by someone else) excludes polling until it is deleted.
struct ConflictTests {
    static let otherPoller = #"{"ok":false,"error_code":409,"description":"Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"}"#

    @Test func aSecondPollerEndsTheFirstWith409() async throws {
        try await withFake { (bot: Bot) async throws in
            async let first = bot.call("getUpdates", [("timeout", "30")], timeout: .seconds(40))
            try await until("the first poll is held") { bot.fake.isHoldingPoll }
            async let second = bot.call("getUpdates", [("timeout", "30")], timeout: .seconds(40))
            let r = try await first
            #expect(r.status == 409 && r.text == Self.otherPoller)
            let id = bot.fake.userSends("for the second", from: alice, in: .privateChat(of: alice))
            #expect(try await second.json.updateIDs == [id], "the newer poll is the one held")
            #expect(bot.fake.counters.conflicts == 1)
        }
    }

    @Test func aShortPollAlsoEndsAHeldOne() async throws {
        try await withFake { (bot: Bot) async throws in
            async let held = bot.call("getUpdates", [("timeout", "30")], timeout: .seconds(40))
            try await until("the poll is held") { bot.fake.isHoldingPoll }
            #expect(try await bot.call("getUpdates").status == 200)
            #expect(try await held.status == 409)
        }
    }

    @Test func aWebhookExcludesPolling() async throws {
        try await withFake { (bot: Bot) async throws in
            let bad = try await bot.call("setWebhook", [("url", "\"http://example.org/hook\"")])
            #expect(bad.status == 400 && bad.description == "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
            #expect(try await bot.call("setWebhook", [("url", "\"https://example.org/hook\"")]).json.ok)
            let r = try await bot.call("getUpdates")
            #expect(r.status == 409 && r.text == #"{"ok":false,"error_code":409,"description":"Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"}"#)
            _ = bot.fake.userSends("x", from: alice, in: .privateChat(of: alice))
            let info = try await bot.call("getWebhookInfo").result
            #expect(info?.s("url") == "https://example.org/hook" && info?.s("pending_update_count") == "1")
            #expect(try await bot.call("deleteWebhook", [("drop_pending_updates", "true")]).json.ok)
            #expect(try await bot.call("getWebhookInfo").result?.s("url") == "", "polling: url is empty")
            let after = try await bot.call("getUpdates")
            #expect(after.status == 200 && after.json.updateIDs.isEmpty, "dropped with the webhook")
        }
    }

    @Test func aWebhookSetElsewhereEndsAHeldPoll() async throws {
        try await withFake { (bot: Bot) async throws in
            async let held = bot.call("getUpdates", [("timeout", "30")], timeout: .seconds(40))
            try await until("the poll is held") { bot.fake.isHoldingPoll }
            bot.fake.setWebhook("https://example.invalid/hook")
            let r = try await held
            #expect(r.status == 409 && r.description == "Conflict: terminated by setWebhook request")
            #expect(try await bot.call("getUpdates").status == 409)
            bot.fake.setWebhook(nil)
            #expect(try await bot.call("getUpdates").status == 200)
            #expect(bot.fake.counters.conflicts == 2)
        }
    }

    @Test func theBotsOwnSetWebhookEndsItsHeldPoll() async throws {
        try await withFake { (bot: Bot) async throws in
            async let held = bot.call("getUpdates", [("timeout", "30")], timeout: .seconds(40))
            try await until("the poll is held") { bot.fake.isHoldingPoll }
            #expect(try await bot.call("setWebhook", [("url", "\"https://example.org/x\"")]).json.ok)
            #expect(try await held.description == "Conflict: terminated by setWebhook request")
            #expect(bot.fake.webhook == "https://example.org/x")
            #expect(try await bot.call("setWebhook", [("url", "\"\"")]).json.ok, "an empty url removes it")
            #expect(bot.fake.webhook == nil)
        }
    }
}
