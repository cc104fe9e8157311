import BotCore
import Risk
import Testing

let swap = Instrument(id: InstrumentID(venue: "okx", symbol: "BTC-USDT-SWAP"), kind: .perpetual, base: "BTC", quote: "USDT",
                      tickSize: Price.of("0.1"), lotSize: Quantity.of("0.01"), minSize: Quantity.of("0.01"), minNotional: 0,
                      contractValue: Quantity.of("0.01"), makerFee: Ratio.of("0.0002"), takerFee: Ratio.of("0.0005"))
let spot = Instrument(id: InstrumentID(venue: "binance", symbol: "BTCUSDT"), kind: .spot, base: "BTC", quote: "USDT",
                      tickSize: Price.of("0.01"), lotSize: Quantity.of("0.00001"), minSize: Quantity.of("0.00001"),
                      minNotional: 5, makerFee: Ratio.of("0.001"), takerFee: Ratio.of("0.001"))

struct RiskGuardTests {
    func request(_ bot: String, _ seq: UInt64, _ side: Side, _ type: OrderType, _ qty: String, reduceOnly: Bool = false,
                 positionSide: PositionSide = .net) -> OrderRequest {
        OrderRequest(id: ClientOrderID(bot: bot, sequence: seq), side: side, type: type, quantity: Quantity.of(qty),
                     reduceOnly: reduceOnly, positionSide: positionSide)
    }

    func fill(_ ledger: inout BotLedger, _ r: OrderRequest, price: String) {
        ledger.submit(r)
        ledger.apply(.accepted(r.id))
        ledger.apply(.filled(Fill(orderID: r.id, ts: 0, side: r.side, positionSide: r.positionSide, price: Price.of(price),
                                  quantity: r.quantity, fee: 0, liquidity: .taker)))
    }

    @Test func roundsToTickAndLotInTheStatedDirection() throws {
        let g = RiskGuard()
        let ledger = BotLedger(bot: "a", instrument: swap)
        let buy = try g.check(request("a", 0, .buy, .limit(Price.of("100000.37")), "0.129"), ledger: ledger,
                              lastPrice: Price.of("100000")).get()
        #expect(buy.type == .limit(Price.of("100000.3")))   // a buy never pays more than asked
        #expect(buy.quantity == Quantity.of("0.12"))        // never more than asked
        let sell = try g.check(request("a", 1, .sell, .limit(Price.of("100000.31")), "0.12"), ledger: ledger,
                               lastPrice: Price.of("100000")).get()
        #expect(sell.type == .limit(Price.of("100000.4")))  // a sell never receives less than asked
        var up = request("a", 2, .buy, .market, "0.015")
        up.quantityRounding = .up
        #expect(try g.check(up, ledger: ledger, lastPrice: Price.of("1")).get().quantity == Quantity.of("0.02"))
    }

    @Test func deniesWithStableCodes() {
        let ledger = BotLedger(bot: "a", instrument: spot)
        let last = Price.of("100000")
        func code(_ g: RiskGuard, _ r: OrderRequest, user: UserExposure = UserExposure(), last: Price? = last) -> RiskDenial.Code? {
            if case .failure(let d) = g.check(r, ledger: ledger, user: user, lastPrice: last) { return d.code }
            return nil
        }
        let g = RiskGuard(limits: RiskLimits(maxPosition: Quantity.of("0.5"), maxNotional: 40_000, maxOpenOrders: 5,
                                             priceBand: Ratio.of("0.05")),
                          userLimits: UserLimits(maxNotional: 30_000, dailyLoss: 1000))
        #expect(code(g, request("a", 0, .buy, .market, "0.000001")) == .quantityBelowMinimum)
        #expect(code(g, request("a", 0, .buy, .market, "0.00004")) == .notionalBelowMinimum)  // 4 USDT < 5
        #expect(code(g, request("a", 0, .buy, .market, "0.1"), last: nil) == .noMarketPrice)
        #expect(code(g, request("a", 0, .buy, .limit(Price.of("94000")), "0.1")) == .priceBand)
        #expect(code(g, request("a", 0, .buy, .limit(Price.of("96000")), "0.1")) == nil)
        #expect(code(g, request("a", 0, .buy, .market, "0.6")) == .maxPositionExceeded)
        #expect(code(g, request("a", 0, .buy, .market, "0.45")) == .maxNotionalExceeded)
        #expect(code(g, request("a", 0, .buy, .market, "0.35")) == .maxUserNotionalExceeded)
        #expect(code(g, request("a", 0, .buy, .market, "0.1"), user: UserExposure(dailyPnL: -1000)) == .dailyLossKillSwitch)
        #expect(code(g, request("a", 0, .sell, .market, "0.1", reduceOnly: true)) == .reduceOnlyExceedsPosition)
        if case .failure(let d) = g.check(request("a", 0, .buy, .market, "0.00004"), ledger: ledger, lastPrice: last) {
            #expect(d.description == "MIN_NOTIONAL: notional=4, min_notional=5")
        }
    }

