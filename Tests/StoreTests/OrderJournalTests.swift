import BotCore
import BotTestKit
import Foundation
@testable import Store
import Testing

/// The write-ahead journal: what is appended is in the record before anything else the store
/// does, survives the process, and is applied exactly once.
struct OrderJournalTests {
    func path() throws -> String {
        try SharedData.temporaryDirectory("journal").appendingPathComponent("runtime.sqlite").path
    }

    func entry(_ seq: UInt64, bot: String = "a", snapshot: String = "s") -> JournaledOrder {
        let types: [OrderType] = [.market, .limit(Price.of("100.5")), .stopMarket(trigger: Price.of("99")),
                                  .stopLimit(trigger: Price.of("98"), price: Price.of("97.5"))]
        let r = OrderRequest(id: ClientOrderID(bot: bot, sequence: seq), side: seq % 2 == 0 ? .buy : .sell,
                             type: types[Int(seq) % types.count], quantity: Quantity.of("0.25"), reduceOnly: seq % 3 == 0,
                             positionSide: seq % 2 == 0 ? .long : .short, timeInForce: .ioc)
        return JournaledOrder(bot: bot, instrument: "binance:BTCUSDT", order: r, snapshot: Array(snapshot.utf8),
                              nextSequence: seq + 1, ts: Int64(seq) * 1000)
    }

    @Test func recordsSurviveTheFileAndReadBackExactly() throws {
        let p = try path()
        do {
            let j = try OrderJournal(path: p + "-orderlog")
            for s in 1...8 { try j.append(entry(UInt64(s), snapshot: String(repeating: "x", count: s * 100))) }
        }
        let j = try OrderJournal(path: p + "-orderlog")
        let back = try #require(try j.recover())
        #expect(back == (1...8).map { entry(UInt64($0), snapshot: String(repeating: "x", count: $0 * 100)) })
        j.endRecovery(applied: false)
    }

    @Test func anAppendedOrderIsInTheRecordBeforeAnyReadOrWrite() async throws {
        let store = try Store(path: try path())
        try store.journal.append(entry(1, snapshot: "after order 1"))
        // Nothing has asked the store to copy it: the next read does.
        let orders = try await store.orders(bot: "a")
        #expect(orders.map(\.clientOrderID) == [ClientOrderID(bot: "a", sequence: 1).description])
        #expect(orders[0].status == "pendingNew" && orders[0].history == ["pendingNew"] && orders[0].type == "limit")
        #expect(try await store.snapshot(bot: "a")?.state == Array("after order 1".utf8))
        // A status change for it lands after it, not before.
        try store.journal.append(entry(2, snapshot: "after order 2"))
        try await store.recordOrderEvent(bot: "a", event: .accepted(ClientOrderID(bot: "a", sequence: 2)), status: .accepted,
                                         filled: .zero, position: nil, snapshot: nil, nextSequence: 3, ts: 5)
        #expect(try await store.orders(bot: "a").map(\.status) == ["pendingNew", "accepted"])
        #expect(try await store.nextSequence(bot: "a") == 3)
    }

    /// A process killed after its append, before the copy: the next store applies the entry.
    /// One killed after the copy, before the file was emptied: the entry is skipped whole, so
    /// it neither doubles the order nor brings back its older snapshot.
    @Test func aCrashLeavesNothingLostAndNothingTwice() async throws {
        let p = try path()
        do {
            let j = try OrderJournal(path: p + "-orderlog")
            try j.append(entry(1, snapshot: "one"))
            try j.append(entry(2, snapshot: "two"))
        }
        do {
            let store = try Store(path: p)
            #expect(try await store.orders(bot: "a").count == 2)
            #expect(try await store.snapshot(bot: "a")?.state == Array("two".utf8))
            try store.journal.append(entry(3, snapshot: "three"))
            // A later snapshot, after the copy of order 3; then the process dies without a clean stop.
            try await store.saveSnapshot(bot: "a", snapshot: Array("newer".utf8), nextSequence: 4, ts: 9000)
        }
        let again = try Store(path: p)
        let orders = try await again.orders(bot: "a")
        #expect(orders.map(\.clientOrderID) == (1...3).map { ClientOrderID(bot: "a", sequence: $0).description })
        #expect(try await again.snapshot(bot: "a")?.state == Array("newer".utf8))
        #expect(try await again.integrityCheck() == "ok")
    }

