import FakeKit
import Foundation
import TelegramFake
import Testing

/// Which chats the bot may write to: known ones (a user wrote there, or a test added it),
/// by id or public @username; a group moved to a supergroup answers 400 with where it went;
/// a user who blocked the bot answers 403.
struct ChatTests {
    @Test func onlyKnownChatsTakeMessages() async throws {
        try await withFake { (bot: Bot) async throws in
            let r = try await bot.send(42, "hi")
            #expect(r.status == 400 && r.text == #"{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}"#)
            #expect(try await bot.call("sendMessage", [("chat_id", "\"abc\""), ("text", "\"x\"")]).description == "Bad Request: chat not found")
            _ = bot.fake.userSends("hello", from: alice, in: .privateChat(of: alice))
            #expect(try await bot.send(alice.id, "hi").status == 200, "known once the user wrote")
            #expect(try await bot.call("sendMessage", [("chat_id", "\"111\""), ("text", "\"x\"")]).status == 200, "an id as a string")
        }
    }

    @Test func aPublicChatMayBeNamedByUsername() async throws {
        try await withFake { (bot: Bot) async throws in
            bot.fake.addChat(FakeChat(id: -100_500, type: "supergroup", title: "Desk", username: "TradingDesk"))
            let r = try await bot.call("sendMessage", [("chat_id", "\"@tradingdesk\""), ("text", "\"hi\"")])
            #expect(r.status == 200 && r.result?["chat"]?.s("id") == "-100500" && bot.fake.sent.last?.chatId == -100_500)
            #expect(try await bot.call("sendMessage", [("chat_id", "\"@nobody\""), ("text", "\"hi\"")]).description == "Bad Request: chat not found")
        }
    }

    @Test func aGroupMovedToASupergroupSaysWhere() async throws {
        try await withFake { (bot: Bot) async throws in
            let group = FakeChat(id: -77, type: "group", title: "g")
            _ = bot.fake.userSends("hello", from: alice, in: group)
            #expect(try await bot.send(-77, "hi").status == 200)
            bot.fake.migrate(group: -77, to: -100_77)
            let moved = try await bot.send(-77, "hi")
            #expect(moved.status == 400 && moved.text == #"{"ok":false,"error_code":400,"description":"Bad Request: group chat was upgraded to a supergroup chat","parameters":{"migrate_to_chat_id":-10077}}"#)
            #expect(try await bot.send(-100_77, "hi").result?["chat"]?.s("type") == "supergroup")
            let messages = (try await bot.call("getUpdates").result?.array ?? []).compactMap { $0["message"] }
            #expect(messages.count == 3)
            #expect(messages[1]["chat"]?.s("id") == "-77" && messages[1].s("migrate_to_chat_id") == "-10077")
            #expect(messages[2]["chat"]?.s("id") == "-10077" && messages[2].s("migrate_from_chat_id") == "-77")
        }
    }

    @Test func aUserWhoBlockedTheBotAnswers403UntilUnblocking() async throws {
        try await withFake { (bot: Bot) async throws in
            bot.fake.addChat(.privateChat(of: bob))
            bot.fake.block(byUser: bob.id)
            let blocked = try await bot.send(bob.id, "hi")
            #expect(blocked.status == 403 && blocked.text == #"{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}"#)
            bot.fake.unblock(byUser: bob.id)
            #expect(try await bot.send(bob.id, "hi").status == 200)
            let updates = try #require(try await bot.call("getUpdates").result?.array)
            #expect(updates.map(\.kind) == ["my_chat_member", "my_chat_member"])
            let kicked = try #require(updates[0]["my_chat_member"])
            #expect(kicked["chat"]?.s("id") == "222" && kicked["from"]?.s("id") == "222")
            #expect(kicked["old_chat_member"]?.s("status") == "member" && kicked["new_chat_member"]?.s("status") == "kicked")
            #expect(kicked["new_chat_member"]?["user"]?.s("id") == "123456")
            #expect(updates[1]["my_chat_member"]?["new_chat_member"]?.s("status") == "member")
            #expect(bot.fake.counters.forbidden == 1)
        }
    }
}