    @Test func absurdSizesAreDeniedNotOverflowed() {
        let ledger = BotLedger(bot: "a", instrument: spot)
        let r = request("a", 0, .buy, .market, "9000000000")
        guard case .failure(let d) = RiskGuard().check(r, ledger: ledger, lastPrice: Price.of("100000")) else {
            Issue.record("expected a denial"); return
        }
        #expect(d.code == .maxNotionalExceeded && d.detail.contains("beyond the representable"))
    }

    @Test func maxOpenOrdersCountsTheBotsOwnOrders() {
        var ledger = BotLedger(bot: "a", instrument: swap)
        let g = RiskGuard(limits: RiskLimits(maxOpenOrders: 2))
        for i: UInt64 in 0..<2 { ledger.submit(request("a", i, .buy, .limit(Price.of("90000")), "0.01")) }
        guard case .failure(let d) = g.check(request("a", 9, .buy, .limit(Price.of("90000")), "0.01"), ledger: ledger,
                                             lastPrice: Price.of("100000")) else { Issue.record("expected a denial"); return }
        #expect(d.code == .maxOpenOrders)
        ledger.apply(.cancelled(ClientOrderID(bot: "a", sequence: 0)))
        let after = g.check(request("a", 9, .buy, .limit(Price.of("90000")), "0.01"), ledger: ledger, lastPrice: Price.of("100000"))
        #expect((try? after.get()) != nil)
    }

