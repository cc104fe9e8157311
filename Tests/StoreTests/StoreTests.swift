import BotCore
import BotTestKit
import Foundation
@testable import Store
import Testing

struct StoreTests {
    let inst = InstrumentID(venue: "binance", symbol: "BTCUSDT")
    let migrations = ["createCore", "fewerPagesPerCommit", "fundingCharges", "marketMarks", "eventLog", "fillTradeIDs", "manualChanges",
                      "fundingOnce", "liquidationShares", "baseFees", "fillsByTime", "quoteSizedOrders", "telegram"]

    func open() throws -> (Store, String) {
        let path = try SharedData.temporaryDirectory("store").appendingPathComponent("runtime.sqlite").path
        return (try Store(path: path), path)
    }

    func order(_ seq: UInt64, bot: String = "a") -> OrderRequest {
        OrderRequest(id: ClientOrderID(bot: bot, sequence: seq), side: .buy, type: .limit(Price.of("100.5")), quantity: Quantity.of("0.25"))
    }

    @Test func opensInWALModeAndMigratesOnce() async throws {
        let (store, path) = try open()
        #expect(try await store.journalMode() == "wal")
        #expect(try await store.appliedMigrations() == migrations)
        let again = try Store(path: path)
        #expect(try await again.appliedMigrations() == migrations)
        #expect(try await again.integrityCheck() == "ok")
    }

    @Test func aDatabaseOfTheFirstSchemaMigratesWithItsRows() async throws {
        let path = try SharedData.temporaryDirectory("store").appendingPathComponent("old.sqlite").path
        do {
            // What a first release left behind: the first schema, an order with its history, a
            // fill, a snapshot.
            let db = try Connection(path: path)
            try db.execute("PRAGMA journal_mode=WAL")
            #expect(try Store.migrator.migrate(db, upTo: "createCore") == ["createCore"])
            try db.execute("""
                INSERT INTO orders VALUES ('a-1', 'a', 'binance:BTCUSDT', 1, 'buy', 'limit', 100500000000, NULL, 250000000, 0,
                  'net', 'filled', 250000000, 10, 20);
                INSERT INTO order_events(client_order_id, ts_ms, status) VALUES ('a-1', 10, 'pendingNew'), ('a-1', 20, 'filled');
                INSERT INTO fills(client_order_id, bot_id, ts_ms, side, position_side, price, quantity, fee, liquidity)
                  VALUES ('a-1', 'a', 20, 'buy', 'net', 100500000000, 250000000, 1000, 'maker');
                INSERT INTO snapshots VALUES ('a', 20, 2, X'7331');
                """)
        }
        let store = try Store(path: path)
        #expect(try await store.appliedMigrations() == migrations)
        let orders = try await store.orders(bot: "a")
        #expect(orders.count == 1 && orders[0].status == "filled" && orders[0].quantity == Quantity.of("0.25"))
        #expect(orders[0].history == ["pendingNew", "filled"])
        let fills = try await store.fills(bot: "a")
        #expect(fills.count == 1 && fills[0].price == Price.of("100.5"))
        let snap = try #require(try await store.snapshot(bot: "a"))
        #expect(snap.state == Array("s1".utf8) && snap.nextSequence == 2)
        #expect(try await store.integrityCheck() == "ok")
        // New rows continue the old ids.
        try await store.recordSubmission(bot: "a", instrument: inst, order: order(2), snapshot: [], nextSequence: 3, ts: 30)
        #expect(try await store.orders(bot: "a").count == 2)
    }

    @Test func marketMarksAreKeptPerInstrumentAndCountAsEventTime() async throws {
        let (store, _) = try open()
        try await store.saveMarks([(inst, 1_000, Price.of("101.5")), (InstrumentID(venue: "okx", symbol: "ETH-USDT-SWAP"), 2_000, 3)])
        try await store.saveMarks([(inst, 5_000, Price.of("99"))])
        let marks = try await store.marks()
        #expect(marks.count == 2 && marks[inst.description]?.price == 99 && marks[inst.description]?.ts == 5_000)
        #expect(try await store.latestEventTime() == 5_000)
    }

