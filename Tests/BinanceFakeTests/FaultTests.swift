import BinanceFake
import BotCore
import Testing

/// Faults a test switches on, and their counters.
struct FaultTests {
    @Test func aServerErrorAfterTheOrderWasExecuted() async throws {
        try await withFake { fake, urls async throws in
            try fake.printTrade("BTCUSDT", price: 30_000)
            fake.faults { $0.failNextOrders = 1; $0.afterExecuting = .serverError(status: 503) }
            let c = BinanceClient(fake, urls)
            let a = try await c.market("BUY", quantity: "0.01", id: "x503")
            #expect(a.status == 503)
            // The client cannot tell, but the order exists and filled.
            #expect(try await c.status("x503") == "FILLED")
            #expect(fake.counters.serverErrors == 1)
            #expect(try await c.market("BUY", quantity: "0.01", id: "x200").status == 200)
        }
    }

    @Test func anExecutedCallThatIsNeverAnswered() async throws {
        try await withFake { fake, urls async throws in
            try fake.printTrade("BTCUSDT", price: 30_000)
            let c = BinanceClient(fake, urls)
            #expect(try await c.limit("BUY", price: "29000", quantity: "0.01", id: "held").status == 200)
            fake.faults { $0.failNextOrders = 1; $0.afterExecuting = .noAnswer }
            let caught = await #expect(throws: CurlFailure.self) {
                try await c.send("DELETE", "/api/v3/order", [("symbol", "BTCUSDT"), ("origClientOrderId", "held")], timeoutMs: 1_000)
            }
            #expect(caught?.timedOut == true)
            #expect(try await c.status("held") == "CANCELED")
            #expect(fake.counters.heldResponses == 1)
        }
    }

    @Test func aRequestLostOnTheWayNeverHappened() async throws {
        try await withFake { fake, urls async throws in
            try fake.printTrade("BTCUSDT", price: 30_000)
            fake.faults { $0.loseNextOrders = 1 }
            let c = BinanceClient(fake, urls)
            await #expect(throws: CurlFailure.self) {
                try await c.place([("side", "BUY"), ("type", "LIMIT"), ("timeInForce", "GTC"), ("quantity", "0.01"), ("price", "29000"),
                                   ("newClientOrderId", "lost")], timeoutMs: 1_000)
            }
            #expect(try await c.send("GET", "/api/v3/order", [("symbol", "BTCUSDT"), ("origClientOrderId", "lost")]).code == -2013)
            #expect(fake.counters.lostRequests == 1)
        }
    }

    @Test func forced429sBehaveAsRealOnes() async throws {
        try await withFake { fake, urls async throws in
            fake.faults { $0.rateLimitNext = 1 }
            let c = BinanceClient(fake, urls)
            let a = try await c.publicGet("/api/v3/time")
            #expect(a.status == 429)
            #expect(a.code == -1003)
            #expect((a.retryAfter ?? 0) >= 1)
            #expect(fake.counters.forcedRateLimits == 1)
            // Sending on during its Retry-After counts toward a ban like any 429's.
            for _ in 0..<2 { #expect(try await c.publicGet("/api/v3/time").status == 429) }
            #expect(try await c.publicGet("/api/v3/time").status == 418)
            fake.resetRateLimits()
            #expect(try await c.publicGet("/api/v3/time").status == 200)
        }
    }

    @Test func droppingEveryConnection() async throws {
        try await withFake { fake, urls async throws in
            let a = try await fake.connect(urls.streams, urls)
            let b = try await fake.connect(urls.wsAPI, urls)
            fake.dropConnections()
            #expect(await a.next() == .disconnected)
            #expect(await b.next() == .disconnected)
            #expect(fake.counters.droppedConnections == 2)
            #expect(try await BinanceClient(fake, urls).publicGet("/api/v3/ping").status == 200)
        }
    }

    @Test func droppingAfterNMessagesAndEveryNSeconds() async throws {
        let clock = FakeClock(startMs: TestAccounts.t0, rate: 0)
        try await withFake(clock: clock) { fake, urls async throws in
            fake.faults { $0.dropAfterMessages = 2 }
            let ws = try await fake.connect(urls.streams + "?streams=btcusdt@trade", urls)
            for px in [30_000, 30_001, 30_002] { try fake.printTrade("BTCUSDT", price: Price(px)) }
            #expect(await ws.push("btcusdt@trade") != nil)
            #expect(await ws.push("btcusdt@trade") != nil)
            #expect(await ws.next() == .disconnected)
            fake.faults { $0.dropAfterMessages = nil; $0.dropEverySeconds = 10 }
            fake.tick()
            let next = try await fake.connect(urls.wsAPI, urls)
            clock.advance(by: 9_000)
            fake.tick()
            #expect(try await next.request("ping", id: "p")?["status"] == .int(200))
            clock.advance(by: 1_000)
            fake.tick()
            #expect(await next.next() == .disconnected)
        }
    }

    @Test func malformedFrames() async throws {
        try await withFake { fake, urls async throws in
            let ws = try await fake.connect(urls.streams, urls)
            fake.sendMalformedFrame(.truncatedJSON)
            guard case .text(let t) = await ws.next() else { Issue.record("no text frame"); return }
            #expect(JSON.parse(t) == nil)
            fake.sendMalformedFrame(.invalidUTF8)
            guard case .invalidText = await ws.next() else { Issue.record("no invalid text"); return }
            fake.sendMalformedFrame(.reservedBits)
            guard case .protocolError = await ws.next() else { Issue.record("no protocol error"); return }
            #expect(fake.counters.malformedFrames == 3)
        }
    }

    @Test func userEventsLostOnTheWay() async throws {
        let clock = FakeClock(startMs: TestAccounts.t0, rate: 0)
        try await withFake(clock: clock) { fake, urls async throws in
            let ws = try await fake.connect(urls.wsAPI, urls)
            #expect(try await ws.subscribeUserData(TestAccounts.main, clock: clock)?["status"] == .int(200))
            fake.faults { $0.dropNextUserEvents = 2 }
            // NEW and its account position are lost; the REST answer still says NEW.
            #expect(try await BinanceClient(fake, urls).limit("BUY", price: "100", quantity: "0.1", id: "quiet").json?.s("status") == "NEW")
            try fake.deposit(TestAccounts.docKey, asset: "USDT", amount: 1)
            #expect(await ws.nextJSON()?["event"]?.s("e") == "balanceUpdate")
            #expect(fake.counters.userEventsDropped == 2)
            #expect(fake.counters.userEventsSent >= 1)
        }
    }
}
