import BotCore
import BotTestKit
import Foundation
@testable import Store
import Testing

/// `StoreCheck` on small databases built through the real `Store` API, each then corrupted in
/// one row with raw SQL: the check must name exactly the invariant that row breaks.
struct StoreCheckTests {
    let spotID = InstrumentID(venue: "binance", symbol: "BTCUSDT")
    let swapID = InstrumentID(venue: "okx", symbol: "BTC-USDT-SWAP")

    var spot: Instrument {
        Instrument(id: spotID, kind: .spot, base: "BTC", quote: "USDT", tickSize: Price.of("0.01"), lotSize: Quantity.of("0.00001"),
                   minSize: Quantity.of("0.00001"), minNotional: 5, makerFee: Ratio.of("0.001"), takerFee: Ratio.of("0.001"))
    }
    var swap: Instrument {
        Instrument(id: swapID, kind: .perpetual, base: "BTC", quote: "USDT", tickSize: Price.of("0.1"), lotSize: Quantity.of("0.01"),
                   minSize: Quantity.of("0.01"), minNotional: 0, contractValue: Quantity.of("0.01"), makerFee: Ratio.of("0.0002"),
                   takerFee: Ratio.of("0.0005"), maintenanceMarginRate: Ratio.of("0.004"), maxLeverage: 100)
    }

    /// A database with two bots: `a` (spot, net) with a filled buy, a partly filled sell (two
    /// fills) and an open limit; `h` (swap, hedge) short on its short leg, with funding.
    func cleanDatabase() async throws -> (Store, String) {
        let path = try SharedData.temporaryDirectory("storecheck").appendingPathComponent("state.sqlite").path
        let store = try Store(path: path)
        try await store.upsertBot(BotRow(id: "a", user: "u", strategy: "rsi-cross", account: "paper", instrument: spotID.description,
                                         timeframe: "1m", state: "running"), ts: 1)
        try await store.upsertBot(BotRow(id: "h", user: "u", strategy: "hyperrsi", account: "paper-hedge",
                                         instrument: swapID.description, timeframe: "5m", state: "running"), ts: 1)
        var net = Position(side: .net)
        var seq: UInt64 = 0
        func submit(_ bot: String, _ inst: InstrumentID, _ side: Side, _ type: OrderType, _ qty: String,
                    positionSide: PositionSide = .net) async throws -> OrderRequest {
            let r = OrderRequest(id: ClientOrderID(bot: bot, sequence: seq), side: side, type: type, quantity: Quantity.of(qty),
                                 positionSide: positionSide)
            seq += 1
            try await store.recordSubmission(bot: bot, instrument: inst, order: r, snapshot: Array("s".utf8), nextSequence: seq, ts: 10)
            try await store.recordOrderEvent(bot: bot, event: .accepted(r.id), status: .accepted, filled: .zero, position: nil,
                                             snapshot: nil, nextSequence: seq, ts: 11)
            return r
        }
        func fill(_ bot: String, _ r: OrderRequest, _ qty: String, filledSoFar: Quantity, _ inst: Instrument,
                  _ p: inout Position) async throws -> Quantity {
            let f = Fill(orderID: r.id, ts: 12, side: r.side, positionSide: r.positionSide, price: Price.of("100"),
                         quantity: Quantity.of(qty), fee: Money.of("0.01"), liquidity: .taker)
            p.apply(f, instrument: inst)
            let filled = filledSoFar + f.quantity
            try await store.recordOrderEvent(bot: bot, event: .filled(f), status: filled >= r.quantity ? .filled : .partiallyFilled,
                                             filled: filled, position: p, snapshot: nil, nextSequence: seq, ts: 12)
            return filled
        }
        let buy = try await submit("a", spotID, .buy, .market, "0.25")
        _ = try await fill("a", buy, "0.25", filledSoFar: .zero, spot, &net)
        let sell = try await submit("a", spotID, .sell, .limit(Price.of("101")), "0.2")
        var sold = try await fill("a", sell, "0.05", filledSoFar: .zero, spot, &net)
        sold = try await fill("a", sell, "0.05", filledSoFar: sold, spot, &net)
        _ = try await submit("a", spotID, .buy, .limit(Price.of("90")), "0.1")

        seq = 0
        var short = Position(side: .short)
        let open = try await submit("h", swapID, .sell, .market, "3", positionSide: .short)
        _ = try await fill("h", open, "3", filledSoFar: .zero, swap, &short)
        short.addFunding(Money.of("-0.5"))
        try await store.recordFunding(bot: "h", amount: Money.of("-0.5"), position: short, ts: 20)
        return (store, path)
    }

