import BotCore
@testable import BinanceWire
import Testing
import WireSigning

/// Signatures against protocols.md's vectors B1–B3 (REST) and B4–B6 (WebSocket API), the
/// percent-encoding that goes before signing, and the secret staying out of every printout.
struct SigningTests {
    static let secret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"
    static let apiKey = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A"
    static let credentials = BinanceCredentials(apiKey: apiKey, secret: secret)
    static let docsMs: Int64 = 1_499_827_319_559

    static let b1Payload = "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559"
    static let b1 = "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71"
    static let b2Payload = "symbol=%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559"
    static let b2 = "e1353ec6b14d888f1164ae9af8228a3dbd508bc82eb867db8ab6046442f33ef3"
    static let b3 = "0fd168b8ddb4876a0358a8d14d0c9f3da0e9b20c5d52b2a00fcf7d1c602f9a77"

    @Test func b1SignsTheDocsPayload() {
        #expect(Self.credentials.sign(Array(Self.b1Payload.utf8)) == Self.b1)
        #expect(Self.credentials.restSignature(query: Self.b1Payload, body: "") == Self.b1)
        // The first version of the docs sent the same parameters as the body: same signature.
        #expect(Self.credentials.restSignature(query: "", body: Self.b1Payload) == Self.b1)
    }

    /// The docs' order built from parameters: the query is B1's payload byte for byte, and the
    /// signature goes last.
    @Test func b1ThroughTheOrderBuilder() throws {
        let order = BinanceOrderParams(symbol: "LTCBTC", side: .buy, kind: .limit(price: Price.of("0.1"), quantity: 1, timeInForce: .gtc),
                                       responseType: nil)
        let s = try BinanceRest.placeOrder(order).signed(Self.credentials, timestampMs: Self.docsMs, recvWindowMs: 5000)
        #expect(s.method == .post && s.body.isEmpty)
        #expect(s.requestPath == "/api/v3/order?" + Self.b1Payload + "&signature=" + Self.b1)
        #expect(s.url(.live) == "https://api.binance.com/api/v3/order?" + Self.b1Payload + "&signature=" + Self.b1)
        #expect(s.header("X-MBX-APIKEY") == Self.apiKey && s.header("content-type") == nil)
    }

    @Test func b2PercentEncodesTheSymbolBeforeSigning() throws {
        #expect(Self.credentials.sign(Array(Self.b2Payload.utf8)) == Self.b2)
        let order = BinanceOrderParams(symbol: "１２３４５６", side: .buy, kind: .limit(price: Price.of("0.1"), quantity: 1, timeInForce: .gtc),
                                       responseType: nil)
        let s = try BinanceRest.placeOrder(order).signed(Self.credentials, timestampMs: Self.docsMs, recvWindowMs: 5000)
        #expect(s.requestPath == "/api/v3/order?" + Self.b2Payload + "&signature=" + Self.b2)
    }

