import BinanceFake
import Testing

/// The fake's HMAC against the documented vectors, and Binance's checks of a signed request.
struct SignatureTests {
    static let secret = TestAccounts.docSecret

    @Test func documentedVectors() {
        // B1, B2 (percent-encoded before signing), B3 (query ‖ body with no separator).
        #expect(BinanceSignature.hex(secret: Self.secret, payload: "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559")
            == "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71")
        #expect(BinanceSignature.hex(secret: Self.secret, payload: "symbol=%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559")
            == "e1353ec6b14d888f1164ae9af8228a3dbd508bc82eb867db8ab6046442f33ef3")
        #expect(BinanceSignature.rest(secret: Self.secret, query: "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC",
                                      body: "quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559")
            == "0fd168b8ddb4876a0358a8d14d0c9f3da0e9b20c5d52b2a00fcf7d1c602f9a77")
        // B4–B6: the WebSocket API's sorted, unencoded params.
        let key = TestAccounts.docKey
        #expect(BinanceSignature.wsAPI(secret: Self.secret, params: [
            ("symbol", "BTCUSDT"), ("side", "SELL"), ("type", "LIMIT"), ("timeInForce", "GTC"), ("quantity", "0.01000000"),
            ("price", "52000.00"), ("recvWindow", "100"), ("timestamp", "1645423376532"), ("apiKey", key),
        ]) == "aa1b5712c094bc4e57c05a1a5c1fd8d88dcd628338ea863fec7b88e59fe2db24")
        #expect(BinanceSignature.wsAPI(secret: Self.secret, params: [("timestamp", "1747385641636"), ("apiKey", key)])
            == "681110a6057ad58657af22f5640fab9dd17418834cdfccdc81be8b0f7b2cde3e")
        #expect(BinanceSignature.wsAPI(secret: Self.secret, params: [("apiKey", key), ("recvWindow", "5000"), ("timestamp", "1747385641636"),
                                                                     ("signature", "ignored")])
            == "49601ffc5b0122c3c7ee3ea85ef7d6cd76256f5191a57c976418faa32e917653")
    }

    @Test func theSignatureMayBeInTheQueryTheBodyOrSplitAcrossBoth() async throws {
        try await withFake { fake, urls async throws in
            let c = BinanceClient(fake, urls)
            let ts = String(fake.clock.nowMs)
            let query = "omitZeroBalances=true&timestamp=" + ts
            let sig = BinanceSignature.rest(secret: Self.secret, query: query)
            #expect(try await c.raw("GET", "/api/v3/account", query: query + "&signature=" + sig).status == 200)
            // Upper-case hex is the same signature.
            #expect(try await c.raw("GET", "/api/v3/account", query: query + "&signature=" + sig.uppercased()).status == 200)

            let order = "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC"
            let body = "quantity=0.001&price=20000&timestamp=" + ts
            let split = BinanceSignature.rest(secret: Self.secret, query: order, body: body)
            let placed = try await c.raw("POST", "/api/v3/order", query: order, body: body + "&signature=" + split)
            #expect(placed.status == 200, "\(placed.body)")
            #expect(placed.json?.s("status") == "NEW")
            // The same payload with `&` between query and body is a different payload.
            let wrong = BinanceSignature.hex(secret: Self.secret, payload: order + "&" + body)
            let refused = try await c.raw("POST", "/api/v3/order", query: order, body: body + "&signature=" + wrong)
            #expect(refused.status == 400)
            #expect(refused.code == -1022)
            #expect(refused.msg == "Signature for this request is not valid.")
            #expect(fake.counters.signatureRejections == 1)
        }
    }

    @Test func keysAreCheckedFirst() async throws {
        try await withFake { fake, urls async throws in
            let c = BinanceClient(fake, urls)
            let missing = try await Curl.perform("GET", urls.rest + "/api/v3/account?" + c.signed([]), caFile: urls.caFile)
            #expect(missing.status == 401)
            #expect(missing.code == -2014)
            var unknown = c
            unknown.account.apiKey = String(repeating: "Z", count: 64)
            let refused = try await unknown.send("GET", "/api/v3/account")
            #expect(refused.status == 401)
            #expect(refused.code == -2015)
            unknown.account.apiKey = "short"
            #expect(try await unknown.send("GET", "/api/v3/account").code == -2014)
            let unsigned = try await c.raw("GET", "/api/v3/account", query: "timestamp=\(fake.clock.nowMs)")
            #expect(unsigned.code == -1102)
            #expect(unsigned.msg == "Mandatory parameter 'signature' was not sent, was empty/null, or malformed.")
        }
    }

    @Test func timestampsOutsideTheWindowAre1021() async throws {
        try await withFake { fake, urls async throws in
            let c = BinanceClient(fake, urls)
            let ahead = try await c.send("GET", "/api/v3/account", skewMs: 1000)
            #expect(ahead.code == -1021)
            #expect(ahead.msg == "Timestamp for this request was 1000ms ahead of the server's time.")
            #expect(try await c.send("GET", "/api/v3/account", skewMs: 999).status == 200)
            let late = try await c.send("GET", "/api/v3/account", skewMs: -5001)
            #expect(late.code == -1021)
            #expect(late.msg == "Timestamp for this request is outside of the recvWindow.")
            #expect(try await c.send("GET", "/api/v3/account", skewMs: -5000).status == 200)
            // A wider recvWindow admits it; more than 60 s is refused outright.
            #expect(try await c.send("GET", "/api/v3/account", [("recvWindow", "10000")], skewMs: -9000).status == 200)
            let tooWide = try await c.send("GET", "/api/v3/account", [("recvWindow", "60001")])
            #expect(tooWide.code == -1102)
            // Microseconds are accepted too.
            let us = "timestamp=\(fake.clock.nowMs * 1000 - 300)"
            #expect(try await c.raw("GET", "/api/v3/account", query: us + "&signature=" + BinanceSignature.rest(secret: Self.secret, query: us)).status == 200)
            #expect(fake.counters.timestampRejections == 2)
        }
    }

    @Test func aKeyWithoutSpotTradingMayReadButNotTrade() async throws {
        try await withFake(accounts: [TestAccounts.main, TestAccounts.readOnly]) { fake, urls async throws in
            let c = BinanceClient(fake, urls, TestAccounts.readOnly)
            #expect(try await c.send("GET", "/api/v3/account").status == 200)
            let trade = try await c.limit("BUY", price: "20000", quantity: "0.001")
            #expect(trade.status == 401)
            #expect(trade.code == -2015)
            let restrictions = try await c.send("GET", "/sapi/v1/account/apiRestrictions")
            #expect(restrictions.json?["enableSpotAndMarginTrading"] == .bool(false))
            #expect(restrictions.json?["enableWithdrawals"] == .bool(false))
            #expect(restrictions.header("X-SAPI-USED-IP-WEIGHT-1M") == "1")
        }
    }
}
