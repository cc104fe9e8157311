import FakeKit
import Foundation
import TelegramFake
import Testing

/// Whatever a client sends, the fake answers as Telegram would and keeps serving: a body
/// that is not a JSON object is "can't parse JSON", odd values are read as Telegram reads
/// them or refused with a 400.
struct MalformedTests {
    @Test func aBodyThatIsNotAJSONObjectIs400() async throws {
        try await withFake { (bot: Bot) async throws in
            let bodies: [[UInt8]] = [Array("{\"chat_id\":".utf8), Array("[1,2]".utf8), Array("\"text\"".utf8), [0xFF, 0xFE, 0x00, 0x7B],
                                     Array((String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)).utf8),
                                     Array(#"{"text":"\ud800"}"#.utf8), Array("{\"a\":1,}".utf8)]
            for body in bodies {
                let r = try await bot.raw("sendMessage", bytes: body)
                #expect(r.status == 400 && r.text == #"{"ok":false,"error_code":400,"description":"Bad Request: can't parse JSON"}"#, "\(body.prefix(20))")
            }
            #expect(try await bot.raw("getMe", body: "").status == 200, "an empty JSON body is no parameters")
            #expect(try await bot.raw("getMe", body: "\u{1}\u{2}", contentType: "application/octet-stream").status == 200, "another type is not read")
        }
    }

    @Test func oddValuesAreReadOrRefusedNeverFatal() async throws {
        try await withFake { (bot: Bot) async throws in
            bot.fake.addChat(.privateChat(of: alice))
            let calls: [(String, [(String, String)], Int)] = [
                ("getUpdates", [("offset", "\"-9223372036854775808\""), ("limit", "\"abc\""), ("timeout", "-5")], 200),
                ("getUpdates", [("offset", "99999999999999999999"), ("limit", "1e9"), ("allowed_updates", "\"not a list\"")], 200),
                ("getUpdates", [("offset", "{}"), ("timeout", "null")], 200),
                ("sendMessage", [("chat_id", "[111]"), ("text", "\"x\"")], 400),
                ("sendMessage", [("chat_id", "111"), ("text", "{\"a\":1}")], 400),
                ("sendMessage", [("chat_id", "111"), ("text", "12345")], 200),
                ("sendMessage", [("chat_id", "111"), ("text", JSONText("nul \u{0} inside <b>x\u{0}</b>")), ("parse_mode", "\"HTML\"")], 200),
                ("editMessageText", [("chat_id", "111"), ("message_id", "-1"), ("text", "\"x\"")], 400),
                ("answerCallbackQuery", [("callback_query_id", "12")], 400),
                ("setMyCommands", [("commands", "[1,null,\"x\"]")], 400),
                ("setMyCommands", [("commands", "[]"), ("scope", "\"nonsense\"")], 200),
                ("deleteWebhook", [("drop_pending_updates", "\"TRUE\"")], 200),
            ]
            for (method, params, status) in calls {
                let r = try await bot.call(method, params)
                #expect(r.status == status && r.json["ok"] != nil, "\(method) \(params): \(r.text)")
            }
            #expect(try await bot.call("getMe").status == 200, "still serving")
        }
    }

    @Test func hugeAndBinaryTextIsHandled() async throws {
        try await withFake(limits: .init(perChatBurst: 100)) { (bot: Bot) async throws in
            bot.fake.addChat(.privateChat(of: alice))
            let big = try await bot.send(alice.id, String(repeating: "<b>", count: 50_000))
            #expect(big.status == 400 && big.description.hasPrefix("Bad Request: can't parse entities"))
            let deep = String(repeating: "<i>", count: 2_000) + "x" + String(repeating: "</i>", count: 2_000)
            #expect(try await bot.send(alice.id, deep).status == 200, "deep nesting is fine")
            let controls = (1..<32).map { String(UnicodeScalar(UInt8($0))) }.joined()
            #expect(try await bot.call("sendMessage", [("chat_id", "111"), ("text", JSONText(controls + "x"))]).status == 200)
        }
    }
}