    @Test func writeAheadRecordsTheOrderAndSnapshotTogether() async throws {
        let (store, _) = try open()
        try await store.upsertBot(BotRow(id: "a", user: "u", strategy: "rsi-cross", account: "paper", instrument: inst.description,
                                         timeframe: "1m", state: "running"), ts: 1)
        try await store.recordSubmission(bot: "a", instrument: inst, order: order(0), snapshot: Array("s1".utf8), nextSequence: 1, ts: 10)
        let snap = try #require(try await store.snapshot(bot: "a"))
        #expect(snap.state == Array("s1".utf8) && snap.nextSequence == 1)
        let o = try await store.orders(bot: "a")
        #expect(o.count == 1 && o[0].clientOrderID == ClientOrderID(bot: "a", sequence: 0).description)
        #expect(o[0].price == Price.of("100.5") && o[0].quantity == Quantity.of("0.25") && o[0].status == "pendingNew")
        // The same client order id can never be recorded twice.
        await #expect(throws: SQLiteError.self) {
            try await store.recordSubmission(bot: "a", instrument: inst, order: order(0), snapshot: [], nextSequence: 1, ts: 11)
        }
        // The failed transaction left the snapshot as it was.
        #expect(try await store.snapshot(bot: "a")?.state == Array("s1".utf8))
    }

    @Test func orderEventsKeepHistoryFillsAndPositions() async throws {
        let (store, _) = try open()
        let r = order(3)
        try await store.recordSubmission(bot: "a", instrument: inst, order: r, snapshot: [], nextSequence: 4, ts: 10)
        try await store.recordOrderEvent(bot: "a", event: .accepted(r.id), status: .accepted, filled: .zero, position: nil,
                                         snapshot: nil, nextSequence: 4, ts: 11)
        let f = Fill(orderID: r.id, ts: 12, side: .buy, positionSide: .net, price: Price.of("100.5"), quantity: Quantity.of("0.25"),
                     fee: Money.of("0.025125"), liquidity: .maker)
        var p = Position(side: .net)
        let spot = Instrument(id: inst, kind: .spot, base: "BTC", quote: "USDT", tickSize: Price.of("0.01"),
                              lotSize: Quantity.of("0.00001"), minSize: Quantity.of("0.00001"), minNotional: 5,
                              makerFee: Ratio.of("0.001"), takerFee: Ratio.of("0.001"))
        p.apply(f, instrument: spot)
        try await store.recordOrderEvent(bot: "a", event: .filled(f), status: .filled, filled: f.quantity, position: p,
                                         snapshot: Array("s2".utf8), nextSequence: 4, ts: 12)
        let o = try await store.orders(bot: "a")
        #expect(o[0].history == ["pendingNew", "accepted", "filled"] && o[0].filled == Quantity.of("0.25"))
        #expect(try await store.orders(bot: "a", openOnly: true).isEmpty)
        let fills = try await store.fills(bot: "a")
        #expect(fills.count == 1 && fills[0].fee == Money.of("0.025125") && fills[0].price == Price.of("100.5"))
        // The next sequence continues after every recorded order, whatever the snapshot says.
        try await store.saveSnapshot(bot: "a", snapshot: [], nextSequence: 0, ts: 13)
        #expect(try await store.snapshot(bot: "a")?.nextSequence == 4)
    }

    @Test func auditLogKeepsEveryCommand() async throws {
        let (store, _) = try open()
        try await store.audit(ts: 1, who: "uid:1000", command: "pause", args: "{\"bot\":\"a\"}", ok: true, result: "paused")
        try await store.audit(ts: 2, who: "uid:1000", command: "stop", args: "{}", ok: false, result: "bot_not_found")
        let log = try await store.auditLog()
        #expect(log.map(\.command) == ["stop", "pause"] && log[0].ok == false)
    }
}
