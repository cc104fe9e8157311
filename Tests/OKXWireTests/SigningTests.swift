import BotCore
@testable import OKXWire
import Testing
import WireSigning

/// Signatures against protocols.md's vectors O1–O3 (OKX publishes none that can be
/// reproduced), the timestamp format, and the secret staying out of every printout.
struct SigningTests {
    static let credentials = OKXCredentials(apiKey: "key-1", secret: "22582BD0CFF14C41EDBF1AB98506286D", passphrase: "pass-1")
    /// 2020-12-08T09:08:57.715Z, the docs' example timestamp.
    static let docsMs: Int64 = 1_607_418_537_715

    @Test func o1RestGet() {
        let sign = Self.credentials.restSignature(timestamp: "2020-12-08T09:08:57.715Z", method: "GET",
                                                  requestPath: "/api/v5/account/balance?ccy=BTC", body: [])
        #expect(sign == "HiZhvSfMtWJA3uUIVXV3a/bSXNPCWvYFXoGCVS8V4zY=")
    }

    @Test func o2RestPost() {
        let body = #"{"instId":"BTC-USDT","tdMode":"cash","clOrdId":"b15","side":"buy","ordType":"limit","px":"2.15","sz":"2"}"#
        let sign = Self.credentials.restSignature(timestamp: "2020-12-08T09:08:57.715Z", method: "post",
                                                  requestPath: "/api/v5/trade/order", body: Array(body.utf8))
        #expect(sign == "dI6rrL9rXW/HdaPKJ/6LC1OgvH4/PYju6R3CqixMTNQ=")
    }

    @Test func o3WebSocketLogin() {
        #expect(Self.credentials.loginSignature(seconds: "1538054050") == "+LdIr8lkkvhr5hoA3g9TMC0+uQJ849ftAcocA/ouu4M=")
        // The same through the login frame, from the epoch ms of that second.
        let frame = OKXWSRequest.login(Self.credentials, nowMs: 1_538_054_050_999)
        #expect(frame == #"{"op":"login","args":[{"apiKey":"key-1","passphrase":"pass-1","timestamp":"1538054050","sign":"+LdIr8lkkvhr5hoA3g9TMC0+uQJ849ftAcocA/ouu4M="}]}"#)
    }

    @Test(arguments: [
        (Int64(1_607_418_537_715), "2020-12-08T09:08:57.715Z"),
        (0, "1970-01-01T00:00:00.000Z"),
        (1, "1970-01-01T00:00:00.001Z"),
        (-1, "1969-12-31T23:59:59.999Z"),
        (951_782_400_000, "2000-02-29T00:00:00.000Z"),
        (1_709_251_199_999, "2024-02-29T23:59:59.999Z"),
        (1_709_251_200_000, "2024-03-01T00:00:00.000Z"),
        (4_107_542_400_000, "2100-03-01T00:00:00.000Z"),
        (1_735_689_599_050, "2024-12-31T23:59:59.050Z"),
        (253_402_300_799_999, "9999-12-31T23:59:59.999Z"),
    ])
    func timestampIsISO8601WithMilliseconds(_ ms: Int64, _ text: String) {
        #expect(OKXTimestamp.iso8601(milliseconds: ms) == text)
    }

    @Test func webSocketTimestampIsWholeSeconds() {
        #expect(OKXTimestamp.seconds(milliseconds: 1_538_054_050_999) == "1538054050")
        #expect(OKXTimestamp.seconds(milliseconds: -1) == "-1")
    }

    /// An empty key or message has no buffer address: OpenSSL must still see the empty key.
    @Test func emptyKeyAndMessageStillSign() {
        let c = OKXCredentials(apiKey: Secret(""), secret: Secret(""), passphrase: Secret(""))
        #expect(c.sign([]) == "thNnmggU2ex3L5XXeMNfxf8Wl8STcVZTxscSFEKSxa0=")
    }

    @Test func secretNeverPrinted() throws {
        let secret = "22582BD0CFF14C41EDBF1AB98506286D"
        let c = Self.credentials
        var dumped = ""
        dump(c, to: &dumped)
        for text in [c.description, c.debugDescription, String(describing: c), String(reflecting: c), "\(c)", dumped] {
            #expect(!text.contains(secret), "\(text)")
            #expect(!text.contains("pass-1"), "\(text)")
            // The key is not a secret the way the others are, but it is no log's business either.
            #expect(!text.contains(c.apiKey), "\(text)")
        }
        let signed = try OKXRest.balance(currencies: ["BTC"]).signed(c, environment: .live, nowMs: Self.docsMs)
        var signedDump = ""
        dump(signed, to: &signedDump)
        for text in [signed.description, String(reflecting: signed), signedDump] {
            #expect(!text.contains(secret) && !text.contains("pass-1"), "\(text)")
        }
        // An error about a private call made without credentials names the call, nothing else.
        let e = #expect(throws: OKXRequestError.self) {
            try OKXRest.balance().signed(nil, environment: .live, nowMs: 0)
        }
        #expect(e?.description == "credentials: /api/v5/account/balance needs an API key")
    }

    @Test func echoedLoginRequestIsWithheldFromErrors() throws {
        let frame = #"{"event":"error","code":"60012","msg":"Invalid request: {\"op\": \"login\", \"args\":[{\"apiKey\":\"k\",\"passphrase\":\"pass-1\",\"timestamp\":\"1\",\"sign\":\"x\"}]}","connId":"a4d3ae55"}"#
        guard case .error(let e, _) = try OKXWSMessage.decode(frame) else { Issue.record("not an error"); return }
        #expect(e.code == "60012" && e.kind == .invalidRequest)
        #expect(!e.description.contains("pass-1"), "\(e)")
    }
}

struct Base64Tests {
    @Test(arguments: [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="),
                      ("foobar", "Zm9vYmFy")])
    func rfc4648Vectors(_ input: String, _ output: String) {
        #expect(Base64.encode(Array(input.utf8)) == output)
    }
}
