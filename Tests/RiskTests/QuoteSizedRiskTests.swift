import BotCore
import Risk
import Testing

/// A market order sized in quote: RiskGuard reserves what the amount buys at the last price
/// and judges it by the amount; the ledger closes it when the venue says it is complete.
struct QuoteSizedRiskTests {
    let id = ClientOrderID(bot: "q", sequence: 1)

    @Test func theReserveIsWhatTheAmountBuysAtTheLastPriceDownToTheLot() throws {
        let ledger = BotLedger(bot: "q", instrument: spot)
        let r = try RiskGuard().check(.marketQuote(id: id, side: .buy, quote: Money.of("1000")), ledger: ledger,
                                      lastPrice: Price.of("30000")).get()
        #expect(r.quantity == Quantity.of("0.03333") && r.quoteQuantity == Money.of("1000") && r.type == .market)
        // On a swap, in contracts of 0.01 BTC each.
        let c = try RiskGuard().check(.marketQuote(id: id, side: .sell, quote: Money.of("1000")), ledger: BotLedger(bot: "q", instrument: swap),
                                      lastPrice: Price.of("30000")).get()
        #expect(c.quantity == Quantity.of("3.33"))
    }

    @Test func itIsJudgedByItsAmount() {
        let g = RiskGuard(limits: RiskLimits(maxNotional: Money.of("500")))
        let ledger = BotLedger(bot: "q", instrument: spot)
        // 4.99 USDT buys one lot and more, but is under the 5 USDT minimum notional.
        #expect(g.check(.marketQuote(id: id, side: .buy, quote: Money.of("4.99")), ledger: ledger, lastPrice: Price.of("30000"))
            .failureCode == .notionalBelowMinimum)
        #expect(g.check(.marketQuote(id: id, side: .buy, quote: Money.of("600")), ledger: ledger, lastPrice: Price.of("30000"))
            .failureCode == .maxNotionalExceeded)
        #expect(g.check(.marketQuote(id: id, side: .buy, quote: Money.of("0.0001")), ledger: ledger, lastPrice: Price.of("30000"))
            .failureCode == .quantityBelowMinimum)
    }

    @Test func onlyAMarketOrderThatIsNotReduceOnlyIsSizedInQuote() {
        let ledger = BotLedger(bot: "q", instrument: spot)
        var limit = OrderRequest.marketQuote(id: id, side: .buy, quote: Money.of("100"))
        limit.type = .limit(Price.of("29000"))
        let denied = RiskGuard().check(limit, ledger: ledger, lastPrice: Price.of("30000"))
        #expect(denied.failureCode == .invalidQuoteQuantity)
        #expect(denied.failureDetail.contains("limit"))
        var reduce = OrderRequest.marketQuote(id: id, side: .sell, quote: Money.of("100"))
        reduce.reduceOnly = true
        #expect(RiskGuard().check(reduce, ledger: ledger, lastPrice: Price.of("30000")).failureCode == .invalidQuoteQuantity)
        #expect(RiskGuard().check(.marketQuote(id: id, side: .buy, quote: Money.of("-5")), ledger: ledger, lastPrice: Price.of("30000"))
            .failureCode == .invalidQuoteQuantity)
        #expect(RiskGuard().check(.marketQuote(id: id, side: .buy, quote: Money.of("100")), ledger: ledger, lastPrice: nil)
            .failureCode == .noMarketPrice)
        // An amount no size can represent at a price near zero: denied, not a crash.
        #expect(RiskGuard().check(.marketQuote(id: id, side: .buy, quote: Money(raw: Int64.max / 8)), ledger: ledger,
                                  lastPrice: Price(raw: 1)).failureCode == .maxNotionalExceeded)
    }

    @Test func theLedgerEndsItOnCompletedWhateverItsFillsAddUpTo() throws {
        var ledger = BotLedger(bot: "q", instrument: spot)
        let r = try RiskGuard().check(.marketQuote(id: id, side: .buy, quote: Money.of("1000")), ledger: ledger,
                                      lastPrice: Price.of("30000")).get()
        ledger.submit(r)
        ledger.apply(.accepted(id))
        // The price fell: the amount bought more than the reserve.
        ledger.apply(.filled(Fill(orderID: id, ts: 1, side: .buy, positionSide: .net, price: Price.of("25000"), quantity: Quantity.of("0.04"),
                                  fee: 0, liquidity: .taker, tradeID: "1")))
        #expect(ledger.order(id)?.status == .partiallyFilled)
        #expect(ledger.openQuantity(side: .buy, positionSide: .net) == .zero)
        ledger.apply(.completed(id))
        #expect(ledger.order(id)?.status == .filled && ledger.openOrderCount == 0)
        #expect(ledger.position(.net).quantity == Quantity.of("0.04"))
        // An order sized in base is closed by its fills; a completed after them changes nothing.
        let base = OrderRequest(id: ClientOrderID(bot: "q", sequence: 2), side: .sell, type: .market, quantity: Quantity.of("0.04"))
        ledger.submit(base)
        ledger.apply(.filled(Fill(orderID: base.id, ts: 2, side: .sell, positionSide: .net, price: Price.of("25000"),
                                  quantity: Quantity.of("0.04"), fee: 0, liquidity: .taker, tradeID: "2")))
        #expect(ledger.order(base.id)?.status == .filled)
        ledger.apply(.completed(base.id))
        #expect(ledger.order(base.id)?.history == [.pendingNew, .filled])
    }
}

extension Result where Failure == RiskDenial {
    var failureDetail: String { if case .failure(let d) = self { d.detail } else { "" } }
}
