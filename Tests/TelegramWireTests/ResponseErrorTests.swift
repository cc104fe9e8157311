import TelegramWire
import Testing

/// The response envelope (protocols.md §5.1) into results and the errors a caller acts on.
struct ResponseErrorTests {
    static func error(_ status: Int, _ body: String) -> TelegramError? {
        #expect(throws: TelegramError.self) { try TelegramResponse.decode(Bool.self, status: status, body: Fixtures.bytes(body)) }
    }

    @Test func results() throws {
        #expect(try TelegramAPI.deleteWebhook().decode(status: 200, body: Fixtures.bytes(#"{"ok":true,"result":true,"description":"Webhook was deleted"}"#)))
        let sent = try TelegramAPI.sendMessage(chatID: 1, text: "hi").decode(status: 200, body: Fixtures.bytes(
            #"{"ok":true,"result":{"message_id":77,"from":{"id":5,"is_bot":true,"first_name":"Bot","username":"mybot"},"chat":{"id":1,"type":"private"},"date":1700000000,"text":"hi"}}"#))
        #expect(sent.messageID == 77 && sent.chat.id == 1 && sent.from?.username == "mybot")
        let me = try TelegramAPI.getMe().decode(status: 200, body: Fixtures.bytes(
            #"{"ok":true,"result":{"id":5,"is_bot":true,"first_name":"Bot","username":"mybot","can_join_groups":true,"supports_inline_queries":false}}"#))
        #expect(me == TelegramUser(id: 5, isBot: true, firstName: "Bot", username: "mybot"))
    }

    @Test func aResultThatCannotBeReadNamesTheField() {
        #expect(Self.error(200, #"{"ok":true}"#) == .malformed(field: "result", reason: "missing"))
        let e = #expect(throws: TelegramError.self) {
            try TelegramResponse.decode(TelegramMessage.self, status: 200, body: Fixtures.bytes(#"{"ok":true,"result":{"message_id":"77","chat":{"id":1,"type":"private"},"date":1}}"#))
        }
        #expect(e == .malformed(field: "result.message_id", reason: "expected an integer"))
        #expect(Self.error(200, "<html>captive portal</html>") == .malformed(field: "", reason: "not a Telegram answer (HTTP 200)"))
    }

    @Test func rateLimitedReadsRetryAfterNeverTheText() {
        #expect(Self.error(429, #"{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 5","parameters":{"retry_after":5}}"#)
            == .rateLimited(retryAfter: 5))
        // The parameter decides even when the text says otherwise.
        let e = Self.error(429, #"{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 5","parameters":{"retry_after":37}}"#)
        #expect(e == .rateLimited(retryAfter: 37) && e?.retryAfter == 37)
        #expect(Self.error(429, #"{"ok":false,"error_code":429,"description":"Too Many Requests"}"#) == .rateLimited(retryAfter: TelegramError.defaultRetryAfter))
    }

    @Test func conflictsKeepTheirDescription() {
        let webhook = "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
        let poller = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
        let w = Self.error(409, #"{"ok":false,"error_code":409,"description":"\#(webhook)"}"#)
        let p = Self.error(409, #"{"ok":false,"error_code":409,"description":"\#(poller)"}"#)
        #expect(w == .conflict(webhook) && w?.isWebhookConflict == true)
        #expect(p == .conflict(poller) && p?.isWebhookConflict == false)
    }

    @Test func unauthorizedForbiddenAndMigrated() {
        #expect(Self.error(401, #"{"ok":false,"error_code":401,"description":"Unauthorized"}"#) == .unauthorized("Unauthorized"))
        #expect(Self.error(403, #"{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}"#)
            == .forbidden("Forbidden: bot was blocked by the user"))
        #expect(Self.error(400, #"{"ok":false,"error_code":400,"description":"Bad Request: group chat was upgraded to a supergroup chat","parameters":{"migrate_to_chat_id":-1001234567890}}"#)
            == .chatMigrated(to: -1_001_234_567_890))
        #expect(Self.error(404, #"{"ok":false,"error_code":404,"description":"Not Found"}"#) == .rejected(code: 404, description: "Not Found"))
    }

    @Test func badRequestsToldApart() {
        let parse = Self.error(400, #"{"ok":false,"error_code":400,"description":"Bad Request: can't parse entities: Unsupported start tag \"script\" at byte offset 0"}"#)
        #expect(parse == .badRequest(#"Bad Request: can't parse entities: Unsupported start tag "script" at byte offset 0"#))
        #expect(parse?.isEntityParseError == true)
        let other = Self.error(400, #"{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}"#)
        #expect(other == .badRequest("Bad Request: chat not found") && other?.isEntityParseError == false)
        #expect(Self.error(400, #"{"ok":false,"error_code":400,"description":"Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message"}"#)
            == .notModified)
    }

    @Test func serverErrorsAndPagesThatAreNotJSON() {
        let page = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n</body>\r\n</html>\r\n"
        #expect(Self.error(502, page) == .server(status: 502))
        #expect(Self.error(504, "") == .server(status: 504))
        #expect(Self.error(500, #"{"ok":false,"error_code":500,"description":"Internal Server Error"}"#) == .server(status: 500))
        #expect(Self.error(429, "Too Many Requests") == .server(status: 429))
        #expect(Self.error(503, #"{"error":"unavailable"}"#) == .server(status: 503))
    }

    @Test func aTokenInADescriptionIsRedacted() {
        let e = Self.error(400, #"{"ok":false,"error_code":400,"description":"Bad Request: can't reach https://api.telegram.org/bot\#(Fixtures.token)/sendMessage"}"#)
        #expect(e == .badRequest("Bad Request: can't reach https://api.telegram.org/bot<redacted>/sendMessage"))
        #expect(!"\(String(describing: e))".contains("ABC-DEF1234"))
        // A case made by hand prints redacted too.
        #expect(!TelegramError.conflict("bot\(Fixtures.token)").description.contains("ABC-DEF1234"))
    }
}
