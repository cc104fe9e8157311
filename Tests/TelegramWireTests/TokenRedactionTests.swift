import TelegramWire
import Testing

/// The token never shows: not in its own printing, not in a URL that is logged, not in an
/// error. protocols.md §5.1 gives its shape.
struct TokenRedactionTests {
    struct Config { var name = "main"; var token: TelegramToken }

    @Test func aTokenPrintsWithoutItsSecret() throws {
        let t = try TelegramToken(Fixtures.token)
        #expect(t.botID == 123_456)
        #expect(t.description == "123456:***" && "\(t)" == "123456:***")
        #expect(t.debugDescription == "TelegramToken(123456:***)")
        // Inside another value, and through reflection.
        #expect(!String(describing: Config(token: t)).contains("ABC-DEF"))
        #expect(!String(reflecting: Config(token: t)).contains("ABC-DEF"))
        var dumped = ""
        dump(Config(token: t), to: &dumped)
        #expect(!dumped.contains("ABC-DEF"))
        let html: TelegramHTML = "token \(t)"
        #expect(html.html == "token 123456:***")
    }

    @Test func tokensAreCheckedWithoutRepeatingThem() throws {
        #expect(try TelegramToken(Fixtures.token + "\n").botID == 123_456)  // read from a file
        for bad in ["", "123456", "abc:ABC-DEF1234ghIkl-zyx57W2v1u123ew11", ":ABC-DEF1234ghIkl-zyx57W2v1u123ew11", "123456:short-secret",
                    "123456:ABC-DEF1234ghIkl-zyx57W2v1u123e/11", "123456:ABC DEF1234ghIkl-zyx57W2v1u123ew11"] {
            let e = #expect(throws: TelegramTokenError.self, "\(bad)") { try TelegramToken(bad) }
            #expect(e?.description.hasPrefix("not a Telegram bot token: ") == true)
            if bad.count > 8 { #expect(e?.description.contains(bad.suffix(8)) == false) }
        }
    }

    @Test func theURLAndItsRedaction() throws {
        let e = TelegramEndpoint(token: try TelegramToken(Fixtures.token))
        let url = e.url(for: TelegramAPI.getMe())
        #expect(url == "https://api.telegram.org/bot\(Fixtures.token)/getMe")
        #expect(e.redact(url) == "https://api.telegram.org/bot<redacted>/getMe")
        #expect(TelegramRedaction.redact(url) == "https://api.telegram.org/bot<redacted>/getMe")  // without the token at hand
        #expect(e.description == "https://api.telegram.org/bot<redacted>" && !String(reflecting: e).contains("ABC-DEF"))
        let local = TelegramEndpoint(base: "http://127.0.0.1:8081/", token: try TelegramToken(Fixtures.token))
        #expect(local.url("sendMessage") == "http://127.0.0.1:8081/bot\(Fixtures.token)/sendMessage")
    }

    @Test func redactionFindsTheTokenAnywhere() throws {
        let t = try TelegramToken(Fixtures.token)
        let error = "curl: (28) Operation timed out after 30001 ms: POST https://api.telegram.org/bot\(Fixtures.token)/getUpdates"
        #expect(t.redact(error) == "curl: (28) Operation timed out after 30001 ms: POST https://api.telegram.org/bot<redacted>/getUpdates")
        #expect(t.redact("token=\(Fixtures.token);") == "token=<redacted>;")
        #expect(TelegramRedaction.redact("bot123456%3AABC-DEF1234ghIkl-zyx57W2v1u123ew11/x") == "bot<redacted>/x")
        #expect(TelegramRedaction.redact("a 987654321:\(String(repeating: "Zz9_-", count: 7)) b") == "a <redacted> b")
        // Things that only look a little like one are left alone.
        for text in ["12:30:45 filled 0.5 BTC", "ratio 3:1", "bot: ready", "id 42:short", "한국어 😀 <b>x</b>"] {
            #expect(TelegramRedaction.redact(text) == text)
        }
    }
}