    @Test func twoBotsOnOneAccountKeepSeparateLedgers() {
        var a = BotLedger(bot: "alice-btc", instrument: swap), b = BotLedger(bot: "bob-btc", instrument: swap)
        fill(&a, request("alice-btc", 0, .buy, .market, "1"), price: "100000")
        fill(&b, request("bob-btc", 0, .buy, .market, "3"), price: "101000")
        // A fill carrying another bot's id is not ours: it is ignored, never attributed.
        let foreign = Fill(orderID: ClientOrderID(bot: "bob-btc", sequence: 0), ts: 0, side: .buy, positionSide: .net,
                           price: Price.of("1"), quantity: 1, fee: 0, liquidity: .taker)
        let attributed = a.apply(.filled(foreign))
        #expect(!attributed)
        #expect(a.net.quantity == 1 && b.net.quantity == 3)
        #expect(a.owns(ClientOrderID(bot: "alice-btc", sequence: 5)) && !a.owns(ClientOrderID(bot: "bob-btc", sequence: 5)))
        let g = RiskGuard()
        // Alice may reduce only her own 1 contract, though the account holds 4.
        let tooMuch = g.check(request("alice-btc", 1, .sell, .market, "2", reduceOnly: true), ledger: a, lastPrice: Price.of("100000"))
        guard case .failure(let d) = tooMuch else { Issue.record("expected a denial"); return }
        #expect(d.code == .reduceOnlyExceedsPosition)
        #expect((try? g.check(request("alice-btc", 1, .sell, .market, "1", reduceOnly: true), ledger: a,
                              lastPrice: Price.of("100000")).get()) != nil)
        // Open reduce-only orders count against the position too.
        a.submit(request("alice-btc", 2, .sell, .limit(Price.of("110000")), "0.6", reduceOnly: true))
        guard case .failure = g.check(request("alice-btc", 3, .sell, .market, "0.5", reduceOnly: true), ledger: a,
                                      lastPrice: Price.of("100000")) else { Issue.record("expected a denial"); return }
    }

    @Test func stopsAndTakeProfitsAreEachCappedAtThePosition() {
        // A venue keeps a stop for the whole position beside take-profit limits for parts of
        // it: they are alternative exits, so each kind is capped on its own.
        var a = BotLedger(bot: "a", instrument: swap)
        fill(&a, request("a", 0, .buy, .market, "1"), price: "100000")
        let g = RiskGuard(), last = Price.of("100000")
        a.submit(request("a", 1, .sell, .limit(Price.of("102000")), "0.6", reduceOnly: true))
        let stop = request("a", 2, .sell, .stopMarket(trigger: Price.of("98000")), "1", reduceOnly: true)
        #expect((try? g.check(stop, ledger: a, lastPrice: last).get()) != nil)
        a.submit(stop)
        // A second stop, or take-profits beyond the position, are still refused.
        let stop2 = request("a", 3, .sell, .stopMarket(trigger: Price.of("97000")), "0.1", reduceOnly: true)
        guard case .failure(let d1) = g.check(stop2, ledger: a, lastPrice: last) else { Issue.record("expected a denial"); return }
        #expect(d1.code == .reduceOnlyExceedsPosition)
        let tp = request("a", 4, .sell, .limit(Price.of("103000")), "0.5", reduceOnly: true)
        guard case .failure(let d2) = g.check(tp, ledger: a, lastPrice: last) else { Issue.record("expected a denial"); return }
        #expect(d2.code == .reduceOnlyExceedsPosition)
        #expect((try? g.check(request("a", 5, .sell, .limit(Price.of("103000")), "0.4", reduceOnly: true), ledger: a,
                              lastPrice: last).get()) != nil)
    }

    @Test func aStopBeingCancelledDoesNotBlockItsReplacement() {
        // A live venue confirms a cancel later: a stop moved (cancel, then a new stop in the
        // same decision) must not be refused for the old one still counted.
        var a = BotLedger(bot: "a", instrument: swap)
        fill(&a, request("a", 0, .buy, .market, "1"), price: "100000")
        let g = RiskGuard(), last = Price.of("100000")
        let old = request("a", 1, .sell, .stopMarket(trigger: Price.of("98000")), "1", reduceOnly: true)
        a.submit(old)
        a.apply(.accepted(old.id))
        let moved = request("a", 2, .sell, .stopMarket(trigger: Price.of("100000")), "1", reduceOnly: true)
        #expect(g.check(moved, ledger: a, lastPrice: last).failureCode == .reduceOnlyExceedsPosition)
        a.markCancelling(old.id)
        #expect((try? g.check(moved, ledger: a, lastPrice: last).get()) != nil)
        // The cancel refused (the venue still has the stop): it counts again.
        a.apply(.rejected(old.id, reason: "51400"))
        #expect(g.check(moved, ledger: a, lastPrice: last).failureCode == .reduceOnlyExceedsPosition)
        // Cancelled for good: gone from the count and from the cancelling set.
        a.markCancelling(old.id)
        a.apply(.cancelled(old.id))
        #expect(a.cancelling.isEmpty)
        #expect((try? g.check(moved, ledger: a, lastPrice: last).get()) != nil)
    }

    @Test func aRefusedCancelLeavesAFinishedOrderAsItWas() {
        var a = BotLedger(bot: "a", instrument: swap)
        let r = request("a", 0, .buy, .market, "1")
        fill(&a, r, price: "100000")
        #expect(a.order(r.id)?.status == .filled)
        // The venue answers a late cancel with "order does not exist": the order stays filled.
        a.apply(.rejected(r.id, reason: "51400 order does not exist or is already finished"))
        #expect(a.order(r.id)?.status == .filled)
        // A new order the venue refuses is rejected.
        let n = request("a", 1, .buy, .limit(Price.of("90000")), "1")
        a.submit(n)
        a.apply(.rejected(n.id, reason: "51008 insufficient balance"))
        #expect(a.order(n.id)?.status == .rejected && a.openOrderCount == 0)
    }

    @Test func killSwitchStillAllowsReducing() {
        var ledger = BotLedger(bot: "a", instrument: swap)
        fill(&ledger, request("a", 0, .buy, .market, "1"), price: "100000")
        let g = RiskGuard(userLimits: UserLimits(dailyLoss: 100))
        let user = UserExposure(notional: 1000, dailyPnL: -150)
        guard case .failure(let d) = g.check(request("a", 1, .buy, .market, "1"), ledger: ledger, user: user,
                                             lastPrice: Price.of("100000")) else { Issue.record("expected a denial"); return }
        #expect(d.code == .dailyLossKillSwitch)
        let reduce = g.check(request("a", 2, .sell, .market, "1"), ledger: ledger, user: user, lastPrice: Price.of("100000"))
        #expect((try? reduce.get()) != nil)
    }

    @Test func ledgerTracksStatusHistory() {
        var l = BotLedger(bot: "a", instrument: swap)
        let r = request("a", 0, .buy, .limit(Price.of("100")), "2")
        l.submit(r)
        let again = l.submit(r)
        #expect(!again)
        l.apply(.accepted(r.id))
        l.apply(.filled(Fill(orderID: r.id, ts: 0, side: .buy, positionSide: .net, price: Price.of("100"), quantity: 1,
                             fee: 0, liquidity: .maker)))
        #expect(l.openOrderCount == 1)
        l.apply(.cancelled(r.id))
        #expect(l.order(r.id)?.history == [.pendingNew, .accepted, .partiallyFilled, .cancelled])
        #expect(l.openOrderCount == 0 && l.net.quantity == 1)
    }

    @Test func ledgerKeepsOnlyRecentFinishedOrders() {
        var l = BotLedger(bot: "a", instrument: swap)
        let n = 3 * BotLedger.keepFinished
        for i in 0..<UInt64(n) {
            let r = request("a", i, .buy, .limit(Price.of("100")), "1")
            l.submit(r)
            l.apply(.cancelled(r.id))
        }
        let open = request("a", UInt64(n), .buy, .limit(Price.of("100")), "1")
        l.submit(open)
        #expect(l.submittedCount == n + 1 && l.openOrderCount == 1)
        #expect(l.orders.count <= 2 * BotLedger.keepFinished + 1)
        #expect(l.order(open.id) != nil && l.order(ClientOrderID(bot: "a", sequence: UInt64(n - 1))) != nil)
        #expect(l.order(ClientOrderID(bot: "a", sequence: 0)) == nil)
    }
}

extension Result where Failure == RiskDenial {
    var failureCode: RiskDenial.Code? { if case .failure(let d) = self { d.code } else { nil } }
}
