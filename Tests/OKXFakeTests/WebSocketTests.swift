import BotCore
import OKXFake
import Testing

/// The WebSocket services: heartbeat, idle close, login, subscriptions and their routing.
struct WebSocketTests {
    static let t0: Int64 = 1_700_000_000_000 - 1_700_000_000_000 % 3_600_000

    @Test func textPingIsAnsweredWithTextPong() async throws {
        try await withFake { _, urls async throws in
            let ws = try await WSTestClient.open(urls.wsPublic, urls)
            try await ws.send("ping")
            #expect(await ws.next() == .text("pong"))
            await ws.close()
        }
    }

    @Test func anIdleConnectionIsClosedWith4004AfterThirtySecondsOfTheFakesClock() async throws {
        let clock = FakeClock(startMs: Self.t0, rate: 0)
        try await withFake(clock: clock) { fake, urls async throws in
            let idle = try await WSTestClient.open(urls.wsPublic, urls)
            let pinging = try await WSTestClient.open(urls.wsBusiness, urls)
            clock.advance(by: 20_000)
            try await pinging.send("ping")
            #expect(await pinging.next() == .text("pong"))
            clock.advance(by: 10_001)
            fake.tick()
            #expect(await idle.next() == .close(code: 4004, reason: "No data received in 30s"))
            #expect(await pinging.next(timeout: .milliseconds(100)) == nil)  // it spoke 10 s ago
            #expect(fake.counters.idleCloses == 1)
            await pinging.close()
        }
    }

    @Test func aFastClockClosesIdleConnectionsInRealMilliseconds() async throws {
        let clock = FakeClock(startMs: Self.t0, rate: 0)
        try await withFake(clock: clock) { _, urls async throws in
            let ws = try await WSTestClient.open(urls.wsPrivate, urls)
            clock.run(rate: 200)  // thirty fake seconds in 150 ms
            #expect(await ws.next(timeout: .seconds(3)) == .close(code: 4004, reason: "No data received in 30s"))
        }
    }

    @Test func loginWithASecondsTimestampAndItsSignature() async throws {
        let clock = FakeClock(startMs: Self.t0, rate: 0)
        try await withFake(clock: clock) { _, urls async throws in
            let ws = try await WSTestClient.open(urls.wsPrivate, urls)
            let ok = try #require(try await ws.login(TestAccounts.demo, clock: clock))
            #expect(ok.s("event") == "login")
            #expect(ok.s("code") == "0")
            #expect(!ok.s("connId").isEmpty)
            #expect(try await ws.login(TestAccounts.demo, clock: clock)?.s("code") == "60031")
            await ws.close()
        }
    }

    @Test func loginFailuresHaveTheirCodes() async throws {
        let clock = FakeClock(startMs: Self.t0, rate: 0)
        try await withFake(clock: clock) { _, urls async throws in
            let ws = try await WSTestClient.open(urls.wsPrivate, urls)
            var wrongPass = TestAccounts.demo
            wrongPass.passphrase = "nope"
            var unknown = TestAccounts.demo
            unknown.apiKey = "who"
            #expect(try await ws.login(TestAccounts.demo, clock: clock, sign: "AAAA")?.s("code") == "60007")
            #expect(try await ws.login(TestAccounts.demo, clock: clock, skewSeconds: -31)?.s("code") == "60006")
            #expect(try await ws.login(wrongPass, clock: clock)?.s("code") == "60024")
            let e = try #require(try await ws.login(unknown, clock: clock))
            #expect(e.s("event") == "error")
            #expect(e.s("code") == "60005")
            await ws.close()
        }
    }

    @Test func subscribeAndUnsubscribeAreAcknowledgedWithTheirId() async throws {
        try await withFake { _, urls async throws in
            let ws = try await WSTestClient.open(urls.wsPublic, urls)
            let ack = try #require(try await ws.subscribe([("channel", "tickers"), ("instId", "BTC-USDT-SWAP")], id: "1512"))
            #expect(ack.s("id") == "1512")
            #expect(ack.s("event") == "subscribe")
            #expect(ack["arg"] == .object([("channel", "tickers"), ("instId", "BTC-USDT-SWAP")]))
            try await ws.send(#"{"op":"unsubscribe","args":[{"channel":"tickers","instId":"BTC-USDT-SWAP"}]}"#)
            let un = try #require(await ws.nextJSON { $0["event"] != nil })
            #expect(un.s("event") == "unsubscribe")
            try await ws.send("{not json")
            #expect(await ws.nextJSON()?.s("code") == "60012")
            await ws.close()
        }
    }

    @Test func channelsOnTheWrongServiceGetOKXsErrors() async throws {
        try await withFake { _, urls async throws in
            let pub = try await WSTestClient.open(urls.wsPublic, urls)
            #expect(try await pub.subscribe([("channel", "candle1m"), ("instId", "BTC-USDT-SWAP")])?.s("code") == "64001")
            #expect(try await pub.subscribe([("channel", "orders"), ("instType", "SWAP")])?.s("code") == "60018")
            #expect(try await pub.subscribe([("channel", "no-such-channel")])?.s("code") == "60018")
            #expect(try await pub.subscribe([("channel", "tickers"), ("instId", "NOPE-USDT")])?.s("code") == "60018")
            let biz = try await WSTestClient.open(urls.wsBusiness, urls)
            #expect(try await biz.subscribe([("channel", "tickers"), ("instId", "BTC-USDT-SWAP")])?.s("code") == "64002")
            #expect(try await biz.subscribe([("channel", "orders-algo"), ("instType", "ANY")])?.s("code") == "60011")
            let priv = try await WSTestClient.open(urls.wsPrivate, urls)
            #expect(try await priv.subscribe([("channel", "orders"), ("instType", "ANY")])?.s("code") == "60011")
            #expect(try await priv.subscribe([("channel", "orders-algo"), ("instType", "ANY")])?.s("code") == "64001")
            for c in [pub, biz, priv] { await c.close() }
        }
    }
}
