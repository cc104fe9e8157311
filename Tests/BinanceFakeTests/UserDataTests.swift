import BinanceFake
import BotCore
import Testing

/// The WebSocket API: its envelope, `userDataStream.subscribe.signature` and the events it
/// delivers, unsubscribing, and its limits.
struct UserDataTests {
    static let t0 = TestAccounts.t0

    @Test func subscribingBySignatureGivesSubscriptionIdsFromZero() async throws {
        let clock = FakeClock(startMs: Self.t0, rate: 0)
        try await withFake(accounts: [TestAccounts.main, TestAccounts.other], clock: clock) { fake, urls async throws in
            let ws = try await fake.connect(urls.wsAPI, urls)
            let first = try #require(try await ws.subscribeUserData(TestAccounts.main, clock: clock, recvWindow: "5000"))
            #expect(first["id"] == "sub")
            #expect(first["status"] == .int(200))
            #expect(first["result"] == .object([("subscriptionId", .int(0))]))
            // Connecting cost 2, subscribing 2.
            #expect(first["rateLimits"] == [.object([("rateLimitType", "REQUEST_WEIGHT"), ("interval", "MINUTE"), ("intervalNum", .int(1)),
                                                     ("limit", .int(6000)), ("count", .int(4))])])
            let again = try #require(try await ws.subscribeUserData(TestAccounts.main, clock: clock))
            #expect(again["status"] == .int(400))
            #expect(again["error"] == .object([("code", .int(-2035)), ("msg", "User Data Stream subscription already active.")]))
            #expect(try await ws.subscribeUserData(TestAccounts.other, clock: clock)?["result"]?["subscriptionId"] == .int(1))
            let list = try await ws.request("session.subscriptions", id: "list")
            #expect(list?["result"] == [.object([("subscriptionId", .int(0))]), .object([("subscriptionId", .int(1))])])
            #expect(try await ws.request("session.status", id: "st")?["result"]?["userDataStream"] == .bool(true))
            await ws.close()
        }
    }

    @Test func subscriptionRefusalsHaveBinancesCodes() async throws {
        let clock = FakeClock(startMs: Self.t0, rate: 0)
        try await withFake(clock: clock) { fake, urls async throws in
            let ws = try await fake.connect(urls.wsAPI, urls)
            func error(_ answer: JSON?) -> (JSON?, Int?) { (answer?["status"], answer?["error"]?["code"]?.string.flatMap { Int($0) }) }
            var stranger = TestAccounts.main
            stranger.apiKey = String(repeating: "Q", count: 64)
            #expect(error(try await ws.subscribeUserData(stranger, clock: clock)) == (.int(401), -2015))
            #expect(error(try await ws.subscribeUserData(TestAccounts.main, clock: clock, secret: "wrong")) == (.int(400), -1022))
            #expect(error(try await ws.subscribeUserData(TestAccounts.main, clock: clock, skewMs: -5001)) == (.int(400), -1021))
            #expect(error(try await ws.subscribeUserData(TestAccounts.main, clock: clock, recvWindow: "60001")) == (.int(400), -1102))
            let unsigned = try await ws.request("userDataStream.subscribe.signature",
                                                [("apiKey", .string(TestAccounts.docKey)), ("timestamp", .int(clock.nowMs))], id: "u")
            #expect(unsigned?["error"]?.s("msg") == "Mandatory parameter 'signature' was not sent, was empty/null, or malformed.")
            let extra = try await ws.request("userDataStream.subscribe.signature",
                                             [("apiKey", .string(TestAccounts.docKey)), ("timestamp", .int(clock.nowMs)),
                                              ("signature", "00"), ("listenKey", "x")], id: "x")
            #expect(extra?["error"]?.s("msg") == "Not all sent parameters were read; read '3' parameter(s) but was sent '4'.")
            #expect(try await ws.request("userDataStream.start", id: "old")?["error"]?["code"] == .int(-1020))
            #expect(try await ws.request("v3/ping", id: "p")?["result"] == .object([]))
            let time = try await ws.request("time", [("returnRateLimits", .bool(false))], id: "t")
            #expect(time == .object([("id", "t"), ("status", .int(200)), ("result", .object([("serverTime", .int(clock.nowMs))]))]))
            try await ws.send(#"{"id":"this-id-is-far-too-long-for-binance-0123456789","method":"ping"}"#)
            let badId = try #require(await ws.nextJSON())
            #expect(badId["id"] == .null)
            #expect(badId["error"]?["code"] == .int(-1135))
            await ws.close()
        }
    }

    @Test func aFillReachesTheSubscriptionAsExecutionReportsAndPositions() async throws {
        let clock = FakeClock(startMs: Self.t0, rate: 0)
        try await withFake(clock: clock) { fake, urls async throws in
            try fake.printTrade("BTCUSDT", price: 30_000)
            let ws = try await fake.connect(urls.wsAPI, urls)
            #expect(try await ws.subscribeUserData(TestAccounts.main, clock: clock)?["status"] == .int(200))
            let c = BinanceClient(fake, urls)
            let placed = try #require(try await c.limit("BUY", price: "29900", quantity: "0.01", id: "watch").json)

            let new = try #require(await ws.event("executionReport"))
            #expect(new["subscriptionId"] == .int(0))
            let n = try #require(new["event"])
            #expect(n.keys == ["e", "E", "s", "c", "S", "o", "f", "q", "p", "P", "F", "g", "C", "x", "X", "r", "i", "l", "z", "L",
                               "n", "N", "T", "t", "I", "w", "m", "M", "O", "Z", "Y", "Q", "W", "V"])
            #expect(n.s("c") == "watch")
            #expect(n.s("S") == "BUY")
            #expect(n.s("o") == "LIMIT")
            #expect(n.s("x") == "NEW")
            #expect(n.s("X") == "NEW")
            #expect(n["i"] == placed["orderId"])
            #expect(n["t"] == .int(-1))
            #expect(n["N"] == .null)
            #expect(n["w"] == .bool(true))
            let locked = try #require(await ws.event("outboundAccountPosition"))
            #expect(locked["event"]?["B"] == [.object([("a", "USDT"), ("f", "99701.00000000"), ("l", "299.00000000")])])

            try fake.printTrade("BTCUSDT", price: 29_900)
            let trade = try #require(await ws.event("executionReport")?["event"])
            #expect(trade.s("x") == "TRADE")
            #expect(trade.s("X") == "FILLED")
            #expect(trade.s("l") == "0.01000000")
            #expect(trade.s("L") == "29900.00000000")
            #expect(trade.s("n") == "0.00001000")
            #expect(trade.s("N") == "BTC")
            #expect(trade["m"] == .bool(true))
            #expect(trade.s("Z") == "299.00000000")
            #expect(trade.s("Y") == "299.00000000")
            #expect(trade["t"] != .int(-1))
            let myTrade = try #require(try await c.send("GET", "/api/v3/myTrades", [("symbol", "BTCUSDT")]).json?[0])
            #expect(trade["t"] == myTrade["id"])
            let position = try #require(await ws.event("outboundAccountPosition")?["event"])
            #expect(position["B"] == [.object([("a", "BTC"), ("f", "2.00999000"), ("l", "0.00000000")]),
                                      .object([("a", "USDT"), ("f", "99701.00000000"), ("l", "0.00000000")])])
            await ws.close()
        }
    }

    @Test func cancellationsAndDepositsAreEventsToo() async throws {
        let clock = FakeClock(startMs: Self.t0, rate: 0)
        try await withFake(accounts: [TestAccounts.main, TestAccounts.other], clock: clock) { fake, urls async throws in
            let ws = try await fake.connect(urls.wsAPI, urls)
            #expect(try await ws.subscribeUserData(TestAccounts.main, clock: clock)?["status"] == .int(200))
            let c = BinanceClient(fake, urls)
            #expect(try await c.limit("SELL", price: "40000", quantity: "0.01", id: "tbc").status == 200)
            #expect(try await c.send("DELETE", "/api/v3/order", [("symbol", "BTCUSDT"), ("origClientOrderId", "tbc"),
                                                                 ("newClientOrderId", "killer")]).status == 200)
            let cancelled = try #require(await ws.event("executionReport") { $0.s("x") == "CANCELED" })
            #expect(cancelled["event"]?.s("c") == "killer")
            #expect(cancelled["event"]?.s("C") == "tbc")
            #expect(cancelled["event"]?.s("X") == "CANCELED")
            // Another account's activity is not this subscription's.
            #expect(try await BinanceClient(fake, urls, TestAccounts.other).limit("BUY", price: "100", quantity: "0.1", id: "theirs").status == 200)
            try fake.deposit(TestAccounts.docKey, asset: "ETH", amount: Money.of("1.5"))
            let update = try #require(await ws.event("balanceUpdate"))
            #expect(update["event"]?.s("a") == "ETH")
            #expect(update["event"]?.s("d") == "1.50000000")
            #expect(await ws.event("outboundAccountPosition")?["event"]?["B"] == [.object([("a", "ETH"), ("f", "11.50000000"), ("l", "0.00000000")])])
            #expect(ws.drain().allSatisfy { if case .text(let t) = $0 { !t.contains("theirs") } else { true } })
            await ws.close()
        }
    }

    @Test func unsubscribingEndsTheStreamWithEventStreamTerminated() async throws {
        let clock = FakeClock(startMs: Self.t0, rate: 0)
        try await withFake(accounts: [TestAccounts.main, TestAccounts.other], clock: clock) { fake, urls async throws in
            let ws = try await fake.connect(urls.wsAPI, urls)
            #expect(try await ws.subscribeUserData(TestAccounts.main, clock: clock)?["status"] == .int(200))
            #expect(try await ws.subscribeUserData(TestAccounts.other, clock: clock)?["status"] == .int(200))
            try await ws.send(#"{"id":"un","method":"userDataStream.unsubscribe","params":{"subscriptionId":0}}"#)
            #expect(await ws.nextJSON() == .object([("subscriptionId", .int(0)),
                                                    ("event", .object([("e", "eventStreamTerminated"), ("E", .int(clock.nowMs))]))]))
            #expect(await ws.nextJSON()?["result"] == .object([]))
            let gone = try await ws.request("userDataStream.unsubscribe", [("subscriptionId", .int(0))], id: "again")
            #expect(gone?["error"]?["code"] == .int(-2036))
            #expect(try await ws.request("session.subscriptions", id: "l")?["result"] == [.object([("subscriptionId", .int(1))])])
            // The account no longer hears of its orders here.
            #expect(try await BinanceClient(fake, urls).limit("BUY", price: "100", quantity: "0.1").status == 200)
            #expect(await ws.next(timeout: .milliseconds(100)) == nil)
            // Without a subscriptionId every subscription ends; the next one is numbered 2.
            #expect(try await ws.request("userDataStream.unsubscribe", id: "all")?["result"] == .object([]))
            #expect(try await ws.subscribeUserData(TestAccounts.main, clock: clock)?["result"]?["subscriptionId"] == .int(2))
            await ws.close()
        }
    }

    @Test func theWebSocketAPISharesTheIPsWeightAndBans() async throws {
        let clock = FakeClock(startMs: Self.t0, rate: 0)
        var limits = BinanceFake.Limits()
        limits.weightPerMinute = 5
        limits.toleratedAfter429 = 0
        try await withFake(clock: clock, limits: limits) { fake, urls async throws in
            let ws = try await fake.connect(urls.wsAPI, urls)  // 2
            #expect(try await BinanceClient(fake, urls).publicGet("/api/v3/ping").usedWeight == 3)
            #expect(try await ws.request("ping", id: "1")?["status"] == .int(200))
            #expect(try await ws.request("ping", id: "2")?["status"] == .int(200))
            let over = try #require(try await ws.request("ping", id: "3"))
            #expect(over["status"] == .int(429))
            #expect(over["error"]?["code"] == .int(-1003))
            #expect(over["error"]?["data"] == .object([("serverTime", .int(Self.t0)), ("retryAfter", .int(Self.t0 + 60_000))]))
            let banned = try #require(try await ws.request("ping", id: "4"))
            #expect(banned["status"] == .int(418))
            #expect(banned["error"]?["data"]?["retryAfter"] == .int(Self.t0 + 120_000))
            guard case .close = await ws.next() else { Issue.record("a banned connection stays open"); return }
            // While banned, no handshake either.
            await #expect(throws: (any Error).self) { try await WSTestClient.open(urls.wsAPI, urls) }
            #expect(fake.counters.refusedConnections == 1)
        }
    }

    @Test func serverShutdownOnTheWebSocketAPIHasNoSubscriptionId() async throws {
        let clock = FakeClock(startMs: Self.t0, rate: 0)
        try await withFake(clock: clock) { fake, urls async throws in
            let ws = try await fake.connect(urls.wsAPI, urls)
            #expect(try await ws.subscribeUserData(TestAccounts.main, clock: clock)?["status"] == .int(200))
            fake.announceShutdown(afterMs: 1_000)
            #expect(await ws.nextJSON() == .object([("event", .object([("e", "serverShutdown"), ("E", .int(Self.t0))]))]))
            clock.advance(by: 1_000)
            fake.tick()
            #expect(await ws.next() == .close(code: 1001, reason: ""))
        }
    }
}
