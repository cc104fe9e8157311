import TelegramWire
import Testing

/// The calls as values: their bodies byte for byte, and the checks that name the field
/// before Telegram answers a bare 400.
struct RequestTests {
    /// The field a refused request names; nil when it was built.
    static func field(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let e as TelegramRequestError {
            return e.field
        } catch {
            Issue.record("not a TelegramRequestError: \(error)")
            return "?"
        }
    }

    @Test func getUpdates() throws {
        let r = try TelegramAPI.getUpdates(offset: 10001, limit: 100, timeout: 30, allowedUpdates: ["message", "callback_query", "my_chat_member"])
        #expect(r.method == "getUpdates" && r.pollTimeoutSeconds == 30)
        #expect(r.bodyText == #"{"offset":10001,"limit":100,"timeout":30,"allowed_updates":["message","callback_query","my_chat_member"]}"#)
        #expect(try TelegramAPI.getUpdates().bodyText == #"{"timeout":0}"#)
        #expect(try TelegramAPI.getUpdates(allowedUpdates: []).bodyText == #"{"timeout":0,"allowed_updates":[]}"#)
        #expect(Self.field { _ = try TelegramAPI.getUpdates(limit: 0) } == "limit")
        #expect(Self.field { _ = try TelegramAPI.getUpdates(limit: 101) } == "limit")
        #expect(Self.field { _ = try TelegramAPI.getUpdates(timeout: -1) } == "timeout")
        #expect(Self.field { _ = try TelegramAPI.getUpdates(timeout: 30_000) } == "timeout")
        #expect(Self.field { _ = try TelegramAPI.getUpdates(allowedUpdates: ["message", "Bad Kind"]) } == "allowed_updates[1]")
    }

    @Test func sendMessage() throws {
        let keyboard = InlineKeyboardMarkup(rows: [[try InlineKeyboardButton(text: "Confirm", callbackData: "confirm:42"),
                                                   try InlineKeyboardButton(text: "Docs", url: "https://example.com/a?b=\"c\"")]])
        let r = try TelegramAPI.sendMessage(chatID: -1001234567890, text: "<b>Filled</b> \"BTC\"\nline 2\t✓", replyMarkup: keyboard,
                                            disableNotification: true)
        #expect(r.method == "sendMessage" && r.pollTimeoutSeconds == 0)
        #expect(r.bodyText == #"{"chat_id":-1001234567890,"text":"<b>Filled</b> \"BTC\"\nline 2\t✓","parse_mode":"HTML","reply_markup":{"inline_keyboard":[[{"text":"Confirm","callback_data":"confirm:42"},{"text":"Docs","url":"https://example.com/a?b=\"c\""}]]},"disable_notification":true}"#)
        #expect(try TelegramAPI.sendMessage(chatID: 5, text: "plain <", parseMode: nil).bodyText == #"{"chat_id":5,"text":"plain <"}"#)
    }

    @Test func messageTextIsCheckedAfterEntityParsing() throws {
        #expect(Self.field { _ = try TelegramAPI.sendMessage(chatID: 1, text: "") } == "text")
        #expect(Self.field { _ = try TelegramAPI.sendMessage(chatID: 1, text: "<b> \n</b>") } == "text")
        #expect(Self.field { _ = try TelegramAPI.sendMessage(chatID: 1, text: String(repeating: "a", count: 4097)) } == "text")
        // 4096 visible units in five times as many bytes of markup: accepted, as Telegram counts.
        _ = try TelegramAPI.sendMessage(chatID: 1, text: "<b>" + String(repeating: "&amp;", count: 4096) + "</b>")
        // 2048 emoji are 4096 units; one more is over.
        _ = try TelegramAPI.sendMessage(chatID: 1, text: String(repeating: "😀", count: 2048))
        #expect(Self.field { _ = try TelegramAPI.sendMessage(chatID: 1, text: String(repeating: "😀", count: 2048) + "a") } == "text")
        #expect(Self.field { _ = try TelegramAPI.sendMessage(chatID: 0, text: "x") } == "chat_id")
    }

    @Test func editAndAnswer() throws {
        let e = try TelegramAPI.editMessageText(chatID: 7, messageID: 1366, text: "Closed &amp; done", replyMarkup: nil)
        #expect(e.method == "editMessageText" && e.bodyText == #"{"chat_id":7,"message_id":1366,"text":"Closed &amp; done","parse_mode":"HTML"}"#)
        #expect(Self.field { _ = try TelegramAPI.editMessageText(chatID: 7, messageID: 0, text: "x") } == "message_id")
        let a = try TelegramAPI.answerCallbackQuery(id: "4382bfdwdsb323b2d9", text: "Done", showAlert: true)
        #expect(a.method == "answerCallbackQuery" && a.bodyText == #"{"callback_query_id":"4382bfdwdsb323b2d9","text":"Done","show_alert":true}"#)
        #expect(try TelegramAPI.answerCallbackQuery(id: "q").bodyText == #"{"callback_query_id":"q"}"#)
        #expect(Self.field { _ = try TelegramAPI.answerCallbackQuery(id: "q", text: String(repeating: "x", count: 201)) } == "text")
        #expect(Self.field { _ = try TelegramAPI.answerCallbackQuery(id: "") } == "callback_query_id")
    }

    @Test func webhookAndMe() {
        #expect(TelegramAPI.deleteWebhook().bodyText == "{}" && TelegramAPI.deleteWebhook().method == "deleteWebhook")
        #expect(TelegramAPI.deleteWebhook(dropPendingUpdates: true).bodyText == #"{"drop_pending_updates":true}"#)
        #expect(TelegramAPI.getMe().method == "getMe" && TelegramAPI.getMe().bodyText == "{}")
    }

    @Test func callbackDataIsAtMost64Bytes() throws {
        _ = try InlineKeyboardButton(text: "ok", callbackData: String(repeating: "x", count: 64))
        #expect(Self.field { _ = try InlineKeyboardButton(text: "ok", callbackData: String(repeating: "x", count: 65)) } == "callback_data")
        // Bytes, not characters: 22 Hangul syllables are 66 bytes.
        #expect(Self.field { _ = try InlineKeyboardButton(text: "ok", callbackData: String(repeating: "한", count: 22)) } == "callback_data")
        #expect(Self.field { _ = try InlineKeyboardButton(text: "ok", callbackData: "") } == "callback_data")
        #expect(Self.field { _ = try InlineKeyboardButton(text: "", callbackData: "x") } == "text")
        #expect(Self.field { _ = try InlineKeyboardButton(text: "x", url: "javascript:alert(1)") } == "url")
    }
}
