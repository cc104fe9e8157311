import BotCore
import MarketSim
import OKX
import OKXFake
import OKXWire
import Testing

/// Never twice, never lost: unanswered orders, lost requests, limit answers, and bursts.
@Suite("OKX gateway: faults") struct GatewayFaultTests {
    static let btc = GatewayHarness.btc

    /// The account's net position on BTC at the venue.
    func venuePosition(_ h: GatewayHarness) async throws -> Quantity {
        try await h.venue.positions().filter { $0.instrument.symbol == "BTC-USDT-SWAP" }.map(\.quantity).reduce(.zero, +)
    }

    @Test func executedButAnswered502IsAdoptedNotSentAgain() async throws {
        let h = try await GatewayHarness.start()
        defer { Task { await h.stop() } }
        try await h.open()
        h.fake.faults { $0.failNextOrders = 1; $0.afterExecuting = .serverError(status: 502) }
        let r = gwOrder(1, .buy, .market, "0.05")
        #expect(await h.venue.call(.submit(r), instrument: Self.btc) == .accepted)
        #expect(try await venuePosition(h) == Quantity.of("0.05"))
        let stats = await h.venue.stats
        #expect(stats.unknownOutcomes == 1)
        #expect(stats.resends == 0)
        #expect(h.fake.counters.serverErrors == 1)
        try await gwWait { !h.sink.fills(r.id).isEmpty }
    }

    @Test func executedButNeverAnsweredIsAskedAboutOnlyAfterItsExpiry() async throws {
        let h = try await GatewayHarness.start(timeout: .seconds(1))
        defer { Task { await h.stop() } }
        try await h.open()
        h.fake.faults { $0.failNextOrders = 1; $0.afterExecuting = .noAnswer }
        let r = gwOrder(2, .buy, .market, "0.04")
        let sent = h.fake.clock.nowMs
        #expect(await h.venue.call(.submit(r), instrument: Self.btc) == .accepted)
        // Not before the expiry (1.5 s) and the settling time (0.3 s) had passed.
        #expect(h.fake.clock.nowMs - sent >= 1_800)
        #expect(try await venuePosition(h) == Quantity.of("0.04"))
        #expect(await h.venue.stats.resends == 0)
        #expect(h.fake.counters.heldResponses == 1)
    }

    /// The kept-alive connection closes after OKX executed the order and before its answer: the
    /// transport does not send it again by itself; the gateway asks and finds one order.
    @Test func executedThenConnectionClosedIsPlacedOnce() async throws {
        let h = try await GatewayHarness.start()
        defer { Task { await h.stop() } }
        try await h.open()
        h.fake.faults { $0.failNextOrders = 1; $0.afterExecuting = .closeConnection }
        let r = gwOrder(6, .buy, .market, "0.06")
        #expect(await h.venue.call(.submit(r), instrument: Self.btc) == .accepted)
        #expect(try await venuePosition(h) == Quantity.of("0.06"))
        let stats = await h.venue.stats
        #expect(h.fake.counters.closedConnections == 1)
        #expect(stats.unknownOutcomes == 1 && stats.resends == 0)
    }

    @Test func lostRequestIsSentAgainWithTheSameClientID() async throws {
        let h = try await GatewayHarness.start(timeout: .seconds(1))
        defer { Task { await h.stop() } }
        try await h.open()
        h.fake.faults { $0.loseNextOrders = 1 }
        let r = gwOrder(3, .buy, .market, "0.03")
        #expect(await h.venue.call(.submit(r), instrument: Self.btc) == .accepted)
        #expect(h.fake.counters.lostRequests == 1)
        #expect(await h.venue.stats.resends == 1)
        #expect(try await venuePosition(h) == Quantity.of("0.03"))
        let found = try await h.venue.order(r.id, instrument: Self.btc.id)
        #expect(found?.request.id == r.id)
    }

    @Test func rateLimitAnswersBackOffAndSendOnce() async throws {
        let h = try await GatewayHarness.start()
        defer { Task { await h.stop() } }
        try await h.open()
        h.fake.setRateLimitStatus(429)
        h.fake.faults { $0.rateLimitNext = 3 }
        #expect(await h.venue.call(.submit(gwOrder(4, .buy, .market, "0.02")), instrument: Self.btc) == .accepted)
        #expect(await h.venue.stats.rateLimitedAnswers == 3)
        #expect(try await venuePosition(h) == Quantity.of("0.02"))
    }

