import FakeKit
import Foundation
import TelegramFake
import Testing

/// editMessageText: the bot's own messages only, the same text rules as sendMessage, and a
/// change required.
struct EditTests {
    @Test func anEditReplacesTextAndKeyboard() async throws {
        try await withFake(limits: .init(perChatBurst: 100)) { (bot: Bot) async throws in
            bot.fake.addChat(.privateChat(of: alice))
            let keyboard = ButtonTests.keyboard
            let id = try #require(try await bot.send(alice.id, "Close?", extra: [("reply_markup", keyboard)]).result?["message_id"]?.int)
            func edit(_ text: String, _ extra: [(String, String)] = []) async throws -> Answer {
                try await bot.call("editMessageText", [("chat_id", "111"), ("message_id", "\(id)"), ("text", JSONText(text)), ("parse_mode", "\"HTML\"")] + extra)
            }
            let same = try await edit("<b>Close?</b>", [("reply_markup", keyboard)])
            #expect(same.status == 400 && same.description == "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")
            #expect(try await edit("Close?").status == 200, "the keyboard removed is a change")
            let done = try await edit("<i>Closed</i>")
            #expect(done.result?.s("text") == "Closed" && done.result?["edit_date"] != nil && done.result?.s("message_id") == "\(id)")
            #expect(bot.fake.edits.map(\.plainText) == ["Close?", "Closed"] && bot.fake.edits.last?.text == "<i>Closed</i>")
            #expect(try await edit("<b>x").description.hasPrefix("Bad Request: can't parse entities: "))
            #expect(try await edit(String(repeating: "a", count: 4097)).description == "Bad Request: message is too long")
            #expect(try await edit("").description == "Bad Request: message text is empty")
            #expect(bot.fake.sent.count == 1, "an edit is not a message")
        }
    }

    @Test func onlyTheBotsMessagesInThatChatCanBeEdited() async throws {
        try await withFake { (bot: Bot) async throws in
            bot.fake.addChat(.privateChat(of: alice))
            bot.fake.addChat(.privateChat(of: bob))
            let id = try #require(try await bot.send(alice.id, "mine").result?["message_id"]?.int)
            for (chat, message) in [("222", id), ("111", id + 1)] {
                let r = try await bot.call("editMessageText", [("chat_id", chat), ("message_id", "\(message)"), ("text", "\"x\"")])
                #expect(r.status == 400 && r.description == "Bad Request: message to edit not found")
            }
            #expect(try await bot.call("editMessageText", [("chat_id", "111"), ("text", "\"x\"")]).description == "Bad Request: message to edit not found")
            #expect(try await bot.call("editMessageText", [("chat_id", "999"), ("message_id", "1"), ("text", "\"x\"")]).description == "Bad Request: chat not found")
        }
    }
}
