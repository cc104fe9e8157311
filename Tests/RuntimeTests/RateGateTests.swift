import BotConfig
import BotCore
import Runtime
import Testing

/// The gate in front of any venue: a bucket per endpoint class and cancels first.
struct RateGateTests {
    /// A venue that only records what reached it, in order.
    actor Recorder: Venue {
        nonisolated let account = "rec"
        var calls: [VenueCall] = []
        var queries = 0
        func connect(_ sink: any VenueEventSink) {}
        func call(_ call: VenueCall, instrument: Instrument) -> VenueAck {
            calls.append(call)
            return .accepted
        }
        func openOrders(instrument: InstrumentID?) -> [VenueOrder] { queries += 1; return [] }
        func order(_ id: ClientOrderID, instrument: InstrumentID) -> VenueOrder? { nil }
        func fills(instrument: InstrumentID, since: Int64) -> [Fill] { [] }
        func positions() -> [VenuePosition] { [] }
        func balances() -> [VenueBalance] { [] }
        func rules(_ id: InstrumentID) -> Instrument? { nil }
    }

    let inst = Instrument(id: InstrumentID(venue: "okx", symbol: "BTC-USDT-SWAP"), kind: .perpetual, base: "BTC", quote: "USDT",
                          tickSize: Price.of("0.1"), lotSize: Quantity.of("0.01"), minSize: Quantity.of("0.01"), minNotional: 0,
                          contractValue: Quantity.of("0.01"), makerFee: Ratio.of("0.0002"), takerFee: Ratio.of("0.0005"))

    func order(_ n: UInt64) -> VenueCall {
        .submit(OrderRequest(id: ClientOrderID(bot: "b", sequence: n), side: .buy, type: .market, quantity: 1))
    }

    @Test func aCancelWaitingForItsTokenGoesBeforeNewOrders() async throws {
        let venue = Recorder()
        // One order token and one cancel token, refilled in 1,000 s: a call after the first
        // of its class waits until the test cancels its task (the gate's sleep then ends).
        // (Refilled in 0.2 s in real time, the buckets were full again before the calls ran
        // when the whole suite loaded a two-core machine, and nothing waited.)
        let gate = RateGate(venue: venue, limits: [.placeOrder: RateLimit(perSecond: 0.001, burst: 1),
                                                    .cancelOrder: RateLimit(perSecond: 0.001, burst: 1)])
        let inst = inst
        _ = await gate.call(order(0), instrument: inst)
        _ = await gate.call(.cancel(ClientOrderID(bot: "b", sequence: 0)), instrument: inst)
        func waits(_ n: Int) async throws {
            for _ in 0..<6_000 where await gate.waits < n { try await Task.sleep(for: .milliseconds(5)) }
            #expect(await gate.waits >= n)
        }
        // Order 1 waits for a token, then a cancel waits for one, then order 2 comes.
        let o1 = Task { await gate.call(order(1), instrument: inst) }
        try await waits(1)
        let c = Task { await gate.call(.cancel(ClientOrderID(bot: "b", sequence: 1)), instrument: inst) }
        try await waits(2)
        let o2 = Task { await gate.call(order(2), instrument: inst) }
        try await Task.sleep(for: .milliseconds(50))
        #expect(await venue.calls.count == 2, "nothing goes while both wait")
        #expect(await gate.waits == 2, "order 2 does not even ask for a token while the cancel waits")
        // The cancel's token comes: it goes, and only then may order 2 take its turn.
        c.cancel()
        _ = await c.value
        try await waits(3)
        o1.cancel()
        o2.cancel()
        _ = await (o1.value, o2.value)
        let seen = await venue.calls.map { call -> String in
            if case .cancel = call { "cancel \(call.orderID.sequence)" } else { "order \(call.orderID.sequence)" }
        }
        // The first order waiting for a token cannot be overtaken once it holds one, but the
        // second order waits behind the cancel.
        #expect(seen.firstIndex(of: "cancel 1")! < seen.firstIndex(of: "order 2")!, "\(seen)")
        #expect(seen.count == 5)
    }

    @Test func eachEndpointClassHasItsOwnBucketAndNoneMeansNoLimit() async throws {
        let venue = Recorder()
        let gate = RateGate(venue: venue, limits: [.query: RateLimit(perSecond: 0.001, burst: 1)])
        // Orders are not limited here: ten go through at once.
        for n in 0..<10 { _ = await gate.call(order(UInt64(n)), instrument: inst) }
        #expect(await gate.waits == 0)
        _ = try await gate.openOrders(instrument: nil)
        #expect(await gate.waits == 0)
        // The second query would wait 1,000 s: it is still waiting after a moment.
        let q = Task { try await gate.openOrders(instrument: nil) }
        try await Task.sleep(for: .milliseconds(100))
        #expect(await venue.queries == 1)
        q.cancel()
    }
}
