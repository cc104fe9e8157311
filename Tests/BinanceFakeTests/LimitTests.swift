import BinanceFake
import BotCore
import Testing

/// Request weight per minute per IP, unfilled orders per account, 429 with Retry-After, and
/// the 418 ban of a client that keeps sending; all on the fake's clock.
struct LimitTests {
    @Test func everyAnswerCarriesTheWeightUsedThisMinute() async throws {
        let clock = FakeClock(startMs: TestAccounts.t0, rate: 0)
        try await withFake(clock: clock) { fake, urls async throws in
            try fake.printTrade("BTCUSDT", price: 30_000)
            let c = BinanceClient(fake, urls)
            #expect(try await c.publicGet("/api/v3/ping").usedWeight == 1)
            #expect(try await c.publicGet("/api/v3/exchangeInfo").usedWeight == 21)
            #expect(try await c.publicGet("/api/v3/depth?symbol=BTCUSDT&limit=500").usedWeight == 46)
            // A successful order costs no weight (since 2026-04-02) and reports the order counts…
            let placed = try await c.limit("BUY", price: "29000", quantity: "0.01")
            #expect(placed.usedWeight == 46)
            #expect(placed.header("X-MBX-ORDER-COUNT-10S") == "1")
            #expect(placed.header("X-MBX-ORDER-COUNT-1D") == "1")
            // …a failed one costs 1.
            let failed = try await c.limit("BUY", price: "29000.001", quantity: "0.01")
            #expect(failed.usedWeight == 47)
            #expect(try await c.send("GET", "/api/v3/account").usedWeight == 67)
            // A new minute starts from zero.
            clock.advance(by: 60_000)
            #expect(try await c.publicGet("/api/v3/time").usedWeight == 1)
            #expect(fake.counters.maxWeightPerMinute == 67)
        }
    }

