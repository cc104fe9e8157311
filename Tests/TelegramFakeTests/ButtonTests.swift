import FakeKit
import Foundation
import TelegramFake
import Testing

/// Inline keyboards, presses on them and their answers: callback_data 1–64 bytes, a press
/// answerable once within 15 minutes.
struct ButtonTests {
    static let keyboard = #"{"inline_keyboard":[[{"text":"OK","callback_data":"ok:1"},{"text":"Docs","url":"https://x.org"}]]}"#

    static func keyboard(data: String) -> String { #"{"inline_keyboard":[[{"text":"x","callback_data":"\#(data)"}]]}"# }

    @Test func callbackDataIsOneTo64Bytes() async throws {
        try await withFake(limits: .init(perChatBurst: 100)) { (bot: Bot) async throws in
            bot.fake.addChat(.privateChat(of: alice))
            #expect(try await bot.send(alice.id, "k", extra: [("reply_markup", Self.keyboard)]).status == 200)
            #expect(bot.fake.sent.last?.replyMarkup == Self.keyboard)
            #expect(try await bot.send(alice.id, "k", extra: [("reply_markup", Self.keyboard(data: String(repeating: "d", count: 64)))]).status == 200)
            // 22 two-byte letters: 44 bytes, fine; 33 of them are 66 bytes.
            #expect(try await bot.send(alice.id, "k", extra: [("reply_markup", Self.keyboard(data: String(repeating: "é", count: 22)))]).status == 200)
            for data in [String(repeating: "d", count: 65), String(repeating: "é", count: 33), ""] {
                let r = try await bot.send(alice.id, "k", extra: [("reply_markup", Self.keyboard(data: data))])
                #expect(r.status == 400 && r.description == "Bad Request: BUTTON_DATA_INVALID")
            }
            let noAction = try await bot.send(alice.id, "k", extra: [("reply_markup", #"{"inline_keyboard":[[{"text":"x"}]]}"#)])
            #expect(noAction.status == 400)
            #expect(try await bot.send(alice.id, "k", extra: [("reply_markup", #"{"inline_keyboard":{}}"#)]).status == 400)
            #expect(try await bot.send(alice.id, "k", extra: [("reply_markup", "\"not json\"")]).status == 400)
            #expect(bot.fake.sent.count == 3)
        }
    }

    @Test func aPressCarriesTheMessageAndIsAnsweredOnce() async throws {
        try await withFake { (bot: Bot) async throws in
            bot.fake.addChat(.privateChat(of: alice))
            let id = try #require(try await bot.send(alice.id, "Close?", extra: [("reply_markup", Self.keyboard)]).result?["message_id"]?.int)
            bot.fake.userPresses("ok:1", onMessage: id, in: .privateChat(of: alice), from: alice)
            let q = try #require(try await bot.call("getUpdates").result?[0]?["callback_query"])
            #expect(q.s("data") == "ok:1" && q["from"]?.s("id") == "111" && q["from"]?.s("language_code") == "en" && !q.s("chat_instance").isEmpty)
            #expect(q["message"]?.s("message_id") == "\(id)" && q["message"]?.s("text") == "Close?" && q["message"]?["reply_markup"] != nil)
            let qid = JSONText(q.s("id"))
            #expect(try await bot.call("answerCallbackQuery", [("callback_query_id", qid), ("text", "\"Done\""), ("show_alert", "true")]).text == #"{"ok":true,"result":true}"#)
            #expect(bot.fake.callbackAnswers == [CallbackAnswer(queryId: q.s("id"), text: "Done", showAlert: true)])
            let again = try await bot.call("answerCallbackQuery", [("callback_query_id", qid)])
            #expect(again.status == 400 && again.description == "Bad Request: query is too old and response timeout expired or query ID is invalid")
            #expect(try await bot.call("answerCallbackQuery", [("callback_query_id", "\"nope\"")]).status == 400)
            #expect(try await bot.call("answerCallbackQuery").status == 400)
        }
    }

    @Test func aPressIsAnswerableFor15Minutes() async throws {
        let clock = FakeClock(rate: 0)
        try await withFake(clock: clock) { (bot: Bot) async throws in
            bot.fake.userPresses("a", onMessage: 9, in: .privateChat(of: alice), from: alice)
            bot.fake.userPresses("b", onMessage: 9, in: .privateChat(of: alice), from: alice)
            let presses = (try await bot.call("getUpdates").result?.array ?? []).compactMap { $0["callback_query"] }
            #expect(presses[0]["message"]?.s("date") == "0", "a message the fake never saw: inaccessible")
            clock.advance(by: 15 * 60_000)
            #expect(try await bot.call("answerCallbackQuery", [("callback_query_id", JSONText(presses[0].s("id")))]).status == 200)
            clock.advance(by: 1)
            #expect(try await bot.call("answerCallbackQuery", [("callback_query_id", JSONText(presses[1].s("id")))]).status == 400)
        }
    }
}
