import BotCore
import OKX
import OKXFake
import OKXWire
import Testing

/// The OKX gateway against the fake: orders, cancels, stops as algo orders, fills once.
@Suite("OKX gateway: orders") struct GatewayOrderTests {
    @Test func marketOrderFillsAndReportsOnce() async throws {
        let h = try await GatewayHarness.start()
        defer { Task { await h.stop() } }
        try await h.open()
        let r = gwOrder(1, .buy, .market, "0.05")
        let ack = await h.venue.call(.submit(r), instrument: GatewayHarness.btc)
        #expect(ack == .accepted)
        try await gwWait { h.sink.fills(r.id).count >= 1 }
        let fills = h.sink.distinctFills(r.id)
        #expect(fills.map(\.quantity).reduce(.zero, +) == Quantity.of("0.05"))
        #expect(fills.allSatisfy { $0.tradeID != nil && $0.fee.raw > 0 && $0.liquidity == .taker })
        // The answer reported the acceptance: the stream's "live" for the same order is not
        // reported again.
        #expect(h.sink.count { $0 == .accepted(r.id) } == 0)
        let positions = try await h.venue.positions()
        #expect(positions.contains { $0.instrument.symbol == "BTC-USDT-SWAP" && $0.quantity == Quantity.of("0.05") })
        let found = try await h.venue.order(r.id, instrument: GatewayHarness.btc.id)
        #expect(found?.status == .filled)
        #expect(found?.filled == Quantity.of("0.05"))
    }

    @Test func limitOrderCancelledOnce() async throws {
        let h = try await GatewayHarness.start()
        defer { Task { await h.stop() } }
        try await h.open()
        let r = gwOrder(2, .buy, .limit(Price.of("90000")), "0.02")
        #expect(await h.venue.call(.submit(r), instrument: GatewayHarness.btc) == .accepted)
        let open = try await h.venue.openOrders(instrument: GatewayHarness.btc.id)
        #expect(open.map(\.request.id) == [r.id])
        #expect(await h.venue.call(.cancel(r.id), instrument: GatewayHarness.btc) == .accepted)
        try await gwWait { h.sink.count { $0 == .cancelled(r.id) } >= 1 }
        try await Task.sleep(for: .milliseconds(200))
        #expect(h.sink.count { $0 == .cancelled(r.id) } == 1)
        #expect(try await h.venue.openOrders(instrument: GatewayHarness.btc.id).isEmpty)
    }

    @Test func offTickPriceIsRoundedToTheVenueRules() async throws {
        let h = try await GatewayHarness.start()
        defer { Task { await h.stop() } }
        try await h.open()
        // 90000.07 is not on the 0.1 tick: a buy rounds down, never paying more.
        let r = gwOrder(3, .buy, .limit(Price.of("90000.07")), "0.013")
        #expect(await h.venue.call(.submit(r), instrument: GatewayHarness.btc) == .accepted)
        let o = try await h.venue.order(r.id, instrument: GatewayHarness.btc.id)
        #expect(o?.request.type == .limit(Price.of("90000")))
        #expect(o?.request.quantity == Quantity.of("0.01"))
    }

    @Test func venueRefusalIsReportedWithItsCode() async throws {
        let h = try await GatewayHarness.start(account: FakeAccount(apiKey: "key-1", secret: "secret-1", passphrase: "pass-1", usdt: 1))
        defer { Task { await h.stop() } }
        try await h.open()
        let ack = await h.venue.call(.submit(gwOrder(4, .buy, .market, "10")), instrument: GatewayHarness.btc)
        guard case .rejected(let code, _) = ack else { Issue.record("expected a refusal, got \(ack)"); return }
        #expect(code.hasPrefix("51008"))
    }

    @Test func stopIsAnAlgoOrderThatFillsUnderItsOwnID() async throws {
        let h = try await GatewayHarness.start()
        defer { Task { await h.stop() } }
        try await h.open()
        #expect(await h.venue.call(.submit(gwOrder(5, .buy, .market, "0.03")), instrument: GatewayHarness.btc) == .accepted)
        let stop = gwOrder(6, .sell, .stopMarket(trigger: Price.of("99000")), "0.03", reduceOnly: true)
        #expect(await h.venue.call(.submit(stop), instrument: GatewayHarness.btc) == .accepted)
        // At the venue, waiting as an algo order: it protects the position without botd.
        let open = try await h.venue.openOrders(instrument: GatewayHarness.btc.id)
        #expect(open.contains { $0.request.id == stop.id && $0.request.type == .stopMarket(trigger: Price.of("99000")) })
        try h.fake.printTrade("BTC-USDT-SWAP", px: Price.of("98900"), sz: Quantity.of("1"), side: .sell)
        // The trigger comes on /business (orders-algo), the fill on /private (orders): in either order.
        try await gwWait(30, "the stop's fill and trigger") { !h.sink.fills(stop.id).isEmpty && h.sink.count { $0 == .triggered(stop.id) } >= 1 }
        #expect(h.sink.count { $0 == .triggered(stop.id) } == 1)
        #expect(h.sink.distinctFills(stop.id).map(\.quantity).reduce(.zero, +) == Quantity.of("0.03"))
        let looked = try await h.venue.order(stop.id, instrument: GatewayHarness.btc.id)
        #expect(looked?.filled == Quantity.of("0.03"))
        #expect(looked?.status == .filled)
        let fills = try await h.venue.fills(instrument: GatewayHarness.btc.id, since: 0)
        #expect(fills.contains { $0.orderID == stop.id })
    }

    @Test func stopCancelledAsAlgo() async throws {
        let h = try await GatewayHarness.start()
        defer { Task { await h.stop() } }
        try await h.open()
        #expect(await h.venue.call(.submit(gwOrder(7, .buy, .market, "0.02")), instrument: GatewayHarness.btc) == .accepted)
        let stop = gwOrder(8, .sell, .stopMarket(trigger: Price.of("95000")), "0.02", reduceOnly: true)
        #expect(await h.venue.call(.submit(stop), instrument: GatewayHarness.btc) == .accepted)
        #expect(await h.venue.call(.cancel(stop.id), instrument: GatewayHarness.btc) == .accepted)
        try await gwWait { h.sink.count { $0 == .cancelled(stop.id) } == 1 }
        #expect(try await h.venue.openOrders(instrument: GatewayHarness.btc.id).isEmpty)
    }
}
