import BotCore
import BotTestKit
import Foundation
@testable import Runtime
import Store
import Testing

@Suite(.serialized)
struct RestartTimeTests {
    /// A bot that trades on trades, restarted: its first orders come before its first bar
    /// closes, and were stamped with the clock of a bot that had seen no bar (0).
    @Test func ordersRightAfterARestartCarryTheirTime() async throws {
        var dir: URL?
        var last: Int64 = 0
        var resume: Int64 = 0
        for run in 0..<2 {
            // Simulated time goes on after a restart, as botd's does; the second run has no history
            // to warm up from, so no bar closes before the bot's first orders.
            let h = try Harness(history: run == 0 ? 30 : 0, dir: dir, resumeAfter: resume)
            dir = h.dir
            await h.supervisor.start([try h.bot("t", strategy: TradeCounter.key, params: "every = 3")], coldStart: true)
            try await h.waitFor("running") { await h.supervisor.state("t") == .running }
            let before = try await h.store.orders(bot: "t").count
            try await h.step(run == 0 ? 3 : 1)
            let orders = try await h.store.orders(bot: "t").sorted { $0.createdMs < $1.createdMs }
            #expect(orders.count > before, "run \(run): no new orders")
            #expect(orders.allSatisfy { $0.createdMs > 0 }, "\(orders.map(\.createdMs))")
            #expect(orders.dropFirst(before).allSatisfy { $0.createdMs >= last })
            last = orders.last?.createdMs ?? last
            await h.supervisor.shutdown()
            resume = try await h.store.latestEventTime()
        }
    }
}
