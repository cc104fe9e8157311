import FakeKit
import Foundation
import TelegramFake
import Testing

/// sendMessage, editMessageText and answerCallbackQuery, checked as Telegram checks them.
struct MessagesTests {
    @Test func htmlIsParsedAsTelegramDoes() async throws {
        try await withFake { (bot: Bot) async throws in
            bot.fake.addChat(.privateChat(of: alice))
            let good = try await bot.send(alice.id, "<b>BTC</b> &lt;up&gt; &amp; &#x1F680; <a href=\"https://x.org\">x</a>")
            #expect(good.status == 200 && good.json["result"]?.s("text") == "BTC <up> & 🚀 x")
            #expect(bot.fake.sent.last?.plainText == "BTC <up> & 🚀 x")
            for (bad, says) in [("a < b", "end of the tag"), ("x <foo>y</foo>", "Unsupported start tag"), ("<b>x</i>", "Unmatched end tag"), ("<b>open", "Can't find end tag"),
                                ("AT&T", "is reserved"), ("&nbsp;", "Unsupported HTML entity"), ("<script>", "Unsupported start tag")] {
                let r = try await bot.send(alice.id, bad)
                #expect(r.status == 400 && r.json.descriptionText.contains("can't parse entities") && r.json.descriptionText.contains(says), "\(bad): \(r.json)")
            }
        }
    }

    @Test func textIsOneTo4096UTF16UnitsAfterParsing() async throws {
        try await withFake(limits: .init(perChatBurst: 100)) { (bot: Bot) async throws in
            bot.fake.addChat(.privateChat(of: alice))
            #expect(try await bot.send(alice.id, String(repeating: "a", count: 4096)).status == 200)
            #expect(try await bot.send(alice.id, "<b>" + String(repeating: "a", count: 4096) + "</b>").status == 200, "tags do not count")
            let long = try await bot.send(alice.id, String(repeating: "a", count: 4097))
            #expect(long.status == 400 && long.json.descriptionText.contains("too long"))
            // An emoji is two UTF-16 units.
            #expect(try await bot.send(alice.id, String(repeating: "🚀", count: 2049)).status == 400)
            #expect(try await bot.send(alice.id, "<b></b>").json.descriptionText.contains("empty"))
        }
    }

    @Test func chatsUnknownMovedAndBlocked() async throws {
        try await withFake { (bot: Bot) async throws in
            #expect(try await bot.send(42, "hi").json.descriptionText.contains("chat not found"))
            let group = FakeChat(id: -77, type: "group", title: "g")
            _ = bot.fake.userSends("hello", from: alice, in: group)
            #expect(try await bot.send(-77, "hi").status == 200)
            bot.fake.migrate(group: -77, to: -100_77)
            let moved = try await bot.send(-77, "hi")
            #expect(moved.status == 400 && moved.json["parameters"]?.s("migrate_to_chat_id") == "-10077")
            #expect(try await bot.send(-100_77, "hi").status == 200)
            bot.fake.addChat(.privateChat(of: bob))
            bot.fake.block(byUser: bob.id)
            let blocked = try await bot.send(bob.id, "hi")
            #expect(blocked.status == 403 && blocked.json.descriptionText == "Forbidden: bot was blocked by the user")
            let kinds = (try await bot.call("getUpdates").json["result"]?.array ?? []).map { $0.keys.filter { $0 != "update_id" }.first ?? "" }
            #expect(kinds == ["message", "message", "message", "my_chat_member"])
            bot.fake.unblock(byUser: bob.id)
            #expect(try await bot.send(bob.id, "hi").status == 200)
        }
    }

