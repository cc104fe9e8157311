import BotCore
import BotTestKit
import Foundation
@testable import Runtime
import Store
import Testing

/// Opens a long whenever it is flat: at 125× leverage, the simulator's moves liquidate it
/// again and again.
struct AlwaysLong: Strategy {
    static let key = "test-always-long"
    static let summary = "long whenever flat"
    struct Params: Sendable, Codable, Equatable {}
    struct State: Sendable, Codable { var liquidations = 0 }
    var state = State()
    static func parameters(_ r: any ParameterReader) -> Params? { Params() }
    init(params: Params, setup: StrategySetup) {}
    mutating func handle(_ event: BotEvent, context: StrategyContext, into out: inout IntentSink) {
        switch event {
        case .candleClosed where context.legs.net.isFlat && context.openOrders == 0:
            out.place(.buy, .market, quantity: Quantity.of("0.5"))
        case .order(.liquidated):
            state.liquidations += 1
        default:
            break
        }
    }
}

@Suite(.serialized)
struct LiquidationIDTests {
    /// Liquidations across two runs of the runtime on one database. Their ids were
    /// `UInt64.max - n` with n counted from 0 in each process: the second run's first
    /// liquidation took the first run's id.
    @Test func everyLiquidationHasAnIdOfItsOwnAcrossRestarts() async throws {
        var dir: URL?
        var seen: [String] = []
        for run in 0..<2 {
            let h = try Harness(paper: "leverage = 125", dir: dir, strategies: [AlwaysLong.self])
            dir = h.dir
            await h.supervisor.start([try h.bot("a", strategy: AlwaysLong.key)], coldStart: true)
            try await h.waitFor("running") { await h.supervisor.state("a") == .running }
            var liquidations: [OrderRow] = []
            for _ in 0..<40 {
                try await h.step(25)
                liquidations = try await h.store.orders(bot: "a").filter { $0.type == "liquidation" }
                if liquidations.count >= 2 * (run + 1) { break }
            }
            #expect(liquidations.count >= 2 * (run + 1), "run \(run): \(liquidations.count) liquidations")
            seen = liquidations.map(\.clientOrderID)
            // Every fill belongs to an order; a liquidation's order is filled by its one fill.
            let orders = Dictionary(uniqueKeysWithValues: try await h.store.orders(bot: "a").map { ($0.clientOrderID, $0) })
            let fills = try await h.store.fills(bot: "a")
            #expect(fills.allSatisfy { orders[$0.clientOrderID] != nil })
            for l in liquidations {
                let own = fills.filter { $0.clientOrderID == l.clientOrderID }
                #expect(own.count == 1 && own.first?.quantity == l.quantity && l.filled == l.quantity && l.status == "filled")
            }
            // The ids come from the bot's own sequence, as its orders' do.
            #expect(liquidations.allSatisfy { ClientOrderID($0.clientOrderID)?.botHash == ClientOrderID.hash("a") })
            await h.supervisor.shutdown()
        }
        #expect(Set(seen).count == seen.count, "\(seen)")
    }
}