    /// Query and body concatenated with nothing between them; the timestamp and the signature
    /// go where the parameters are (the body).
    @Test func b3SignsQueryThenBody() throws {
        #expect(Self.credentials.restSignature(query: "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC",
                                               body: "quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559") == Self.b3)
        var q = BinanceQuery(), b = BinanceQuery()
        for (k, v) in [("symbol", "LTCBTC"), ("side", "BUY"), ("type", "LIMIT"), ("timeInForce", "GTC")] { q.add(k, v) }
        b.add("quantity", "1")
        b.add("price", "0.1")
        let order = try BinanceRest.placeOrder(BinanceOrderParams(symbol: "LTCBTC", side: .buy,
                                                                  kind: .limit(price: Price.of("0.1"), quantity: 1, timeInForce: .gtc)))
        let split = BinanceRequest(copying: order, query: q, body: b)
        let s = try split.signed(Self.credentials, timestampMs: Self.docsMs, recvWindowMs: 5000)
        #expect(s.requestPath == "/api/v3/order?symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC")
        #expect(s.bodyText == "quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559&signature=" + Self.b3)
        #expect(s.header("Content-Type") == "application/x-www-form-urlencoded")
    }

    /// Everything moved to the body signs as B1 does (the payload is the same bytes).
    @Test func parametersInTheBody() throws {
        let order = BinanceOrderParams(symbol: "LTCBTC", side: .buy, kind: .limit(price: Price.of("0.1"), quantity: 1, timeInForce: .gtc),
                                       responseType: nil)
        let s = try BinanceRest.placeOrder(order).parametersInBody().signed(Self.credentials, timestampMs: Self.docsMs, recvWindowMs: 5000)
        #expect(s.requestPath == "/api/v3/order" && s.bodyText == Self.b1Payload + "&signature=" + Self.b1)
        #expect(throws: BinanceRequestError.self) { try BinanceRest.serverTime().parametersInBody() }
    }

    @Test func b4ToB6WebSocketAPIPayloadsAreSortedAndNotEncoded() throws {
        let b4: [(name: String, value: String)] = [("symbol", "BTCUSDT"), ("side", "SELL"), ("type", "LIMIT"), ("timeInForce", "GTC"),
                                                   ("quantity", "0.01000000"), ("price", "52000.00"), ("recvWindow", "100"),
                                                   ("timestamp", "1645423376532"), ("apiKey", Self.apiKey), ("signature", "ignored")]
        #expect(BinanceCredentials.webSocketPayload(b4)
            == "apiKey=\(Self.apiKey)&price=52000.00&quantity=0.01000000&recvWindow=100&side=SELL&symbol=BTCUSDT&timeInForce=GTC&timestamp=1645423376532&type=LIMIT")
        #expect(Self.credentials.webSocketSignature(b4) == "aa1b5712c094bc4e57c05a1a5c1fd8d88dcd628338ea863fec7b88e59fe2db24")
        #expect(Self.credentials.webSocketSignature([("timestamp", "1747385641636"), ("apiKey", Self.apiKey)])
            == "681110a6057ad58657af22f5640fab9dd17418834cdfccdc81be8b0f7b2cde3e")
        #expect(Self.credentials.webSocketSignature([("timestamp", "1747385641636"), ("recvWindow", "5000"), ("apiKey", Self.apiKey)])
            == "49601ffc5b0122c3c7ee3ea85ef7d6cd76256f5191a57c976418faa32e917653")
        // Through the subscribe frame (B5 and B6).
        let b5 = try BinanceWSAPIRequest.subscribeUserData(Self.credentials, timestampMs: 1_747_385_641_636, id: .string("d3df8a22-98ea-4fe0-9f4e-0fcea5d418b7"))
        #expect(b5 == #"{"id":"d3df8a22-98ea-4fe0-9f4e-0fcea5d418b7","method":"userDataStream.subscribe.signature","params":{"apiKey":"\#(Self.apiKey)","timestamp":1747385641636,"signature":"681110a6057ad58657af22f5640fab9dd17418834cdfccdc81be8b0f7b2cde3e"}}"#)
        let b6 = try BinanceWSAPIRequest.subscribeUserData(Self.credentials, timestampMs: 1_747_385_641_636, recvWindowMs: 5000, id: 7)
        #expect(b6 == #"{"id":7,"method":"userDataStream.subscribe.signature","params":{"apiKey":"\#(Self.apiKey)","recvWindow":5000,"timestamp":1747385641636,"signature":"49601ffc5b0122c3c7ee3ea85ef7d6cd76256f5191a57c976418faa32e917653"}}"#)
    }

    @Test(arguments: [
        ("BTCUSDT", "BTCUSDT"), ("１２３４５６", "%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96"), ("a b", "a%20b"),
        ("x&y=z", "x%26y%3Dz"), ("A-Z_a.z~0", "A-Z_a.z~0"), (#"["A","B"]"#, "%5B%22A%22%2C%22B%22%5D"), ("é", "%C3%A9"), ("+/:", "%2B%2F%3A"),
        ("", ""),
    ])
    func percentEncoding(_ raw: String, _ encoded: String) {
        #expect(BinanceQuery.encode(raw) == encoded)
    }

    @Test func signedRequestChecks() throws {
        let account = BinanceRest.account()
        let e = #expect(throws: BinanceRequestError.self) { try account.signed(nil, timestampMs: Self.docsMs) }
        #expect(e?.description == "credentials: /api/v3/account needs an API key")
        for bad in [0, 60_001, -5] {
            let r = #expect(throws: BinanceRequestError.self) { try account.signed(Self.credentials, timestampMs: Self.docsMs, recvWindowMs: bad) }
            #expect(r?.field == "recvWindow", "\(bad)")
        }
        #expect(try account.signed(Self.credentials, timestampMs: Self.docsMs, recvWindowMs: 60_000).requestPath.contains("recvWindow=60000&timestamp="))
        // Without recvWindow, Binance's default applies: none is sent.
        let plain = try account.signed(Self.credentials, timestampMs: Self.docsMs)
        #expect(plain.requestPath.hasPrefix("/api/v3/account?timestamp=1499827319559&signature="))
        #expect(plain.requestPath.split(separator: "=").last?.count == 64)
        // A market data call is not signed and needs no key.
        let t = try BinanceRest.serverTime().signed(nil, timestampMs: Self.docsMs)
        #expect(t.requestPath == "/api/v3/time" && t.headers.isEmpty)
    }

    @Test func secretNeverPrinted() throws {
        let c = Self.credentials
        var dumped = ""
        dump(c, to: &dumped)
        for text in [c.description, c.debugDescription, String(describing: c), String(reflecting: c), "\(c)", dumped] {
            #expect(!text.contains(Self.secret), "\(text)")
            #expect(!text.contains(c.apiKey), "\(text)")
        }
        let signed = try BinanceRest.account().signed(c, timestampMs: Self.docsMs)
        var signedDump = ""
        dump(signed, to: &signedDump)
        for text in [signed.description, String(reflecting: signed), signedDump] {
            #expect(!text.contains(Self.secret) && !text.contains(c.apiKey) && !text.contains("signature="), "\(text)")
        }
        #expect(signed.description == "GET /api/v3/account")
    }
}

struct WireSigningTests {
    /// RFC 4231, test case 2.
    @Test func hmacRFC4231() {
        #expect(Hex.lowercase(HMACSHA256.mac(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8)))
            == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    /// An empty key or message has no buffer address: OpenSSL must still see the empty key.
    @Test func emptyKeyAndMessage() {
        #expect(Hex.lowercase(HMACSHA256.mac(key: [], message: [])) == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
        #expect(Base64.encode(HMACSHA256.mac(key: [], message: [])) == "thNnmggU2ex3L5XXeMNfxf8Wl8STcVZTxscSFEKSxa0=")
    }

    @Test func hexIsLowerCaseTwoDigitsAByte() {
        #expect(Hex.lowercase([]) == "")
        #expect(Hex.lowercase([0x00, 0x0f, 0xa0, 0xff, 0x5c]) == "000fa0ff5c")
    }
}