    @Test func aTornLastRecordIsDroppedAndAppendingGoesOn() async throws {
        let p = try path()
        do {
            let j = try OrderJournal(path: p + "-orderlog")
            try j.append(entry(1))
        }
        // Half of a second record, as a kill in the middle of `write` could leave.
        var half: [UInt8] = []
        OrderJournal.encode(entry(2), into: &half)
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: p + "-orderlog"))
        h.seekToEndOfFile()
        h.write(Data(half.prefix(half.count / 2)))
        try h.close()
        do {
            let store = try Store(path: p)
            #expect(try await store.orders(bot: "a").map(\.clientOrderID) == [ClientOrderID(bot: "a", sequence: 1).description])
            try store.journal.append(entry(2))
            #expect(try await store.orders(bot: "a").count == 2)
            // While it appends, no one else may recover (and empty) its journal.
            #expect(try OrderJournal(path: p + "-orderlog").recover() == nil)
        }
        // Once it is gone (its lock goes with its last reference, which a finishing task may
        // hold a moment longer), the file reads back whole: order 2 followed the cut cleanly.
        let j = try OrderJournal(path: p + "-orderlog")
        var recovered = try j.recover()
        for _ in 0..<100 where recovered == nil {
            try await Task.sleep(for: .milliseconds(50))
            recovered = try j.recover()
        }
        #expect(recovered?.map(\.order.id.sequence) == [2])
    }

    @Test func aCleanStopEmptiesTheJournalAndOnlyOneProcessAppends() async throws {
        let p = try path()
        let store = try Store(path: p)
        try store.journal.append(entry(1))
        // Another writer on the same file (a second daemon) is refused, naming the file.
        let other = try OrderJournal(path: p + "-orderlog")
        #expect { try other.append(entry(2)) } throws: { "\($0)".contains("another process") && "\($0)".contains("orderlog") }
        // A reader opening the record meanwhile leaves the writer's journal alone.
        let reader = try Store(path: p)
        #expect(try await reader.integrityCheck() == "ok")
        try await store.compactJournal()
        let size = try FileManager.default.attributesOfItem(atPath: p + "-orderlog")[.size] as? Int
        #expect(size == 0)
        #expect(try await store.orders(bot: "a").count == 1)
    }
}

/// An order sized in quote keeps its amount through the journal and the record.
struct QuoteSizedRecordTests {
    @Test func theQuoteAmountSurvivesTheJournalAndTheRecord() async throws {
        let path = try SharedData.temporaryDirectory("journal").appendingPathComponent("runtime.sqlite").path
        var r = OrderRequest.marketQuote(id: ClientOrderID(bot: "a", sequence: 1), side: .sell, quote: Money.of("1234.567890123"))
        r.quantity = Quantity.of("0.0123")
        let e = JournaledOrder(bot: "a", instrument: "binance:BTCUSDT", order: r, snapshot: [], nextSequence: 2, ts: 1)
        do {
            do { try OrderJournal(path: path + "-orderlog").append(e) }
            let j2 = try OrderJournal(path: path + "-orderlog")
            #expect(try j2.recover() == [e])
            j2.endRecovery(applied: false)
        }
        let store = try Store(path: path)
        try store.journal.append(JournaledOrder(bot: "a", instrument: "binance:BTCUSDT",
                                                order: OrderRequest(id: ClientOrderID(bot: "a", sequence: 2), side: .buy, type: .market,
                                                                    quantity: Quantity.of("0.5")),
                                                snapshot: [], nextSequence: 3, ts: 2))
        let rows = try await store.orders(bot: "a")
        #expect(rows.map(\.quoteQuantity) == [Money.of("1234.567890123"), nil])
        #expect(rows.first?.request() == r.withDefaultsOfTheRecord)
        #expect(try await store.ledgerRecord(bot: "a", keepFinished: 10).orders.first?.quoteQuantity == Money.of("1234.567890123"))
    }
}

extension OrderRequest {
    /// What the orders table keeps of a request (time in force and rounding rules are the journal's).
    var withDefaultsOfTheRecord: OrderRequest {
        OrderRequest(id: id, side: side, type: type, quantity: quantity, reduceOnly: reduceOnly, positionSide: positionSide,
                     quoteQuantity: quoteQuantity)
    }
}

extension QuoteSizedRecordTests {
    /// Its fills may pass the reserve an order sized in quote was recorded with: no violation;
    /// an order sized in base filled past its quantity still is one.
    @Test func storeCheckAllowsAnOrderSizedInQuoteToFillPastItsReserve() async throws {
        let path = try SharedData.temporaryDirectory("check").appendingPathComponent("runtime.sqlite").path
        let store = try Store(path: path)
        var q = OrderRequest.marketQuote(id: ClientOrderID(bot: "a", sequence: 1), side: .buy, quote: Money.of("1000"))
        q.quantity = Quantity.of("0.01")
        let b = OrderRequest(id: ClientOrderID(bot: "a", sequence: 2), side: .sell, type: .market, quantity: Quantity.of("0.01"))
        for (n, r) in [q, b].enumerated() {
            try store.journal.append(JournaledOrder(bot: "a", instrument: "binance:BTCUSDT", order: r, snapshot: [],
                                                    nextSequence: UInt64(n + 2), ts: Int64(n)))
            let f = Fill(orderID: r.id, ts: 10, side: r.side, positionSide: .net, price: Price.of("25000"), quantity: Quantity.of("0.04"),
                         fee: 0, liquidity: .taker, tradeID: "t\(n)")
            try await store.recordOrderEvent(bot: "a", event: .filled(f), status: .filled, filled: f.quantity, position: nil,
                                             snapshot: nil, nextSequence: UInt64(n + 2), ts: 10)
        }
        try await store.close()
        let report = try StoreCheck.run(path: path)
        #expect(report.violations(of: .overfilled).map(\.clientOrderID) == [b.id.description], "\(report)")
    }
}
