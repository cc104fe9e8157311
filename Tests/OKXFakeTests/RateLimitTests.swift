import BotCore
import OKXFake
import Testing

/// OKX's documented limits per endpoint, two-second windows on the fake's clock.
struct RateLimitTests {
    @Test func placingBeyondSixtyPerTwoSecondsOnOneInstrumentIs50011() async throws {
        let clock = FakeClock(rate: 0)
        try await withFake(clock: clock) { fake, urls async throws in
            try fake.setPrice("BTC-USDT-SWAP", Price.of("30000"))
            try fake.setPrice("ETH-USDT-SWAP", Price.of("2000"))
            let c = SignedClient(fake, urls, TestAccounts.demo)
            func limit(_ instId: String, _ n: Int) async throws -> CurlAnswer {
                try await c.place([("clOrdId", "r\(n)"), ("side", "buy"), ("ordType", "limit"), ("px", instId.hasPrefix("BTC") ? "20000" : "1000"),
                                   ("sz", "0.01")], instId: instId)
            }
            for n in 0..<60 { #expect(try await limit("BTC-USDT-SWAP", n).sCode == "0") }
            let refused = try await limit("BTC-USDT-SWAP", 60)
            #expect(refused.status == 429)
            #expect(refused.code == "50011")
            // The limit is per instrument: another one is untouched.
            #expect(try await limit("ETH-USDT-SWAP", 61).sCode == "0")
            #expect(fake.counters.rateLimited["/api/v5/trade/order"] == 1)
            #expect(fake.counters.totalRateLimited == 1)

            clock.advance(by: 2_000)
            #expect(try await limit("BTC-USDT-SWAP", 62).sCode == "0")
        }
    }

    @Test func publicEndpointsAreLimitedPerIPAndMayAnswer200() async throws {
        try await withFake(clock: FakeClock(rate: 0)) { fake, urls async throws in
            let c = SignedClient(fake, urls, TestAccounts.demo)
            for _ in 0..<10 { #expect(try await c.getPublic("/api/v5/public/time").code == "0") }
            var a = try await c.getPublic("/api/v5/public/time")
            #expect(a.status == 429)
            #expect(a.json == .object([("msg", "Too Many Requests"), ("code", "50011")]))
            fake.setRateLimitStatus(200)
            a = try await c.getPublic("/api/v5/public/time")
            #expect(a.status == 200)
            #expect(a.code == "50011")
            #expect(fake.counters.rateLimited["/api/v5/public/time"] == 2)
            // Another endpoint has its own window.
            #expect(try await c.getPublic("/api/v5/market/ticker?instId=BTC-USDT-SWAP").code == "0")
        }
    }

    @Test func privateReadsArePerUser() async throws {
        let other = FakeAccount(apiKey: "other-key", secret: "other-secret", passphrase: "Other-pass1")
        try await withFake(accounts: [TestAccounts.demo, other], clock: FakeClock(rate: 0)) { fake, urls async throws in
            let mine = SignedClient(fake, urls, TestAccounts.demo)
            let theirs = SignedClient(fake, urls, other)
            for _ in 0..<5 { #expect(try await mine.get("/api/v5/account/config").code == "0") }
            #expect(try await mine.get("/api/v5/account/config").code == "50011")
            #expect(try await theirs.get("/api/v5/account/config").code == "0")
        }
    }

    @Test func theAccountWideOrderLimitIs50061() async throws {
        try await withFake(clock: FakeClock(rate: 0)) { fake, urls async throws in
            try fake.setPrice("BTC-USDT-SWAP", Price.of("30000"))
            try fake.setPrice("ETH-USDT-SWAP", Price.of("2000"))
            fake.setLimits(accountOrders: 3)
            let c = SignedClient(fake, urls, TestAccounts.demo)
            for id in ["BTC-USDT-SWAP", "ETH-USDT-SWAP", "BTC-USDT-SWAP"] {
                #expect(try await c.place([("side", "buy"), ("ordType", "market"), ("sz", "0.01")], instId: id).sCode == "0")
            }
            let a = try await c.place([("side", "buy"), ("ordType", "market"), ("sz", "0.01")], instId: "ETH-USDT-SWAP")
            #expect(a.code == "50061")
            #expect(fake.counters.accountRateLimited == 1)
        }
    }

    @Test func webSocketHandshakesBeyondThreeASecondAre429() async throws {
        let clock = FakeClock(rate: 0)
        try await withFake(clock: clock) { fake, urls async throws in
            var open: [WSTestClient] = []
            for _ in 0..<3 { open.append(try await WSTestClient.open(urls.wsPublic, urls)) }
            await #expect(throws: (any Error).self) { try await WSTestClient.open(urls.wsPublic, urls) }
            let refused = try await Curl.perform("GET", urls.rest + "/ws/v5/public", caFile: urls.caFile)
            #expect(refused.status == 429)
            #expect(fake.counters.refusedConnections == 1)
            clock.advance(by: 1_000)
            open.append(try await WSTestClient.open(urls.wsPublic, urls))
            for c in open { await c.close() }
        }
    }

    @Test func webSocketRequestsPerHourPerConnection() async throws {
        let clock = FakeClock(rate: 0)
        try await withFake(clock: clock) { fake, urls async throws in
            fake.setLimits(wsRequestsPerHour: 2)
            let ws = try await WSTestClient.open(urls.wsPublic, urls)
            #expect(try await ws.subscribe([("channel", "tickers"), ("instId", "BTC-USDT-SWAP")])?.s("event") == "subscribe")
            #expect(try await ws.subscribe([("channel", "trades"), ("instId", "BTC-USDT-SWAP")])?.s("event") == "subscribe")
            #expect(try await ws.subscribe([("channel", "books5"), ("instId", "BTC-USDT-SWAP")])?.s("code") == "60014")
            try await ws.send("ping")  // the heartbeat is not a request
            #expect(await ws.next() == .text("pong"))
            #expect(fake.counters.wsRequestsLimited == 1)
            await ws.close()
        }
    }

    @Test func tooManyConnectionsOnAPrivateChannel() async throws {
        let clock = FakeClock(rate: 0)
        try await withFake(clock: clock) { fake, urls async throws in
            fake.setLimits(privateChannelConnections: 1)
            let first = try await WSTestClient.open(urls.wsPrivate, urls)
            let second = try await WSTestClient.open(urls.wsPrivate, urls)
            for ws in [first, second] { #expect(try await ws.login(TestAccounts.demo, clock: clock)?.s("code") == "0") }
            #expect(try await first.subscribe([("channel", "orders"), ("instType", "ANY")])?.s("event") == "subscribe")
            #expect(await first.nextJSON()?.s("event") == "channel-conn-count")
            // Acknowledged, then terminated.
            #expect(try await second.subscribe([("channel", "orders"), ("instType", "ANY")])?.s("event") == "subscribe")
            let error = try #require(await second.nextJSON())
            #expect(error.s("event") == "channel-conn-count-error")
            #expect(error.s("connCount") == "2")
            #expect(fake.counters.channelConnCountErrors == 1)
            for ws in [first, second] { await ws.close() }
        }
    }
}
