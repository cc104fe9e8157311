import BotCore
import BotTestKit
import Foundation
import Testing

/// The event log's JSON is stored and read by other programs: every kind reads back as
/// written, and the form of one is pinned.
struct RuntimeEventTests {
    @Test func everyKindRoundTripsThroughItsJSON() throws {
        let samples = RuntimeEvent.samples()
        #expect(samples.map(\.kind) == RuntimeEvent.kinds)
        for e in samples {
            let back = try RuntimeEvent(json: e.json)
            #expect(back == e, "\(e.jsonText)")
            // Foundation's encoder writes the same object (keys aside), and it reads back too.
            #expect(try RuntimeEvent(json: Array(JSONEncoder().encode(e))) == e)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(e.json)) as? [String: Any])
            #expect(object["kind"] as? String == e.kind)
        }
    }

    @Test func theJSONIsFlatWithDecimalStrings() {
        let id = ClientOrderID(bot: "a", sequence: 7)
        let fill = Fill(orderID: id, ts: 5, side: .buy, positionSide: .net, price: Price.of("100.5"), quantity: Quantity.of("0.25"),
                        fee: Money.of("0.025125"), liquidity: .maker, tradeID: "T\(id)")
        let e = RuntimeEvent(ts: 5, bot: "a", user: "u", .init(OrderEvent.filled(fill)))
        #expect(e.jsonText == #"{"kind":"order_filled","ts":5,"bot":"a","user":"u","order":"\#(id)","side":"buy","price":"100.5","#
            + #""quantity":"0.25","fee":"0.025125","trade_id":"T\#(id)"}"#)
        #expect(e.orderID == id)
        let placed = RuntimeEvent(ts: 1, .placed(OrderRequest(id: id, side: .sell, type: .limit(Price.of("101")), quantity: 1)))
        #expect(placed.jsonText == #"{"kind":"order_placed","ts":1,"order":"\#(id)","side":"sell","type":"limit","price":"101","#
            + #""quantity":"1","position_side":"net","reduce_only":false}"#)
    }

    @Test func venueRejectionsSplitIntoCodeAndMessage() {
        let id = ClientOrderID(bot: "a", sequence: 1)
        #expect(RuntimeEvent.What(.rejected(id, reason: "51016 duplicate clOrdId")) == .orderRejected(id, code: "51016", message: "duplicate clOrdId"))
        #expect(RuntimeEvent.What(.rejected(id, reason: "-2010 Account has insufficient balance"))
            == .orderRejected(id, code: "-2010", message: "Account has insufficient balance"))
        #expect(RuntimeEvent.What(.rejected(id, reason: "no market price yet")) == .orderRejected(id, code: "", message: "no market price yet"))
        let denial = RiskDenial(.notionalBelowMinimum, "notional=4.2, min_notional=5")
        #expect(RuntimeEvent.What.riskRejected(id, denial) == .riskRejected(id, code: "MIN_NOTIONAL", detail: "notional=4.2, min_notional=5"))
    }

    /// A kind from a newer build is kept as such, not an error that would stop a reader.
    @Test func anUnknownKindReadsBackAsUnknown() throws {
        let e = try RuntimeEvent(json: Array(#"{"kind":"margin_call","ts":9,"bot":"b","level":"0.8"}"#.utf8))
        #expect(e == RuntimeEvent(ts: 9, bot: "b", .unknown(kind: "margin_call")) && e.kind == "margin_call")
        #expect(throws: (any Error).self) { try RuntimeEvent(json: Array(#"{"kind":"order_filled","ts":9}"#.utf8)) }
    }
}
