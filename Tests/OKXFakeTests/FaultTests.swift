import BotCore
import OKXFake
import Testing

/// Faults a test switches on, and their counters.
struct FaultTests {
    @Test func aServerErrorAfterTheOrderWasExecuted() async throws {
        try await withFake { fake, urls async throws in
            try fake.setPrice("BTC-USDT-SWAP", Price.of("30000"))
            fake.faults { $0.failNextOrders = 1; $0.afterExecuting = .serverError(status: 502) }
            let c = SignedClient(fake, urls, TestAccounts.demo)
            let a = try await c.place([("clOrdId", "x502"), ("side", "buy"), ("ordType", "market"), ("sz", "1")])
            #expect(a.status == 502)
            // The client cannot tell, but the order exists and filled.
            #expect(try await c.order(clOrdId: "x502")?.s("state") == "filled")
            #expect(fake.counters.serverErrors == 1)
            #expect(try await c.place([("clOrdId", "x200"), ("side", "buy"), ("ordType", "market"), ("sz", "1")]).status == 200)
        }
    }

    @Test func anAcceptedOrderThatIsNeverAnswered() async throws {
        try await withFake { fake, urls async throws in
            try fake.setPrice("BTC-USDT-SWAP", Price.of("30000"))
            fake.faults { $0.failNextOrders = 1; $0.afterExecuting = .noAnswer }
            let c = SignedClient(fake, urls, TestAccounts.demo)
            let body = #"{"instId":"BTC-USDT-SWAP","tdMode":"cross","clOrdId":"hold1","side":"buy","ordType":"limit","px":"29000","sz":"1"}"#
            let caught = await #expect(throws: CurlFailure.self) {
                try await c.post("/api/v5/trade/order", body, timeoutMs: 2_000)
            }
            #expect(caught?.timedOut == true)
            #expect(try await c.order(clOrdId: "hold1")?.s("state") == "live")
            #expect(fake.counters.heldResponses == 1)
        }
    }

    @Test func rateLimitErrorsOnDemand() async throws {
        try await withFake { fake, urls async throws in
            fake.faults { $0.rateLimitNext = 2 }
            let c = SignedClient(fake, urls, TestAccounts.demo)
            #expect(try await c.getPublic("/api/v5/public/time").code == "50011")
            #expect(try await c.get("/api/v5/account/config").code == "50011")
            #expect(try await c.getPublic("/api/v5/public/time").code == "0")
            #expect(fake.counters.forcedRateLimits == 2)
        }
    }

    @Test func droppingEveryConnection() async throws {
        try await withFake { fake, urls async throws in
            let a = try await WSTestClient.open(urls.wsPublic, urls)
            let b = try await WSTestClient.open(urls.wsBusiness, urls)
            fake.dropConnections()
            #expect(await a.next() == .disconnected)
            #expect(await b.next() == .disconnected)
            #expect(fake.counters.droppedConnections == 2)
            // REST still works on a new connection.
            #expect(try await SignedClient(fake, urls, TestAccounts.demo).getPublic("/api/v5/public/time").code == "0")
        }
    }

    @Test func droppingAfterNMessages() async throws {
        try await withFake { fake, urls async throws in
            fake.faults { $0.dropAfterMessages = 3 }
            let ws = try await WSTestClient.open(urls.wsPublic, urls)
            for _ in 0..<3 { try await ws.send("ping") }
            #expect(await ws.next() == .text("pong"))
            #expect(await ws.next() == .text("pong"))
            #expect(await ws.next() == .text("pong"))
            #expect(await ws.next() == .disconnected)
        }
    }

    @Test func droppingEveryNFakeSeconds() async throws {
        let clock = FakeClock(rate: 0)
        try await withFake(clock: clock) { fake, urls async throws in
            fake.faults { $0.dropEverySeconds = 10 }
            fake.tick()
            let ws = try await WSTestClient.open(urls.wsPublic, urls)
            clock.advance(by: 9_000)
            fake.tick()
            try await ws.send("ping")
            #expect(await ws.next() == .text("pong"))
            clock.advance(by: 1_000)
            fake.tick()
            #expect(await ws.next() == .disconnected)
        }
    }

    @Test func malformedFrames() async throws {
        try await withFake { fake, urls async throws in
            let ws = try await WSTestClient.open(urls.wsPublic, urls)
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
}