    @Test func burstFromAHundredBotsNeverExceedsALimit() async throws {
        let h = try await GatewayHarness.start(account: FakeAccount(apiKey: "k", secret: "s", passphrase: "p", usdt: 10_000_000))
        defer { Task { await h.stop() } }
        try await h.open()
        // Four times real time: OKX's two-second windows pass in half a second.
        h.fake.clock.run(rate: 4)
        let acks = await withTaskGroup(of: VenueAck.self) { group in
            for bot in 0..<100 {
                for k in 0..<2 {
                    group.addTask {
                        let r = OrderRequest(id: ClientOrderID(bot: "bot-\(bot)", sequence: UInt64(k)), side: .buy,
                                             type: .limit(Price.of("80000")), quantity: Quantity.of("0.01"))
                        return await h.venue.call(.submit(r), instrument: Self.btc)
                    }
                }
            }
            var out: [VenueAck] = []
            for await a in group { out.append(a) }
            return out
        }
        #expect(acks.count == 200)
        #expect(acks.allSatisfy { $0 == .accepted })
        let c = h.fake.counters
        // If it ever fails: were more places seen by the fake than the gateway sent (a request
        // resent below the gateway, by the transport), or did the gateway's windows let too many go?
        let sent = await h.venue.stats.requests
        #expect(c.totalRateLimited == 0, "\(c.rateLimited); the fake saw \(c.requests["/api/v5/trade/order"] ?? 0) places, the gateway sent \(sent) requests in all")
        #expect(c.accountRateLimited == 0)
        #expect(await h.venue.stats.rateLimitedAnswers == 0)
        #expect(await h.venue.stats.limitWaits > 0)
        #expect(try await h.venue.openOrders(instrument: Self.btc.id).count == 200)
    }

    /// A re-measurement of OKX's clock that comes out ahead (the answer to `public/time` held
    /// on its way back, as on a loaded machine: under load a burst's expiries are refused and
    /// each refusal re-measures) frees no slot early: OKX's clock did not move, nor did its windows.
    @Test func aClockMeasuredAheadFreesNoWindowEarly() async throws {
        let h = try await GatewayHarness.start(account: FakeAccount(apiKey: "k", secret: "s", passphrase: "p", usdt: 10_000_000))
        defer { Task { await h.stop() } }
        try await h.open()
        @Sendable func burst(_ bots: Range<Int>) async -> [VenueAck] {
            await withTaskGroup(of: VenueAck.self) { group in
                for bot in bots {
                    group.addTask {
                        let r = OrderRequest(id: ClientOrderID(bot: "bot-\(bot)", sequence: 1), side: .buy,
                                             type: .limit(Price.of("80000")), quantity: Quantity.of("0.01"))
                        return await h.venue.call(.submit(r), instrument: Self.btc)
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
        }
        // A full window of places (60 an instrument), all at one instant of OKX's.
        h.fake.clock.freeze()
        #expect(await burst(0..<60).allSatisfy { $0 == .accepted })
        let clock = await h.venue.rest.clock
        clock.record(serverMs: clock.localMs + 2_500, sentMs: clock.localMs, receivedMs: clock.localMs)
        h.fake.clock.run(rate: 4)
        #expect(await burst(60..<80).allSatisfy { $0 == .accepted })
        let c = h.fake.counters
        #expect(c.totalRateLimited == 0, "\(c.rateLimited)")
        #expect(await h.venue.stats.rateLimitedAnswers == 0)
        #expect(await h.venue.stats.limitWaits > 0)
    }

    /// One order in five meets a fault (a 5xx after executing, no answer, lost on the way, a
    /// limit answer); no order is lost or doubled and the venue's position is what the fills say.
    @Test func oneCallInFiveFailingLosesAndDoublesNothing() async throws {
        let h = try await GatewayHarness.start(account: FakeAccount(apiKey: "k", secret: "s", passphrase: "p", usdt: 10_000_000),
                                               timeout: .seconds(1))
        defer { Task { await h.stop() } }
        try await h.open()
        h.fake.clock.run(rate: 5)
        var rng = SplitMix64(seed: 11)
        var expected = Quantity.zero
        var ids: [ClientOrderID] = []
        for n in 0..<40 {
            let fault = rng.next() % 20
            h.fake.faults { f in
                switch fault {
                case 0: f.failNextOrders = 1; f.afterExecuting = .serverError(status: 503)
                case 1: f.failNextOrders = 1; f.afterExecuting = .noAnswer
                case 2: f.loseNextOrders = 1
                case 3: f.rateLimitNext = 1
                default: break
                }
            }
            let side: Side = n % 3 == 2 ? .sell : .buy
            let r = gwOrder(UInt64(100 + n), side, .market, "0.01")
            ids.append(r.id)
            #expect(await h.venue.call(.submit(r), instrument: Self.btc) == .accepted, "order \(n)")
            expected = side == .buy ? expected + Quantity.of("0.01") : expected - Quantity.of("0.01")
        }
        #expect(try await venuePosition(h) == expected)
        // Every order's fill reached the sink, once per trade id.
        try await gwWait(10, "every fill") { ids.allSatisfy { !h.sink.fills($0).isEmpty } }
        let booked = ids.map { id in h.sink.distinctFills(id).map(\.quantity).reduce(.zero, +) }
        #expect(booked.allSatisfy { $0 == Quantity.of("0.01") })
        let c = h.fake.counters
        #expect(c.serverErrors + c.heldResponses + c.lostRequests + c.forcedRateLimits > 4)
    }
}