    /// Runs raw SQL on the database behind the store's back.
    func corrupt(_ path: String, _ sql: String) throws {
        let db = try Connection(path: path)
        try db.execute(sql)
    }

    func idOf(_ bot: String, _ seq: UInt64) -> String { ClientOrderID(bot: bot, sequence: seq).description }

    @Test func aCleanDatabasePasses() async throws {
        let (_, path) = try await cleanDatabase()
        let report = try StoreCheck.run(path: path)
        #expect(report.isClean, "\(report)")
        #expect(report.bots == 2 && report.orders == 4 && report.fills == 4 && report.positions == 2, "\(report)")
    }

    @Test func theCheckReadsAWALLeftByAKilledWriterAndNeverWritesTheDatabase() async throws {
        let path = try await cleanDatabase().1
        // The store is gone; its checkpointer thread runs a last checkpoint as it goes.
        try await Task.sleep(for: .milliseconds(500))
        // A writer that stops mid-run: its last commit (a position that lost its fills) only in the WAL.
        let writer = try Connection(path: path)
        try writer.execute("PRAGMA wal_autocheckpoint=0")
        try writer.execute("UPDATE positions SET quantity = 0 WHERE bot_id = 'a'")
        // What kill -9 leaves: the database and its WAL, no process (and no -shm) behind them.
        let killed = try SharedData.temporaryDirectory("storecheck-killed").appendingPathComponent("state.sqlite").path
        try FileManager.default.copyItem(atPath: path, toPath: killed)
        try FileManager.default.copyItem(atPath: path + "-wal", toPath: killed + "-wal")
        let before = try Data(contentsOf: URL(fileURLWithPath: killed))
        let wal = try Data(contentsOf: URL(fileURLWithPath: killed + "-wal"))
        #expect(!wal.isEmpty)
        let report = try StoreCheck.run(path: killed)
        #expect(report.violated == [.positionMismatch] && report.violations.first?.bot == "a", "\(report)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: killed)) == before)
        #expect(try Data(contentsOf: URL(fileURLWithPath: killed + "-wal")) == wal)
        // And beside the live writer, the check reads its commit too.
        #expect(try StoreCheck.run(path: path).violated == [.positionMismatch])
        withExtendedLifetime(writer) {}
    }

    @Test func aBrokenIndexFailsTheIntegrityCheck() async throws {
        let (_, path) = try await cleanDatabase()
        // The index's definition no longer matches what it holds.
        try corrupt(path, """
            PRAGMA writable_schema=ON;
            UPDATE sqlite_schema SET sql = 'CREATE INDEX fills_by_bot ON fills(ts_ms, id)' WHERE name = 'fills_by_bot';
            """)
        let report = try StoreCheck.run(path: path)
        #expect(report.violated == [.integrity], "\(report)")
        #expect(report.violations(of: .integrity).contains { $0.detail.contains("fills_by_bot") }, "\(report)")
    }

    @Test func aSequenceMintedTwiceIsNamed() async throws {
        let (_, path) = try await cleanDatabase()
        // A second row for bot a's sequence 0, under another id.
        try corrupt(path, """
            INSERT INTO orders(client_order_id, bot_id, instrument, sequence, side, type, quantity, reduce_only, position_side,
              status, created_ms, updated_ms) VALUES ('x-dup', 'a', 'binance:BTCUSDT', 0, 'buy', 'market', 0, 0, 'net', 'rejected', 1, 1)
            """)
        let report = try StoreCheck.run(path: path)
        let dup = try #require(report.violations(of: .duplicateSequence).first, "\(report)")
        #expect(dup.bot == "a" && dup.detail.contains("sequence 0") && dup.clientOrderID?.contains("x-dup") == true, "\(dup)")
        // The stray row's id is not ClientOrderID(a, 0) either.
        #expect(report.violations(of: .clientOrderIDMismatch).map(\.clientOrderID) == ["x-dup"], "\(report)")
    }

