import BotCore
import BotTestKit
import Foundation
@testable import Store
import Testing

/// The checks of trade ids and of `order_placed` events, on the clean database of
/// `StoreCheckTests` with one row broken.
extension StoreCheckTests {
    @Test func aTradeRecordedTwiceIsNamed() async throws {
        let (_, path) = try await cleanDatabase()
        // What the unique index forbids, as a database without it could hold: the trade of a's
        // buy twice (its filled and position agree, so only the trade is named).
        try corrupt(path, """
            DROP INDEX fills_by_trade;
            UPDATE fills SET trade_id = 'T1' WHERE client_order_id = '\(idOf("a", 1))';
            """)
        let report = try StoreCheck.run(path: path)
        #expect(report.violated == [.duplicateTradeID], "\(report)")
        #expect(report.violations.first?.clientOrderID == idOf("a", 1) && report.violations.first?.detail.contains("T1") == true)
    }

    @Test func ordersOfABotThatLogsThemWithoutTheirEventAreNamed() async throws {
        let (store, path) = try await cleanDatabase()
        // Bot a's orders 0...2 predate its event log; from order 3 on it logs each.
        func submit(_ seq: UInt64, events: Bool) async throws -> OrderRequest {
            let r = OrderRequest(id: ClientOrderID(bot: "a", sequence: seq), side: .buy, type: .limit(Price.of("90")), quantity: 1)
            try await store.recordSubmission(bot: "a", instrument: spotID, order: r, snapshot: [], nextSequence: seq + 1, ts: 20,
                                             events: events ? [RuntimeEvent(ts: 20, bot: "a", .placed(r))] : [])
            return r
        }
        _ = try await submit(3, events: true)
        #expect(try StoreCheck.run(path: path).isClean)
        let unlogged = try await submit(4, events: false)
        let twice = try await submit(5, events: true)
        try await store.appendEvents([RuntimeEvent(ts: 21, bot: "a", .placed(twice))])
        // An event of an order that never made it into the record.
        let ghost = OrderRequest(id: ClientOrderID(bot: "a", sequence: 9), side: .sell, type: .market, quantity: 1)
        try await store.appendEvents([RuntimeEvent(ts: 22, bot: "a", .placed(ghost))])
        let report = try StoreCheck.run(path: path)
        #expect(report.violated == [.orderPlacedNotLoggedOnce, .placedEventWithoutOrder], "\(report)")
        #expect(report.violations(of: .orderPlacedNotLoggedOnce).map(\.clientOrderID) == [unlogged.id.description, twice.id.description])
        #expect(report.violations(of: .orderPlacedNotLoggedOnce).map(\.detail) == ["sequence 4: 0 order_placed events",
                                                                                   "sequence 5: 2 order_placed events"])
        #expect(report.violations(of: .placedEventWithoutOrder).map(\.clientOrderID) == [ghost.id.description])
        #expect(report.events == 4)
    }
}
