import BotCore
import OKX
import OKXFake
import OKXWire
import Testing

/// The private stream and the reconciliation after each reconnection.
@Suite("OKX gateway: private stream") struct GatewayStreamTests {
    static let btc = GatewayHarness.btc

    @Test func fillWhileTheStreamIsDownArrivesAfterTheReconnection() async throws {
        let h = try await GatewayHarness.start()
        defer { Task { await h.stop() } }
        try await h.open()
        let r = gwOrder(1, .buy, .limit(Price.of("99000")), "0.02")
        #expect(await h.venue.call(.submit(r), instrument: Self.btc) == .accepted)
        // Every connection dropped, and the order fills before the stream is back.
        h.fake.dropConnections()
        try h.fake.printTrade("BTC-USDT-SWAP", px: Price.of("98900"), sz: Quantity.of("5"), side: .sell)
        try await gwWait(10, "the reconciliation after the drop") { await h.venue.stats.reconciliations >= 2 }
        try await gwWait(5, "the fill") { !h.sink.fills(r.id).isEmpty }
        #expect(h.sink.distinctFills(r.id).map(\.quantity).reduce(.zero, +) == Quantity.of("0.02"))
        #expect(await h.venue.stats.streamDrops >= 1)
    }

    @Test func cancelWhileTheStreamIsDownIsReportedAfterTheReconnection() async throws {
        let h = try await GatewayHarness.start()
        defer { Task { await h.stop() } }
        try await h.open()
        let r = gwOrder(2, .buy, .limit(Price.of("90000")), "0.02")
        #expect(await h.venue.call(.submit(r), instrument: Self.btc) == .accepted)
        h.fake.dropConnections()
        // Cancelled by someone else (the OKX app) while no stream listened.
        _ = try await h.venue.rest.send(OKXRest.cancelOrder(instId: "BTC-USDT-SWAP", .client(r.id.description)))
        try await gwWait(10, "the cancellation") { h.sink.count { $0 == .cancelled(r.id) } >= 1 }
    }

    @Test func ordersNotPlacedByBotdAreReportedAndLeftAlone() async throws {
        let h = try await GatewayHarness.start()
        defer { Task { await h.stop() } }
        // Placed by hand before botd starts, without a client id of ours.
        let manual = try OKXRest.placeOrder(OKXOrderParams(instId: "BTC-USDT-SWAP", tdMode: .isolated, side: .buy, orderType: .limit,
                                                          size: Quantity.of("0.01"), price: Price.of("85000"), clientOrderID: "byhand1"))
        try await h.venue.rest.syncClock()
        let answer = try await h.venue.rest.send(manual)
        #expect(try OKXResponse.ack(status: answer.status, body: answer.body).sCode == "0")
        try await h.open()
        #expect(await h.venue.stats.foreignOrders >= 1)
        #expect(h.sink.all.isEmpty)
        // Still there.
        let pending = try await h.venue.rest.data(OKXOrder.self, OKXRest.pendingOrders(instId: "BTC-USDT-SWAP"))
        #expect(pending.map(\.clientOrderID) == ["byhand1"])
    }

    @Test func adoptsAnOpenOrderOfOursAfterARestart() async throws {
        let h = try await GatewayHarness.start()
        defer { Task { await h.stop() } }
        try await h.open()
        let r = gwOrder(3, .sell, .limit(Price.of("110000")), "0.01")
        #expect(await h.venue.call(.submit(r), instrument: Self.btc) == .accepted)
        // A second gateway on the same account: a botd started again after kill -9.
        let creds = OKXCredentials(apiKey: h.account.apiKey, secret: h.account.secret, passphrase: h.account.passphrase)
        let clock = h.fake.clock
        let rest = OKXRestClient(base: h.endpoints.rest, environment: .demo, credentials: creds, caFile: h.endpoints.caFile,
                                 clock: VenueClock(local: { clock.nowMs }))
        let again = OKXVenue(settings: OKXAccountSettings(account: "main", positionMode: .net, privateURL: h.endpoints.wsPrivate,
                                                          businessURL: h.endpoints.wsBusiness, caFile: h.endpoints.caFile),
                             rest: rest, credentials: creds, logger: .init(label: "again"))
        let sink = GWEvents()
        await again.connect(sink)
        try await again.open()
        defer { Task { await again.close() } }
        try await gwWait { sink.count { $0 == .accepted(r.id) } == 1 }
        #expect(try await again.order(r.id, instrument: Self.btc.id)?.status == .accepted)
    }