    @Test func buttonsPressesAndTheirAnswers() async throws {
        try await withFake { (bot: Bot) async throws in
            bot.fake.addChat(.privateChat(of: alice))
            let markup = #"{"inline_keyboard":[[{"text":"OK","callback_data":"ok:1"},{"text":"No","callback_data":"no:1"}]]}"#
            let sent = try await bot.send(alice.id, "Close?", extra: [("reply_markup", markup)])
            let id = try #require(sent.json["result"]?["message_id"]?.string.flatMap { Int64($0) })
            let tooLong = #"{"inline_keyboard":[[{"text":"x","callback_data":"\#(String(repeating: "d", count: 65))"}]]}"#
            #expect(try await bot.send(alice.id, "x", extra: [("reply_markup", tooLong)]).json.descriptionText.contains("BUTTON_DATA_INVALID"))
            bot.fake.userPresses("ok:1", onMessage: id, in: .privateChat(of: alice), from: alice)
            let update = try #require(try await bot.call("getUpdates").json["result"]?.array?.last)
            let q = try #require(update["callback_query"])
            #expect(q.s("data") == "ok:1" && q["message"]?.s("message_id") == "\(id)" && q["from"]?.s("id") == "111")
            let qid = JSONText(q.s("id"))
            #expect(try await bot.call("answerCallbackQuery", [("callback_query_id", qid)]).json.ok)
            #expect(try await bot.call("answerCallbackQuery", [("callback_query_id", qid)]).json.descriptionText.contains("query is too old"))
            // Edited: same content is refused, new content replaces it.
            let same = try await bot.call("editMessageText", [("chat_id", "111"), ("message_id", "\(id)"), ("text", "\"Close?\""), ("reply_markup", markup)])
            #expect(same.json.descriptionText.contains("message is not modified"))
            let edit = try await bot.call("editMessageText", [("chat_id", "111"), ("message_id", "\(id)"), ("text", "\"Closed\"")])
            #expect(edit.json.ok && bot.fake.edits.last?.plainText == "Closed")
            #expect(try await bot.call("editMessageText", [("chat_id", "111"), ("message_id", "999"), ("text", "\"x\"")]).json.descriptionText.contains("not found"))
        }
    }

    @Test func aPressTooOldCannotBeAnswered() async throws {
        let clock = FakeClock()
        try await withFake(clock: clock) { (bot: Bot) async throws in
            bot.fake.userPresses("ok:1", onMessage: 1, in: .privateChat(of: alice), from: alice)
            let q = try #require(try await bot.call("getUpdates").json["result"]?[0]?["callback_query"])
            clock.advance(by: 16 * 60_000)
            #expect(try await bot.call("answerCallbackQuery", [("callback_query_id", JSONText(q.s("id")))]).status == 400)
        }
    }

    @Test func commandMenusAreChecked() async throws {
        try await withFake { (bot: Bot) async throws in
            let good = #"[{"command":"status","description":"Show status"},{"command":"close_all","description":"x"}]"#
            #expect(try await bot.call("setMyCommands", [("commands", good), ("language_code", "\"ko\"")]).json.ok)
            #expect(bot.fake.commands(language: "ko")?.map(\.0) == ["status", "close_all"])
            #expect(bot.fake.commands() == nil)
            for (bad, says) in [(#"[{"command":"Status","description":"x"}]"#, "BOT_COMMAND_INVALID"),
                                (#"[{"command":"s","description":""}]"#, "DESCRIPTION_INVALID"),
                                ("[" + (0...100).map { #"{"command":"c\#($0)","description":"d"}"# }.joined(separator: ",") + "]", "TOO_MUCH")] {
                #expect(try await bot.call("setMyCommands", [("commands", bad)]).json.descriptionText.contains(says))
            }
            let menu = try await bot.call("getMyCommands", [("language_code", "\"ko\"")])
            #expect(menu.json["result"]?.array?.count == 2)
        }
    }

    @Test func formAndQueryParametersWorkAndBadJSONIsA400() async throws {
        try await withFake { (bot: Bot) async throws in
            bot.fake.addChat(.privateChat(of: alice))
            let form = try await bot.raw("sendMessage", body: "chat_id=111&text=hello%20there", contentType: "application/x-www-form-urlencoded")
            #expect(form.json.ok && bot.fake.sent.last?.plainText == "hello there")
            let bad = try await bot.raw("sendMessage", body: "{\"chat_id\":")
            #expect(bad.status == 400 && bad.json.descriptionText.contains("can't parse JSON"))
            let noText = try await bot.call("sendMessage", [("chat_id", "111")])
            #expect(noText.json.descriptionText.contains("message text is empty"))
            let binary = try await bot.raw("sendMessage", body: String(decoding: [0xff, 0xfe, 0x00, 0x7b], as: UTF8.self))
            #expect(binary.status == 400)
        }
    }
}
