import FakeKit
import Foundation
import TelegramFake
import Testing

/// getUpdates' queue: an offset confirms what is below it, a negative one keeps the last
/// updates, `limit` caps an answer, updates live 24 hours, `allowed_updates` is remembered.
struct OffsetTests {
    @Test func anOffsetConfirmsWhatIsBelowIt() async throws {
        try await withFake { (bot: Bot) async throws in
            let a = bot.fake.userSends("/start", from: alice, in: .privateChat(of: alice))
            let b = bot.fake.userSends("/status", from: alice, in: .privateChat(of: alice))
            #expect(b == a + 1, "ids increase by one")
            let first = try await bot.call("getUpdates")
            #expect(first.status == 200 && first.json.updateIDs == [a, b])
            let m = try #require(first.result?[0]?["message"])
            #expect(m["from"]?.s("id") == "111" && m["chat"]?.s("type") == "private" && m.s("text") == "/start" && m["date"]?.int != nil)
            #expect(try await bot.updateIDs() == [a, b], "not confirmed yet: the same again")
            #expect(try await bot.updateIDs([("offset", "\(b)")]) == [b])
            #expect(try await bot.updateIDs([("offset", "\(b + 1)")]) == [])
            #expect(bot.fake.pendingUpdates == 0)
            let c = bot.fake.userSends("later", from: alice, in: .privateChat(of: alice))
            #expect(try await bot.updateIDs() == [c], "confirmed ones never come back")
        }
    }

    @Test func aNegativeOffsetKeepsTheLastUpdatesAndLimitCaps() async throws {
        try await withFake { (bot: Bot) async throws in
            let ids = (0..<5).map { bot.fake.userSends("m\($0)", from: alice, in: .privateChat(of: alice)) }
            #expect(try await bot.updateIDs([("limit", "2")]) == Array(ids.prefix(2)))
            #expect(try await bot.updateIDs([("offset", "-2")]) == Array(ids.suffix(2)))
            #expect(try await bot.updateIDs() == Array(ids.suffix(2)), "the earlier ones are forgotten")
            #expect(try await bot.updateIDs([("limit", "1")]) == [ids[3]])
            #expect(try await bot.updateIDs([("limit", "0")]) == [ids[3]], "limit is clamped to 1–100")
            #expect(try await bot.updateIDs([("offset", "-9223372036854775808")]) == Array(ids.suffix(2)), "the lowest Int64 keeps all")
        }
    }

    @Test func updatesOlderThan24HoursAreDropped() async throws {
        let clock = FakeClock(rate: 0)
        try await withFake(clock: clock) { (bot: Bot) async throws in
            _ = bot.fake.userSends("old", from: alice, in: .privateChat(of: alice))
            clock.advance(by: 12 * 3_600_000)
            let recent = bot.fake.userSends("recent", from: alice, in: .privateChat(of: alice))
            clock.advance(by: 12 * 3_600_000 + 1)
            #expect(try await bot.updateIDs() == [recent])
        }
    }

    @Test func allowedUpdatesAreRememberedAsTelegramDoes() async throws {
        try await withFake { (bot: Bot) async throws in
            let post = try #require(bot.fake.enqueue(rawUpdate: #"{"channel_post":{"message_id":1,"date":1,"chat":{"id":-5,"type":"channel"}}}"#))
            let member = try #require(bot.fake.enqueue(rawUpdate: #"{"chat_member":{"chat":{"id":-5,"type":"channel"}}}"#))
            let m = bot.fake.userSends("/help", from: alice, in: .privateChat(of: alice))
            #expect(try await bot.updateIDs() == [post, m], "by default chat_member is not sent")
            #expect(try await bot.updateIDs([("allowed_updates", #"["MESSAGE","no_such_kind"]"#)]) == [m], "any case; unknown names skipped")
            #expect(bot.fake.allowedUpdates == ["message"])
            #expect(try await bot.updateIDs() == [m], "not given: the previous setting")
            #expect(try await bot.updateIDs([("allowed_updates", "[]")]) == [post, m], "empty: the default again")
            #expect(try await bot.updateIDs([("allowed_updates", #"["chat_member"]"#)]) == [member])
        }
    }

    @Test func rawUpdatesGetTheFakesIDs() async throws {
        try await withFake { (bot: Bot) async throws in
            let id = try #require(bot.fake.enqueue(rawUpdate: #"{"update_id":5,"edited_message":{"message_id":1,"date":1,"chat":{"id":1,"type":"private"}}}"#))
            let r = try await bot.call("getUpdates")
            #expect(r.json.updateIDs == [id] && id != 5 && r.result?[0]?.kind == "edited_message")
            #expect(bot.fake.enqueue(rawUpdate: "not json") == nil)
            #expect(bot.fake.enqueue(rawUpdate: #"{"message":{},"edited_message":{}}"#) == nil, "one payload per update")
        }
    }

    @Test func commandsCarryEntitiesInUTF16Units() async throws {
        try await withFake { (bot: Bot) async throws in
            let chat = FakeChat.privateChat(of: alice)
            for text in ["/start", "/close@botruntime_bot BTC", "🚀 /status now", "a/b /x/y", "/", "/status,"] { bot.fake.userSends(text, from: alice, in: chat) }
            let messages = (try await bot.call("getUpdates").result?.array ?? []).map { $0["message"] }
            func spans(_ i: Int) -> [String] {
                (messages[i]?["entities"]?.array ?? []).map { "\($0.s("type"))@\($0.s("offset"))+\($0.s("length"))" }
            }
            #expect(spans(0) == ["bot_command@0+6"])
            #expect(spans(1) == ["bot_command@0+21"])
            #expect(spans(2) == ["bot_command@3+7"], "the rocket is two UTF-16 units")
            #expect(spans(3) == [], "inside a word, or followed by '/'")
            #expect(spans(4) == [])
            #expect(spans(5) == ["bot_command@0+7"])
            #expect(messages[4]?["entities"] == nil, "no entities field at all without one")
        }
    }
}