    @Test func partialFillLeavingDustCancelsTheRemainder() async throws {
        let h = try await GatewayHarness.start()
        defer { Task { await h.stop() } }
        try await h.open()
        h.fake.setPartialFills(true)
        // No rules loaded from the venue (no `prepare`): the gateway goes by the instrument it is
        // given, whose minimum size is 0.05.
        let dusty = Instrument(id: Self.btc.id, kind: .perpetual, base: "BTC", quote: "USDT", tickSize: Price.of("0.1"),
                               lotSize: Quantity.of("0.01"), minSize: Quantity.of("0.05"), minNotional: 0,
                               contractValue: Quantity.of("0.01"), makerFee: 0, takerFee: 0)
        let r = gwOrder(4, .buy, .limit(Price.of("99000")), "0.10")
        #expect(await h.venue.call(.submit(r), instrument: dusty) == .accepted)
        // 0.07 fills: 0.03 would remain, under this instrument's minimum of 0.05.
        try h.fake.printTrade("BTC-USDT-SWAP", px: Price.of("98900"), sz: Quantity.of("0.07"), side: .sell)
        try await gwWait(10, "the remainder's cancellation") { h.sink.count { $0 == .cancelled(r.id) } == 1 }
        #expect(await h.venue.stats.dustCancels == 1)
        #expect(h.sink.distinctFills(r.id).map(\.quantity).reduce(.zero, +) == Quantity.of("0.07"))
    }
}

/// After a restart, "not found" is final only once a send by the earlier process has expired.
@Suite("OKX gateway: restarts") struct GatewayRestartTests {
    @Test func notFoundRightAfterOpeningIsAskedAgainAfterTheExpiry() async throws {
        let h = try await GatewayHarness.start()
        defer { Task { await h.stop() } }
        let opened = h.fake.clock.nowMs
        try await h.open()
        let never = gwOrder(9, .buy, .limit(Price.of("90000")), "0.01")
        #expect(try await h.venue.order(never.id, instrument: GatewayHarness.btc.id) == nil)
        // Not before the expiry (1.5 s) and the settling time (0.3 s) after opening.
        #expect(h.fake.clock.nowMs - opened >= 1_800)
        // Once past it, asked once.
        let again = h.fake.clock.nowMs
        #expect(try await h.venue.order(never.id, instrument: GatewayHarness.btc.id) == nil)
        #expect(h.fake.clock.nowMs - again < 1_000)
    }
}

/// OKX keeps an order cancelled unfilled in `trade/order` for 2 hours only; after that the
/// gateway finds it in `orders-history`, so a bot back from a long outage learns it was cancelled.
@Suite("OKX gateway: order history") struct GatewayHistoryTests {
    @Test func anOrderCancelledHoursAgoIsFoundInTheHistory() async throws {
        let h = try await GatewayHarness.start()
        defer { Task { await h.stop() } }
        try await h.open()
        let r = gwOrder(1, .buy, .limit(Price.of("90000")), "0.01")
        #expect(await h.venue.call(.submit(r), instrument: GatewayHarness.btc) == .accepted)
        #expect(await h.venue.call(.cancel(r.id), instrument: GatewayHarness.btc) == .accepted)
        try await gwWait { h.sink.count { $0 == .cancelled(r.id) } == 1 }
        h.fake.clock.advance(by: 2 * 3_600_000 + 60_000)
        // trade/order no longer has it ...
        await #expect(throws: OKXError.self) {
            _ = try await h.venue.rest.data(OKXOrder.self, OKXRest.order(instId: "BTC-USDT-SWAP", .client(r.id.description)))
        }
        // ... the gateway still answers.
        let found = try await h.venue.order(r.id, instrument: GatewayHarness.btc.id)
        #expect(found?.status == .cancelled)
        #expect(found?.request.id == r.id)
    }
}
