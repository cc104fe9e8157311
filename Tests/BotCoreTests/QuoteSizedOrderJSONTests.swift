import BotCore
import Foundation
import Testing

/// An order sized in quote in the stored forms: a snapshot's JSON and the event log.
struct QuoteSizedOrderJSONTests {
    let id = ClientOrderID(bot: "a", sequence: 3)

    @Test func anOrderWrittenBeforeQuoteSizesReadsAsSizedInBase() throws {
        let r = OrderRequest(id: id, side: .buy, type: .market, quantity: Quantity.of("0.5"))
        var json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(r)) as! [String: Any]
        #expect(json["quoteQuantity"] == nil)
        json["quoteQuantity"] = nil
        let back = try JSONDecoder().decode(OrderRequest.self, from: JSONSerialization.data(withJSONObject: json))
        #expect(back == r && back.quoteQuantity == nil)
        let quote = OrderRequest.marketQuote(id: id, side: .sell, quote: Money.of("250.5"))
        #expect(try JSONDecoder().decode(OrderRequest.self, from: JSONEncoder().encode(quote)) == quote)
    }

    @Test func thePlacedEventCarriesTheAmountAndTheCompletedEventRoundTrips() throws {
        let placed = RuntimeEvent(ts: 1, .placed(.marketQuote(id: id, side: .buy, quote: Money.of("100"))))
        #expect(placed.jsonText == #"{"kind":"order_placed","ts":1,"order":"\#(id)","side":"buy","type":"market","#
            + #""quantity":"0","position_side":"net","reduce_only":false,"quote_quantity":"100"}"#)
        #expect(try RuntimeEvent(json: placed.json) == placed)
        let done = RuntimeEvent(ts: 2, bot: "a", .init(OrderEvent.completed(id)))
        #expect(done.jsonText == #"{"kind":"order_completed","ts":2,"bot":"a","order":"\#(id)"}"#)
        #expect(try RuntimeEvent(json: done.json) == done && done.orderID == id)
    }
}