    @Test func aSequenceAtOrAboveNextSequenceIsNamed() async throws {
        let (_, path) = try await cleanDatabase()
        // The snapshot lags behind bot a's orders 0...2.
        try corrupt(path, "UPDATE snapshots SET next_sequence = 2 WHERE bot_id = 'a'")
        let report = try StoreCheck.run(path: path)
        #expect(report.violated == [.sequenceNotBelowNextSequence], "\(report)")
        let v = try #require(report.violations.first)
        #expect(v.bot == "a" && v.clientOrderID == idOf("a", 2) && v.detail.contains("sequence 2 >= snapshots.next_sequence 2"))
        // And a bot with orders but no snapshot at all.
        try corrupt(path, "DELETE FROM snapshots WHERE bot_id = 'h'")
        #expect(try StoreCheck.run(path: path).violations(of: .sequenceNotBelowNextSequence).contains {
            $0.bot == "h" && $0.detail.contains("no snapshot")
        })
    }

    @Test func anIDThatIsNotTheBotsHashAndSequenceIsNamed() async throws {
        let (_, path) = try await cleanDatabase()
        // The open limit (a, 2) claims sequence 7 (its fills: none, so nothing else moves).
        try corrupt(path, "UPDATE snapshots SET next_sequence = 8 WHERE bot_id = 'a'; UPDATE orders SET sequence = 7 WHERE client_order_id = '\(idOf("a", 2))'")
        let report = try StoreCheck.run(path: path)
        #expect(report.violated == [.clientOrderIDMismatch], "\(report)")
        let v = try #require(report.violations.first)
        #expect(v.bot == "a" && v.clientOrderID == idOf("a", 2) && v.detail.contains(idOf("a", 7)), "\(v)")
    }

    @Test func aFillWithoutItsOrderIsNamed() async throws {
        let (_, path) = try await cleanDatabase()
        // A fill whose order row is gone; the position still counts it, so only the fill is named.
        try corrupt(path, "UPDATE fills SET client_order_id = '\(idOf("a", 9))' WHERE client_order_id = '\(idOf("a", 0))'")
        try corrupt(path, "UPDATE orders SET filled = 0 WHERE client_order_id = '\(idOf("a", 0))'")
        let report = try StoreCheck.run(path: path)
        #expect(report.violated == [.fillWithoutOrder], "\(report)")
        #expect(report.violations.first?.clientOrderID == idOf("a", 9) && report.violations.first?.bot == "a")
    }

    @Test func liquidationFillsWithoutOrdersAndReusedLiquidationIDsAreNamed() async throws {
        let (store, path) = try await cleanDatabase()
        // What botd records today: the paper venue's liquidation of h's short leg, with the id
        // UInt64.max - 1 and no order row (through the store's own API, as BotActor does).
        var short = Position(side: .short, quantity: Quantity.of("-3"), costBasis: Money.of("3"), realizedPnL: 0, feesPaid: Money.of("0.01"),
                             fundingPaid: Money.of("-0.5"))
        let liqID = ClientOrderID(botHash: ClientOrderID.hash("h"), sequence: UInt64.max - 1)
        let f = Fill(orderID: liqID, ts: 30, side: .buy, positionSide: .short, price: Price.of("110"), quantity: Quantity.of("3"),
                     fee: Money.of("0.02"), liquidity: .taker, reduceOnly: true)
        short.apply(f, instrument: swap)
        try await store.recordOrderEvent(bot: "h", event: .liquidated(f), status: .filled, filled: .zero, position: short,
                                         snapshot: nil, nextSequence: 1, ts: 30)
        var report = try StoreCheck.run(path: path)
        #expect(report.violated == [.liquidationFillWithoutOrder], "\(report)")
        #expect(report.violations.first?.clientOrderID == liqID.description && report.violations.first?.detail.contains("UInt64.max - 1") == true)

        // A restarted process counts from 0 again: its first liquidation reuses the id. Copy the
        // fill row (raw SQL) as a second, distinct fill; the position sums stay as they were.
        try corrupt(path, """
            INSERT INTO fills(client_order_id, bot_id, ts_ms, side, position_side, price, quantity, fee, liquidity)
              SELECT client_order_id, bot_id, 40, 'sell', position_side, price, quantity, fee, liquidity FROM fills WHERE ts_ms = 30;
            INSERT INTO fills(client_order_id, bot_id, ts_ms, side, position_side, price, quantity, fee, liquidity)
              SELECT client_order_id, bot_id, 41, 'buy', position_side, price, quantity, fee, liquidity FROM fills WHERE ts_ms = 30;
            """)
        report = try StoreCheck.run(path: path)
        #expect(report.violated == [.liquidationFillWithoutOrder, .duplicateLiquidationID], "\(report)")
        #expect(report.violations(of: .liquidationFillWithoutOrder).count == 3)
        let dup = try #require(report.violations(of: .duplicateLiquidationID).first)
        #expect(dup.clientOrderID == liqID.description && dup.detail.hasPrefix("3 distinct fills"), "\(dup)")
    }

    @Test func aFillBookedToAnotherBotIsNamed() async throws {
        let (_, path) = try await cleanDatabase()
        // h's fill claims to be a's: the order and position sums now disagree on who holds it.
        try corrupt(path, "UPDATE fills SET bot_id = 'a' WHERE client_order_id = '\(idOf("h", 0))'")
        let report = try StoreCheck.run(path: path)
        #expect(report.violations(of: .fillOfAnotherBot).map(\.clientOrderID) == [idOf("h", 0)], "\(report)")
    }

    @Test func filledThatIsNotTheSumOfFillsIsNamed() async throws {
        let (_, path) = try await cleanDatabase()
        try corrupt(path, "UPDATE orders SET filled = 150000000 WHERE client_order_id = '\(idOf("a", 1))'")
        let report = try StoreCheck.run(path: path)
        #expect(report.violated == [.filledMismatch], "\(report)")
        let v = try #require(report.violations.first)
        #expect(v.bot == "a" && v.clientOrderID == idOf("a", 1) && v.detail.contains("filled 0.15 but its 2 fill(s) sum to 0.1"), "\(v)")
    }

    @Test func anOverfilledOrderIsNamed() async throws {
        let (_, path) = try await cleanDatabase()
        // The buy's quantity shrinks below what filled (0.25).
        try corrupt(path, "UPDATE orders SET quantity = 200000000 WHERE client_order_id = '\(idOf("a", 0))'")
        let report = try StoreCheck.run(path: path)
        #expect(report.violated == [.overfilled], "\(report)")
        #expect(report.violations.first?.detail.contains("quantity 0.2, filled 0.25") == true, "\(report)")
    }

    @Test func aPositionThatIsNotTheSumOfFillsIsNamed() async throws {
        let (_, path) = try await cleanDatabase()
        // a bought 0.25 and sold 0.1: net 0.15. h sold 3 on its short leg: -3 (funding aside).
        try corrupt(path, "UPDATE positions SET quantity = 250000000 WHERE bot_id = 'a'")
        var report = try StoreCheck.run(path: path)
        #expect(report.violated == [.positionMismatch], "\(report)")
        #expect(report.violations.first?.bot == "a"
                && report.violations.first?.detail.contains("net: positions.quantity 0.25 but its 3 fill(s) sum to 0.15") == true,
                "\(report)")
        // A missing position row with fills behind it is named too.
        try corrupt(path, "UPDATE positions SET quantity = 150000000 WHERE bot_id = 'a'; DELETE FROM positions WHERE bot_id = 'h'")
        report = try StoreCheck.run(path: path)
        #expect(report.violated == [.positionMismatch], "\(report)")
        #expect(report.violations.first?.bot == "h" && report.violations.first?.detail.contains("short: no positions row") == true,
                "\(report)")
    }
}
