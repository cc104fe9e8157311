import BotCore
import BotTestKit
import Foundation
@testable import Store
import Testing

/// A venue's trade is applied once, however often it is reported: the second report changes
/// nothing and says so, in the same process or after a restart.
struct FillOnceTests {
    let swapID = InstrumentID(venue: "okx", symbol: "BTC-USDT-SWAP")
    var swap: Instrument {
        Instrument(id: swapID, kind: .perpetual, base: "BTC", quote: "USDT", tickSize: Price.of("0.1"), lotSize: Quantity.of("0.01"),
                   minSize: Quantity.of("0.01"), minNotional: 0, contractValue: Quantity.of("0.01"), makerFee: Ratio.of("0.0002"),
                   takerFee: Ratio.of("0.0005"), maintenanceMarginRate: Ratio.of("0.004"), maxLeverage: 100)
    }

    func path() throws -> String {
        try SharedData.temporaryDirectory("fill-once").appendingPathComponent("runtime.sqlite").path
    }

    func fill(_ r: OrderRequest, _ qty: String, trade: String?, ts: Int64 = 12) -> Fill {
        Fill(orderID: r.id, ts: ts, side: r.side, positionSide: r.positionSide, price: Price.of("100"), quantity: Quantity.of(qty),
             fee: Money.of("0.01"), liquidity: .taker, tradeID: trade)
    }

    /// Records `f` as the bot's ledger would: the position after it, the order's new filled.
    func record(_ store: Store, _ f: Fill, filled: String, position: Position) async throws -> Bool {
        try await store.recordOrderEvent(bot: "a", event: .filled(f), status: .partiallyFilled, filled: Quantity.of(filled),
                                         position: position, snapshot: Array("after \(f.tradeID ?? "")".utf8), nextSequence: 1,
                                         ts: f.ts, events: [RuntimeEvent(ts: f.ts, bot: "a", .filled(f))])
    }

    @Test func aTradeReportedTwiceIsRecordedOnceAlsoAfterARestart() async throws {
        let p = try path()
        let r = OrderRequest(id: ClientOrderID(bot: "a", sequence: 0), side: .buy, type: .market, quantity: 3)
        var position = Position(side: .net)
        let first = fill(r, "1", trade: "T1")
        position.apply(first, instrument: swap)
        let afterFirst = position
        do {
            let store = try Store(path: p)
            try await store.recordSubmission(bot: "a", instrument: swapID, order: r, snapshot: [], nextSequence: 1, ts: 10,
                                             events: [RuntimeEvent(ts: 10, bot: "a", .placed(r))])
            #expect(try await record(store, first, filled: "1", position: afterFirst))
            // Reported again (a REST answer after the stream): the ledger, not knowing, applies
            // it twice; the store keeps the first.
            var twice = afterFirst
            twice.apply(first, instrument: swap)
            #expect(try await !record(store, first, filled: "2", position: twice))
            #expect(try await store.fills(bot: "a").count == 1)
            #expect(try await store.ledgerRecord(bot: "a", keepFinished: 10).positions == [afterFirst])
            #expect(try await store.orders(bot: "a")[0].filled == 1)
            #expect(try await store.orders(bot: "a")[0].history == ["pendingNew", "partiallyFilled"])
            #expect(try await store.snapshot(bot: "a")?.state == Array("after T1".utf8))
            #expect(try await store.events(after: 0, limit: 10).map(\.event.kind) == ["order_placed", "order_filled"])
            // The process dies without a clean stop.
        }
        let store = try Store(path: p)
        var again = afterFirst
        again.apply(first, instrument: swap)
        #expect(try await !record(store, first, filled: "2", position: again))
        // Another trade of the same order is a fill of its own.
        let second = fill(r, "2", trade: "T2", ts: 13)
        var afterSecond = afterFirst
        afterSecond.apply(second, instrument: swap)
        #expect(try await record(store, second, filled: "3", position: afterSecond))
        let fills = try await store.fills(bot: "a")
        #expect(fills.map(\.tradeID) == ["T1", "T2"])
        #expect(fills.map { $0.fill() } == [first, second])
        #expect(try await store.ledgerRecord(bot: "a", keepFinished: 10).positions == [afterSecond])
        #expect(try await store.ledgerRecord(bot: "a", keepFinished: 10).tradeIDs == [r.id.description: ["T1", "T2"]])
        #expect(try await store.events(after: 0, limit: 10).count == 3)
        #expect(try StoreCheck.run(path: p).isClean)
    }

    /// Fills without a trade id (venues that give none, rows from before trade ids) are
    /// recorded as reported, as they always were.
    @Test func fillsWithoutATradeIDAreNotMerged() async throws {
        let store = try Store(path: try path())
        let r = OrderRequest(id: ClientOrderID(bot: "a", sequence: 0), side: .buy, type: .market, quantity: 3)
        try await store.recordSubmission(bot: "a", instrument: swapID, order: r, snapshot: [], nextSequence: 1, ts: 10)
        var p = Position(side: .net)
        for n in 1...2 {
            let f = fill(r, "1", trade: nil)
            p.apply(f, instrument: swap)
            #expect(try await record(store, f, filled: "\(n)", position: p))
        }
        #expect(try await store.fills(bot: "a").map(\.tradeID) == [nil, nil])
    }