    @Test func overTheWeightIs429ThenSendingOnIs418UntilTheBanEnds() async throws {
        let clock = FakeClock(startMs: TestAccounts.t0 + 30_000, rate: 0)
        var limits = BinanceFake.Limits()
        limits.weightPerMinute = 10
        limits.toleratedAfter429 = 1
        try await withFake(clock: clock, limits: limits) { fake, urls async throws in
            let c = BinanceClient(fake, urls)
            for _ in 0..<10 { #expect(try await c.publicGet("/api/v3/ping").status == 200) }
            let over = try await c.publicGet("/api/v3/ping")
            #expect(over.status == 429)
            #expect(over.code == -1003)
            #expect(over.msg.hasPrefix("Too much request weight used; current limit is 10 request weight per 1 MINUTE."))
            #expect(over.retryAfter == 30)  // the rest of the minute
            #expect(over.usedWeight == 11)
            // One more during the Retry-After is tolerated (429 again), the next one bans.
            #expect(try await c.publicGet("/api/v3/ping").status == 429)
            let banned = try await c.publicGet("/api/v3/time")
            #expect(banned.status == 418)
            #expect(banned.retryAfter == 120)
            #expect(banned.msg == "Way too much request weight used; IP banned until \(clock.nowMs + 120_000). Please use WebSocket Streams for live updates to avoid bans.")
            #expect(fake.bannedUntilMs == clock.nowMs + 120_000)
            clock.advance(by: 119_000)
            #expect(try await c.publicGet("/api/v3/ping").retryAfter == 1)
            clock.advance(by: 1_000)
            #expect(try await c.publicGet("/api/v3/ping").status == 200)
            // A second ban lasts twice as long.
            for _ in 0..<10 { _ = try await c.publicGet("/api/v3/ping") }
            for _ in 0..<2 { _ = try await c.publicGet("/api/v3/ping") }
            #expect(try await c.publicGet("/api/v3/ping").retryAfter == 240)
            #expect(fake.counters.bans == 2)
            #expect(fake.counters.weightLimited == 2)
            #expect(fake.counters.maxWeightPerMinute > 10)
        }
    }

    @Test func aClientThatWaitsOutThe429IsNotBanned() async throws {
        let clock = FakeClock(startMs: TestAccounts.t0 + 50_000, rate: 0)
        var limits = BinanceFake.Limits()
        limits.weightPerMinute = 3
        limits.toleratedAfter429 = 0
        try await withFake(clock: clock, limits: limits) { fake, urls async throws in
            let c = BinanceClient(fake, urls)
            for _ in 0..<3 { _ = try await c.publicGet("/api/v3/ping") }
            let over = try await c.publicGet("/api/v3/ping")
            #expect(over.status == 429)
            clock.advance(by: Int64(try #require(over.retryAfter)) * 1000)
            #expect(try await c.publicGet("/api/v3/ping").status == 200)
            #expect(fake.counters.bans == 0)
        }
    }

    @Test func unfilledOrdersPerTenSecondsAre429With1015() async throws {
        let clock = FakeClock(startMs: TestAccounts.t0 + 4_000, rate: 0)
        var limits = BinanceFake.Limits()
        limits.ordersPer10s = 2
        try await withFake(clock: clock, limits: limits) { fake, urls async throws in
            try fake.printTrade("BTCUSDT", price: 30_000)
            let c = BinanceClient(fake, urls)
            // Filled at once, a market order never counts as unfilled.
            #expect(try await c.market("BUY", quantity: "0.01").header("X-MBX-ORDER-COUNT-10S") == "0")
            #expect(try await c.limit("BUY", price: "29000", quantity: "0.01").header("X-MBX-ORDER-COUNT-10S") == "1")
            #expect(try await c.limit("BUY", price: "29001", quantity: "0.01", id: "second").header("X-MBX-ORDER-COUNT-10S") == "2")
            let over = try await c.limit("BUY", price: "29002", quantity: "0.01")
            #expect(over.status == 429)
            #expect(over.code == -1015)
            #expect(over.msg == "Too many new orders; current limit is 2 orders per 10 SECOND.")
            #expect(over.retryAfter == 6)
            #expect(over.header("X-MBX-ORDER-COUNT-1D") == "2")
            // An order that fills leaves the count.
            try fake.printTrade("BTCUSDT", price: 29_001)
            let counts = try #require(try await c.send("GET", "/api/v3/rateLimit/order").json?.array)
            #expect(counts.map { $0["count"] } == [.int(1), .int(1)])
            #expect(try await c.limit("BUY", price: "28000", quantity: "0.01").header("X-MBX-ORDER-COUNT-10S") == "2")
            clock.advance(by: 6_000)
            #expect(try await c.limit("BUY", price: "28001", quantity: "0.01").header("X-MBX-ORDER-COUNT-10S") == "1")
            #expect(fake.counters.orderLimited == 1)
            #expect(fake.counters.maxOrdersPer10s == 2)
            #expect(fake.counters.maxOrdersPerDay == 3)
        }
    }

    @Test func exchangeInfoPublishesTheLimitsInForce() async throws {
        var limits = BinanceFake.Limits()
        limits.weightPerMinute = 1200
        limits.ordersPer10s = 7
        try await withFake(limits: limits) { fake, urls async throws in
            let info = try #require(try await BinanceClient(fake, urls).publicGet("/api/v3/exchangeInfo").json)
            let rl = try #require(info["rateLimits"]?.array)
            #expect(rl[0] == .object([("rateLimitType", "REQUEST_WEIGHT"), ("interval", "MINUTE"), ("intervalNum", .int(1)), ("limit", .int(1200))]))
            #expect(rl[1]["limit"] == .int(7))
            #expect(info["symbols"]?.array?.map { $0.s("symbol") } == ["BTCUSDT", "ETHUSDT"])
            let filters = try #require(info["symbols"]?[0]?["filters"]?.array)
            #expect(filters.map { $0.s("filterType") } == ["PRICE_FILTER", "LOT_SIZE", "MARKET_LOT_SIZE", "NOTIONAL"])
            #expect(filters[0].s("tickSize") == "0.01000000")
            #expect(filters[3].s("minNotional") == "5.00000000")
        }
    }
}
