import FakeKit
import Foundation
import TelegramFake
import Testing

/// sendMessage's text: required, 1–4096 UTF-16 units after entity parsing, ends trimmed;
/// and the Message it answers with.
struct TextTests {
    @Test func theLimitIs4096UTF16UnitsAfterParsing() async throws {
        try await withFake(limits: .init(perChatBurst: 100)) { (bot: Bot) async throws in
            bot.fake.addChat(.privateChat(of: alice))
            #expect(try await bot.send(alice.id, String(repeating: "a", count: 4096)).status == 200)
            #expect(try await bot.send(alice.id, "<b>" + String(repeating: "a", count: 4096) + "</b>").status == 200, "tags do not count")
            #expect(try await bot.send(alice.id, String(repeating: "&amp;", count: 4096)).status == 200, "an entity is one character")
            let long = try await bot.send(alice.id, String(repeating: "a", count: 4097))
            #expect(long.status == 400 && long.text == #"{"ok":false,"error_code":400,"description":"Bad Request: message is too long"}"#)
            // An emoji outside the BMP is two UTF-16 units: 2048 fit, 2049 do not.
            #expect(try await bot.send(alice.id, String(repeating: "🚀", count: 2048)).status == 200)
            #expect(try await bot.send(alice.id, String(repeating: "🚀", count: 2049)).description == "Bad Request: message is too long")
            #expect(try await bot.send(alice.id, "  " + String(repeating: "a", count: 4096) + "\n\n").status == 200, "counted after trimming")
        }
    }

    @Test func anEmptyTextIsRefused() async throws {
        try await withFake { (bot: Bot) async throws in
            bot.fake.addChat(.privateChat(of: alice))
            for text in ["", "<b></b>", "  \n ", "<i> </i>"] {
                #expect(try await bot.send(alice.id, text).description == "Bad Request: message text is empty", "\(text)")
            }
            #expect(try await bot.call("sendMessage", [("chat_id", "111")]).description == "Bad Request: message text is empty")
            #expect(try await bot.call("sendMessage", [("text", "\"hi\"")]).description == "Bad Request: chat_id is empty")
            #expect(bot.fake.counters.badRequests == 6)
        }
    }

    @Test func theAnswerIsTheMessageAsStored() async throws {
        let clock = FakeClock(startMs: 1_700_000_000_500, rate: 0)
        try await withFake(clock: clock) { (bot: Bot) async throws in
            bot.fake.addChat(.privateChat(of: alice))
            let r = try await bot.send(alice.id, "\n <b>hi</b> there \n", extra: [("disable_notification", "true")])
            let m = try #require(r.result)
            #expect(m.s("message_id") == "1" && m.s("date") == "1700000000" && m.s("text") == "hi there")
            #expect(m["from"]?["is_bot"]?.bool == true && m["from"]?.s("id") == "123456" && m["chat"]?.s("id") == "111")
            let s = try #require(bot.fake.sent.first)
            #expect(s.chatId == 111 && s.messageId == 1 && s.text == "\n <b>hi</b> there \n" && s.plainText == "hi there")
            #expect(s.disableNotification && s.replyMarkup == nil && s.atMs == 1_700_000_000_500)
            bot.fake.addChat(.privateChat(of: bob))
            #expect(try await bot.send(bob.id, "x").result?.s("message_id") == "1", "ids count per chat")
            #expect(try await bot.send(alice.id, "y").result?.s("message_id") == "2")
            #expect(bot.fake.sent(to: alice.id).map(\.plainText) == ["hi there", "y"])
        }
    }
}
