import BotCore
import OKX
import OKXFake
import OKXWire
import Testing

/// What OKX does to the account's positions by itself reaches the runtime: funding fees from
/// the account's bills, liquidations from the `orders` pushes and the order history.
@Suite("OKX gateway: funding and liquidations") struct GatewaySettlementTests {
    static let btc = GatewayHarness.btc
    static let instId = "BTC-USDT-SWAP"

    static func hedged() async throws -> GatewayHarness {
        try await GatewayHarness.start(account: FakeAccount(apiKey: "key-1", secret: "secret-1", passphrase: "pass-1",
                                                            positionMode: .longShort),
                                       positionMode: .longShort, tune: { $0.fundingPollEvery = .milliseconds(100) })
    }

    /// Fills `qty` at market on `side` of `leg`, and waits for the fill.
    static func trade(_ h: GatewayHarness, _ seq: UInt64, _ side: Side, _ qty: String, leg: PositionSide) async throws {
        let r = gwOrder(seq, side, .market, qty, positionSide: leg)
        #expect(await h.venue.call(.submit(r), instrument: btc) == .accepted)
        try await gwWait(10, "the fill of \(seq)") { !h.sink.fills(r.id).isEmpty }
    }

    @Test func fundingReachesEachLegAtTheSettledRateOnce() async throws {
        let h = try await Self.hedged()
        defer { Task { await h.stop() } }
        try await h.open()
        try await Self.trade(h, 1, .buy, "0.03", leg: .long)
        try await Self.trade(h, 2, .sell, "0.02", leg: .short)
        try h.fake.settleFunding(Self.instId, rate: Ratio.of("0.0001"))
        try await gwWait(10, "both legs' settlements") { h.sink.funding.count >= 2 }
        let long = try #require(h.sink.funding.first { $0.side == .long })
        let short = try #require(h.sink.funding.first { $0.side == .short })
        #expect(long.rate == Ratio.of("0.0001") && short.rate == Ratio.of("0.0001") && long.ts == short.ts)
        #expect(long.mark == Price.of("100000"))
        // What each leg pays by the settlement is what OKX billed it: the long pays, the short
        // (a negative quantity) receives.
        let bills = try await h.venue.rest.data(OKXBill.self, OKXRest.bills(type: "8"))
        let paid = bills.filter { $0.subType == "173" }.map(\.balanceChange)
        let received = bills.filter { $0.subType == "174" }.map(\.balanceChange)
        #expect(paid == [-long.payment(quantity: Quantity.of("0.03"), Self.btc)])
        #expect(received == [-short.payment(quantity: Quantity.of("-0.02"), Self.btc)])
        #expect(long.payment(quantity: Quantity.of("0.03"), Self.btc) == Money.of("0.003"))

        // Eight hours on, a negative rate: the short pays, the long receives; each reported once.
        h.fake.clock.advance(by: 8 * 3_600_000)
        try h.fake.settleFunding(Self.instId, rate: Ratio.of("-0.0002"))
        try await gwWait(10, "the second settlement") { h.sink.funding.count >= 4 }
        try await Task.sleep(for: .milliseconds(500))
        let billsHandedOn = await h.venue.stats.fundingBills
        #expect(h.sink.funding.count == 4 && billsHandedOn == 4)
        let second = h.sink.funding.suffix(2)
        #expect(second.allSatisfy { $0.rate == Ratio.of("-0.0002") } && Set(second.compactMap(\.side)) == [.long, .short])
    }

    @Test func fundingOnANetAccountIsForTheNetLeg() async throws {
        let h = try await GatewayHarness.start(tune: { $0.fundingPollEvery = .milliseconds(100) })
        defer { Task { await h.stop() } }
        try await h.open()
        try await Self.trade(h, 1, .sell, "0.05", leg: .net)
        try h.fake.settleFunding(Self.instId, rate: Ratio.of("0.0003"))
        try await gwWait(10, "the settlement") { h.sink.funding.count == 1 }
        let f = try #require(h.sink.funding.first)
        #expect(f.side == .net && f.rate == Ratio.of("0.0003"))
        // A short at a positive rate receives: 0.05 × 0.01 BTC × 100,000 × 0.0003.
        #expect(f.payment(quantity: Quantity.of("-0.05"), Self.btc) == Money.of("-0.015"))
    }

    @Test func aLiquidationIsReportedOnceWithItsExecution() async throws {
        let h = try await GatewayHarness.start()
        defer { Task { await h.stop() } }
        try await h.open()
        _ = try await h.venue.prepare(Self.btc, leverage: Ratio.of("50"), sides: [.net])
        try await Self.trade(h, 1, .buy, "0.05", leg: .net)
        // At 50×: liquidated at 100,000 × (1 − 1/50 + 0.004) = 98,400, filled at the bankruptcy
        // price 100,000 × (1 − 1/50) = 98,000.
        try h.fake.printTrade(Self.instId, px: Price.of("98300"), sz: Quantity.of("1"), side: .sell)
        try await gwWait(10, "the liquidation") { h.sink.liquidations.count == 1 }
        let l = try #require(h.sink.liquidations.first)
        #expect(l.kind == .full && l.fill.side == .sell && l.fill.positionSide == .net)
        #expect(l.fill.quantity == Quantity.of("0.05") && l.fill.price == Price.of("98000"))
        #expect(l.fill.tradeID?.isEmpty == false && !l.venueOrderID.isEmpty && l.lotSize == Quantity.of("0.01"))
        // The fee OKX charged, in quote: taker 0.05% of 0.05 × 0.01 × 98,000.
        #expect(l.fill.fee == Money.of("0.0245"))
        // The reconciliation after a reconnection finds it again; it is reported once.
        h.fake.dropConnections()
        try await gwWait(10, "the reconciliation") { await h.venue.stats.reconciliations >= 2 }
        let reported = await h.venue.stats.liquidations
        #expect(h.sink.liquidations.count == 1 && reported == 1)
        // Never taken for an order of ours.
        #expect(h.sink.all.allSatisfy { $0.orderID == gwOrder(1, .buy, .market, "0.05").id })
    }

    @Test func aLiquidationWhileBotdWasDownIsFoundWhenItOpens() async throws {
        let h = try await Self.hedged()
        defer { Task { await h.stop() } }
        try await h.open()
        try await Self.trade(h, 1, .buy, "0.04", leg: .long)
        await h.venue.close()
        // OKX takes part of the long while no botd runs.
        try h.fake.liquidate(Self.instId, account: h.account.uid, posSide: "long", size: Quantity.of("0.01"))

        let again = try await GatewayHarness.reopen(h)
        defer { Task { await again.venue.close() } }
        try await gwWait(10, "the liquidation found at opening") { again.sink.liquidations.count == 1 }
        let l = try #require(again.sink.liquidations.first)
        #expect(l.kind == .partial && l.fill.positionSide == .long && l.fill.side == .sell && l.fill.quantity == Quantity.of("0.01"))
    }
}
