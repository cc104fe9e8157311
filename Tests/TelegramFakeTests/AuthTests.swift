import FakeKit
import Foundation
import TelegramFake
import Testing

/// The URL and the token: `/bot<token>/<method>`, methods in any case, GET or POST, 401 for a
/// wrong or revoked token, 404 for anything else.
struct AuthTests {
    static let unauthorized = #"{"ok":false,"error_code":401,"description":"Unauthorized"}"#
    static let notFound = #"{"ok":false,"error_code":404,"description":"Not Found"}"#

    @Test func getMeAnswersTheBot() async throws {
        try await withFake { (bot: Bot) async throws in
            let me = try #require(try await bot.call("getMe").result)
            #expect(me.s("id") == "123456" && me["is_bot"]?.bool == true && me.s("username") == "botruntime_bot")
            #expect(try await bot.call("GETME").status == 200, "method names are case-insensitive")
            let viaGet = try await bot.get("/bot" + bot.token + "/getMe")
            #expect(viaGet.status == 200 && viaGet.json.ok)
            #expect(bot.fake.counters.requests["getme"] == 3)
        }
    }

    @Test func aWrongTokenOrPathIsRefused() async throws {
        try await withFake { (bot: Bot) async throws in
            var wrong = bot
            wrong.token = "123456:XYZ-DEF1234ghIkl-zyx57W2v1u123ew11"
            let r = try await wrong.call("getMe")
            #expect(r.status == 401 && r.text == Self.unauthorized)
            let unknown = try await bot.call("noSuchMethod")
            #expect(unknown.status == 404 && unknown.text == Self.notFound)
            #expect(try await bot.get("/").status == 404)
            #expect(try await bot.get("/bot" + bot.token).status == 404)
            #expect(try await bot.get("/bot" + bot.token + "/getMe/extra").status == 404)
            #expect(bot.fake.counters.unauthorized == 1 && bot.fake.counters.notFound == 4)
        }
    }

    @Test func aRevokedTokenIs401ForEverythingAndEndsAHeldPoll() async throws {
        try await withFake { (bot: Bot) async throws in
            async let held = bot.call("getUpdates", [("timeout", "30")], timeout: .seconds(40))
            try await until("the poll is held") { bot.fake.isHoldingPoll }
            bot.fake.revokeToken()
            let ended = try await held
            #expect(ended.status == 401 && ended.text == Self.unauthorized)
            for method in ["getMe", "getUpdates", "sendMessage", "noSuchMethod"] {
                #expect(try await bot.call(method).text == Self.unauthorized, "\(method)")
            }
            #expect(bot.fake.counters.unauthorized == 5)
        }
    }

    @Test func parametersMayComeInTheQueryStringOrAForm() async throws {
        try await withFake { (bot: Bot) async throws in
            bot.fake.addChat(.privateChat(of: alice))
            let q = try await bot.get("/bot" + bot.token + "/sendMessage", query: "chat_id=111&text=%3Cb%3Ehi%3C%2Fb%3E&parse_mode=HTML")
            #expect(q.status == 200 && q.result?.s("text") == "hi")
            let form = try await bot.raw("sendMessage", body: "chat_id=111&text=hello+there%21&disable_notification=true",
                                         contentType: "application/x-www-form-urlencoded")
            #expect(form.json.ok && bot.fake.sent.last?.plainText == "hello there!" && bot.fake.sent.last?.disableNotification == true)
            let markup = #"{"inline_keyboard":[[{"text":"OK","callback_data":"ok"}]]}"#
            let escaped = try #require(markup.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
            let withKeyboard = try await bot.raw("sendMessage", body: "chat_id=111&text=k&reply_markup=" + escaped,
                                                 contentType: "application/x-www-form-urlencoded")
            #expect(withKeyboard.json.ok && bot.fake.sent.last?.replyMarkup == markup, "JSON written as text in a form")
        }
    }
}
