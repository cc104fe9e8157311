import Binance
import BinanceFake
import BinanceWire
import BotCore
import Testing

/// MARKET orders sized in quote (`quoteOrderQty`) through the gateway: Binance works out the
/// size, the gateway reports the order complete after its fills, and a symbol that does not
/// allow them refuses one before anything is sent.
@Suite(.serialized) struct BinanceGatewayQuoteOrderTests {
    typealias H = BinanceGatewayHarness

    func quoteOrder(_ n: UInt64, _ side: Side, _ quote: String) -> OrderRequest {
        var r = OrderRequest.marketQuote(id: ClientOrderID(bot: "gw-quote", sequence: n), side: side, quote: Money.of(quote))
        r.quantity = Quantity.of("0.01")  // the runtime's reserve: never sent
        return r
    }

    @Test func aBuySpendsItsAmountAndIsReportedCompleteAfterItsFills() async throws {
        let h = try await H.start()
        defer { Task { await h.stop() } }
        let inst = try await h.open()
        let usdt = try #require(h.fake.balance(H.key, "USDT")).free
        // Nine decimals: Binance takes eight (-1111 beyond); the ninth goes, down.
        let buy = quoteOrder(1, .buy, "1234.567890129")
        #expect(await h.venue.call(.submit(buy), instrument: inst) == .accepted)
        try await bnWait { h.sink.count { $0 == .completed(buy.id) } == 1 }
        let fills = h.sink.fills.filter { $0.orderID == buy.id }
        let spent = fills.reduce(Money.zero) { $0 + inst.notional(price: $1.price, quantity: $1.quantity) }
        #expect(!fills.isEmpty && spent <= Money.of("1234.56789012"))
        #expect(spent > Money.of("1234.56789012") - inst.notional(price: fills[0].price, quantity: inst.lotSize))
        #expect(try #require(h.fake.balance(H.key, "USDT")).free == usdt - spent)
        // Complete only once every fill is in (a fill the stream repeats later, by trade id, is
        // the same fill: the ledger books it once).
        let events = h.sink.all
        let done = try #require(events.firstIndex(of: .completed(buy.id)))
        var firstSeen: [String: Int] = [:]
        for (i, e) in events.enumerated() {
            if case .filled(let f) = e, f.orderID == buy.id, let t = f.tradeID, firstSeen[t] == nil { firstSeen[t] = i }
        }
        #expect(!firstSeen.isEmpty && firstSeen.values.allSatisfy { $0 < done }, "\(events)")
        #expect(h.fake.counters.ordersPlaced == 1)
        // Asked about later (a reconciliation), the order says it was sized in quote.
        let found = try #require(try await h.venue.order(buy.id, instrument: inst.id))
        #expect(found.status == .filled && found.request.quoteQuantity == Money.of("1234.56789012"))
    }

    @Test func aSellTakesInItsAmount() async throws {
        let h = try await H.start()
        defer { Task { await h.stop() } }
        let inst = try await h.open()
        let sell = quoteOrder(2, .sell, "500")
        #expect(await h.venue.call(.submit(sell), instrument: inst) == .accepted)
        try await bnWait { h.sink.count { $0 == .completed(sell.id) } == 1 }
        let sold = h.sink.fills.filter { $0.orderID == sell.id }.reduce(Money.zero) { $0 + inst.notional(price: $1.price, quantity: $1.quantity) }
        #expect(sold <= Money.of("500") && sold > Money.of("490"))
    }

    @Test func aSymbolThatDoesNotAllowThemRefusesOneBeforeSending() async throws {
        var btc = BinanceFake.Symbol.btcUsdt
        btc.quoteOrderQtyMarketAllowed = false
        let h = try await H.start(symbols: [btc, .ethUsdt])
        defer { Task { await h.stop() } }
        let inst = try await h.open()
        guard case .rejected(_, let message) = await h.venue.call(.submit(quoteOrder(3, .buy, "100")), instrument: inst) else {
            Issue.record("an order sized in quote was taken on a symbol that does not allow it")
            return
        }
        #expect(message.contains("quoteOrderQty") && message.contains("BTCUSDT"), "\(message)")
        var limit = quoteOrder(4, .buy, "100")
        limit.type = .limit(Price.of("90000"))
        guard case .rejected(_, let why) = await h.venue.call(.submit(limit), instrument: inst) else {
            Issue.record("a limit order sized in quote was sent")
            return
        }
        #expect(why.contains("quoteOrderQty") && why.contains("limit"), "\(why)")
        #expect(h.fake.counters.ordersPlaced == 0 && h.fake.counters.requests["/api/v3/order"] == nil)
    }
}
