import BotCore
import PaperMatching
import Testing

/// A market order sized in quote on paper: sized at its fill price, down to the lot, as a
/// venue sizes it; then reported complete, as its fills cannot say.
struct QuoteSizedFillTests {
    func quoteOrder(_ seq: UInt64, _ side: Side, _ quote: String) -> OrderRequest {
        var r = OrderRequest.marketQuote(id: ClientOrderID(bot: "t", sequence: seq), side: side, quote: Money.of(quote))
        r.quantity = Quantity.of("0.01")  // RiskGuard's reserve at the last price; the venue never sees it
        return r
    }

    @Test func theAmountIsSizedAtTheFillPriceAndTheOrderReportedComplete() {
        var ex = PaperExchange(instrument: spot, config: PaperConfig(fillModel: .close, initialBalance: 1_000_000))
        _ = walk(&ex, bar(0, "30000", "31000", "29000", "30000"))
        var out: [OrderEvent] = []
        let r = quoteOrder(0, .buy, "1000")
        ex.submit(r, into: &out)
        #expect(out.count == 3 && out.first == .accepted(r.id) && out.last == .completed(r.id), "\(out)")
        let f = fills(out)
        #expect(f.count == 1 && f[0].quantity == Quantity.of("0.03333") && f[0].price == Price.of("30000"))
        #expect(ex.net.quantity == Quantity.of("0.03333"))
    }

    @Test func aQueuedOrderIsSizedAtTheNextOpen() {
        var ex = PaperExchange(instrument: spot, config: PaperConfig(fillModel: .nextOpen, initialBalance: 1_000_000))
        _ = walk(&ex, bar(0, "30000", "31000", "29000", "30000"))
        var out: [OrderEvent] = []
        ex.submit(quoteOrder(0, .buy, "1000"), into: &out)
        #expect(fills(out).isEmpty)
        let events = walk(&ex, bar(60_000, "25000", "26000", "24000", "25500"))
        let f = fills(events)
        #expect(f.count == 1 && f[0].price == Price.of("25000") && f[0].quantity == Quantity.of("0.04"))
        #expect(events.contains(.completed(ClientOrderID(bot: "t", sequence: 0))))
    }

    @Test func anAmountBelowOneLotExpires() {
        var ex = PaperExchange(instrument: spot, config: PaperConfig(fillModel: .close, initialBalance: 1_000_000))
        _ = walk(&ex, bar(0, "30000", "31000", "29000", "30000"))
        var out: [OrderEvent] = []
        let r = quoteOrder(0, .buy, "0.0001")
        ex.submit(r, into: &out)
        #expect(out == [.accepted(r.id), .expired(r.id)])
        #expect(ex.net.quantity == .zero)
    }
}