    /// A liquidation heard twice is booked under two minted ids: its trade id and bot tell.
    @Test func aLiquidationReportedTwiceIsBookedOnce() async throws {
        let p = try path()
        var short = Position(side: .short)
        let open = OrderRequest(id: ClientOrderID(bot: "h", sequence: 0), side: .sell, type: .market, quantity: 3, positionSide: .short)
        func liquidation(_ seq: UInt64) -> Fill {
            Fill(orderID: ClientOrderID(bot: "h", sequence: seq), ts: 30, side: .buy, positionSide: .short, price: Price.of("110"),
                 quantity: 3, fee: Money.of("0.02"), liquidity: .taker, reduceOnly: true, tradeID: "L30-short")
        }
        do {
            let store = try Store(path: p)
            try await store.recordSubmission(bot: "h", instrument: swapID, order: open, snapshot: [], nextSequence: 1, ts: 10)
            let f = fill(open, "3", trade: "T0")
            short.apply(f, instrument: swap)
            try await store.recordOrderEvent(bot: "h", event: .filled(f), status: .filled, filled: 3, position: short, snapshot: nil,
                                             nextSequence: 1, ts: 12)
            short.apply(liquidation(1), instrument: swap)
            #expect(try await store.recordLiquidation(bot: "h", instrument: swapID.description, fill: liquidation(1), position: short,
                                                      nextSequence: 2, ts: 30, events: [RuntimeEvent(ts: 30, bot: "h", .init(.liquidated(liquidation(1))))]))
            #expect(try await !store.recordLiquidation(bot: "h", instrument: swapID.description, fill: liquidation(2), position: short,
                                                       nextSequence: 3, ts: 31, events: [RuntimeEvent(ts: 31, bot: "h", .botStopped)]))
        }
        let store = try Store(path: p)
        #expect(try await !store.recordLiquidation(bot: "h", instrument: swapID.description, fill: liquidation(3), position: short,
                                                   nextSequence: 4, ts: 32))
        // Another bot's liquidation with the same venue trade id is its own.
        let other = Fill(orderID: ClientOrderID(bot: "g", sequence: 0), ts: 30, side: .buy, positionSide: .short, price: Price.of("110"),
                         quantity: 0, fee: 0, liquidity: .taker, tradeID: "L30-short")
        #expect(try await store.recordLiquidation(bot: "g", instrument: swapID.description, fill: other, position: Position(side: .short),
                                                  nextSequence: 1, ts: 30))
        #expect(try await store.orders(bot: "h").map(\.type) == ["market", "liquidation"])
        #expect(try await store.fills(bot: "h").map(\.tradeID) == ["T0", "L30-short"])
        #expect(try await store.snapshot(bot: "h")?.nextSequence == 2)
        #expect(try await store.events(after: 0, limit: 10).map(\.event.kind) == ["liquidated"])
    }
}

/// A fee taken in the base asset is kept with its fill: what the bot holds (its position, the
/// store check's sum of fills, the leg it held at a time) is the fill less it.
struct BaseFeeRecordTests {
    let spotID = InstrumentID(venue: "binance", symbol: "BTCUSDT")
    var spot: Instrument {
        Instrument(id: spotID, kind: .spot, base: "BTC", quote: "USDT", tickSize: Price.of("0.01"), lotSize: Quantity.of("0.00001"),
                   minSize: Quantity.of("0.00001"), minNotional: 5, makerFee: Ratio.of("0.001"), takerFee: Ratio.of("0.001"))
    }

    @Test func aBaseFeeIsRecordedAndCountedInWhatTheBotHolds() async throws {
        let p = try SharedData.temporaryDirectory("base-fee").appendingPathComponent("runtime.sqlite").path
        let store = try Store(path: p)
        let r = OrderRequest(id: ClientOrderID(bot: "s", sequence: 0), side: .buy, type: .market, quantity: 1)
        try await store.recordSubmission(bot: "s", instrument: spotID, order: r, snapshot: [], nextSequence: 1, ts: 10)
        let f = Fill(orderID: r.id, ts: 12, side: .buy, positionSide: .net, price: Price.of("100"), quantity: 1, fee: Money.of("0.1"),
                     liquidity: .taker, tradeID: "T1", baseFee: Quantity.of("0.001"))
        var position = Position(side: .net)
        position.apply(f, instrument: spot)
        #expect(try await store.recordOrderEvent(bot: "s", event: .filled(f), status: .filled, filled: 1, position: position,
                                                 snapshot: nil, nextSequence: 1, ts: 12))
        let rows = try await store.fills(bot: "s")
        #expect(rows.first?.baseFee == Quantity.of("0.001") && rows.first?.fill() == f)
        #expect(try await store.quantityFilled(bot: "s", after: 11) == [.net: Quantity.of("0.999")])
        #expect(try await store.ledgerRecord(bot: "s", keepFinished: 10).positions.first?.quantity == Quantity.of("0.999"))
        // The check sums fills as the ledger does: the position row agrees.
        #expect(try StoreCheck.run(path: p).isClean)
    }
}
