import Binance
import BinanceFake
import BinanceWire
import BotCore
import MarketSim
import Testing

/// The Binance gateway under faults: a burst from many bots within the weight and the
/// order counts, a ban waited out, one call in five failing without a lost or doubled order,
/// and user data events lost on the way recovered by the reconciliation.
@Suite(.serialized) struct BinanceGatewayFaultTests {
    typealias H = BinanceGatewayHarness

    static let rich = BinanceFake.Account(apiKey: H.key, secret: H.secret, balances: ["USDT": 10_000_000, "BTC": 100])

    @Test func aBurstFromAHundredBotsKeepsWithinWeightAndOrderCounts() async throws {
        // Five times real time (below), so every margin in real time is five times wider on
        // the fake's clock: Binance's default recvWindow (a tighter one expires in flight on a
        // loaded machine, -1021), and the windows' guard against an error in our reading of
        // Binance's clock (a clock measured while the machine is loaded is off by up to half a
        // slowed round trip, five times over here).
        let guardMs = 5 * BinanceLimitBook.clockGuardMs
        let h = try await H.start(account: Self.rich, limits: BinanceIPLimits(guardMs: guardMs), recvWindowMs: 5_000) {
            $0.clockGuardMs = guardMs
        }
        defer { Task { await h.stop() } }
        // Limits a burst reaches: 300 weight a minute for the IP, 20 orders per 10 s for the
        // account; the gateway learns them from exchangeInfo.
        h.fake.setLimits { $0.weightPerMinute = 300; $0.ordersPer10s = 20 }
        let inst = try await h.open()
        // Five times real time: the 10 s windows pass in two seconds.
        h.fake.clock.run(rate: 5)
        let acks = await withTaskGroup(of: VenueAck.self) { group in
            for bot in 0..<100 {
                for k in 0..<2 {
                    group.addTask {
                        let r = OrderRequest(id: ClientOrderID(bot: "bot-\(bot)", sequence: UInt64(k)), side: .buy,
                                             type: .limit(Price.of("80000")), quantity: Quantity.of("0.001"))
                        return await h.venue.call(.submit(r), instrument: inst)
                    }
                }
            }
            var out: [VenueAck] = []
            for await a in group { out.append(a) }
            return out
        }
        #expect(acks.count == 200 && acks.allSatisfy { $0 == .accepted })
        let c = h.fake.counters
        let stats = await h.venue.stats
        #expect(c.weightLimited == 0 && c.orderLimited == 0 && c.forcedRateLimits == 0 && c.bans == 0,
                "the fake saw \(c.requests["/api/v3/order"] ?? 0) order calls, the gateway sent \(stats.requests) requests; weight refused \(c.weightLimited), orders refused \(c.orderLimited), most orders in 10 s \(c.maxOrdersPer10s), most weight in a minute \(c.maxWeightPerMinute)")
        #expect(c.maxOrdersPer10s <= 20 && c.maxWeightPerMinute <= 300)
        #expect(stats.rateLimitedAnswers == 0 && stats.orderLimitWaits > 0)
        #expect(h.fake.openOrders(H.key).count == 200)
    }

    @Test func aBanAnotherProgramEarnedIsWaitedOut() async throws {
        let h = try await H.start(account: Self.rich)
        defer { Task { await h.stop() } }
        h.fake.setLimits { $0.firstBanMs = 20_000; $0.toleratedAfter429 = 0 }
        let inst = try await h.open()
        // Another program on this IP goes on sending through a 429: the IP is banned.
        h.fake.faults { $0.rateLimitNext = 1 }
        let clock = h.fake.clock
        for _ in 0..<3 {
            let rogue = BinanceRestClient(base: h.endpoints.rest, credentials: nil, caFile: h.endpoints.caFile,
                                          clock: VenueClock(local: { clock.nowMs }), limits: BinanceIPLimits())
            _ = try? await rogue.send(BinanceRest.serverTime())
            rogue.close()
        }
        let until = try #require(h.fake.bannedUntilMs)
        let refusedBefore = h.fake.counters.bannedRequests
        h.fake.clock.run(rate: 5)
        let r = OrderRequest(id: ClientOrderID(bot: "after-ban", sequence: 1), side: .buy, type: .market, quantity: Quantity.of("0.01"))
        #expect(await h.venue.call(.submit(r), instrument: inst) == .accepted)
        #expect(h.fake.clock.nowMs >= until)
        let c = h.fake.counters
        // The gateway's first send met the ban and nothing more went out until it ended.
        #expect(c.bans == 1)
        #expect(c.bannedRequests - refusedBefore == 1)
        #expect(await h.venue.stats.bans == 1)
        #expect(c.ordersPlaced == 1)
    }

    /// One order in five meets a fault (executed then a 5xx, executed and never answered,
    /// lost on the way, a 429); no order is lost or doubled, and the account's BTC is what the
    /// fills say, fees in base included.
    @Test func oneCallInFiveFailingLosesAndDoublesNothing() async throws {
        let h = try await H.start(account: Self.rich, timeout: .milliseconds(500))
        defer { Task { await h.stop() } }
        let inst = try await h.open()
        h.fake.clock.run(rate: 5)
        var rng = SplitMix64(seed: 12)
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
            let r = OrderRequest(id: ClientOrderID(bot: "faults", sequence: UInt64(n)), side: side, type: .market, quantity: Quantity.of("0.01"))
            ids.append(r.id)
            #expect(await h.venue.call(.submit(r), instrument: inst) == .accepted, "order \(n)")
        }
        try await bnWait { ids.allSatisfy { id in h.sink.fills.contains { $0.orderID == id } } }
        for id in ids {
            #expect(h.sink.fills.filter { $0.orderID == id }.reduce(Quantity.zero) { $0 + $1.quantity } == Quantity.of("0.01"))
        }
        #expect(h.fake.counters.ordersPlaced == 40)
        let held = h.sink.fills.reduce(Quantity.zero) { $0 + $1.heldChange }
        #expect(try #require(h.fake.balance(H.key, "BTC")).total == 100 + Money(raw: held.raw))
        let c = h.fake.counters
        #expect(c.serverErrors + c.heldResponses + c.lostRequests + c.forcedRateLimits > 4)
    }

    @Test func userEventsLostOnTheWayAreRecoveredByTheReconciliation() async throws {
        let h = try await H.start()
        defer { Task { await h.stop() } }
        let inst = try await h.open()
        let buy = OrderRequest(id: ClientOrderID(bot: "lost-events", sequence: 1), side: .buy, type: .limit(Price.of("99000")),
                               quantity: Quantity.of("0.01"))
        #expect(await h.venue.call(.submit(buy), instrument: inst) == .accepted)
        h.fake.faults { $0.dropNextUserEvents = 5 }
        try h.fake.printTrade("BTCUSDT", price: Price.of("98000"))
        try await Task.sleep(for: .milliseconds(200))
        #expect(h.sink.fills.isEmpty)
        // The connection drops; the next subscription's reconciliation finds the fill.
        h.fake.dropConnections()
        try await bnWait { h.sink.fills.count == 1 }
        #expect(h.sink.fills.first?.orderID == buy.id)
        #expect(await h.venue.stats.fillsRecovered >= 1)
    }
}
