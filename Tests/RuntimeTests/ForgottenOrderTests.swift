import BotConfig
import BotCore
import Foundation
@testable import Runtime
import Store
import Testing

/// An order the venue took, which finished while botd was down and which the venue no longer
/// knows at all when botd comes back (OKX keeps finished orders 7 days): the bot books what it
/// filled from the venue's fill history and closes it, instead of waiting on it forever.
@Suite(.serialized)
struct ForgottenOrderTests {
    @Test func anOrderTheVenueForgotIsClosedWithTheFillsItReported() async throws {
        let venue = ScriptedVenue(parts: 3)
        let first = try Scripted(venue)
        try await first.start([try first.h.bot("h", strategy: BuyAndHold.key)])
        try await first.h.step(2)
        try await first.quiet()
        _ = try await first.h.supervisor.adjust("h", ManualChange(takeProfit: 120_000, by: "user:test"))
        try await first.h.waitFor("take-profit resting") { await venue.openIDs(ofBot: "h").count == 1 }
        let target = try #require(await venue.openIDs(ofBot: "h").first)
        try await first.quiet()
        await first.h.supervisor.shutdown()

        // While botd is down: a third of it fills, the rest is cancelled, and time passes
        // until the venue no longer keeps it. (The venue's clock is the market's, as a real
        // venue's is: the fill comes after the order was recorded.)
        let inst = try #require(await first.h.supervisor.spec("h")).instrument.id
        await venue.setClock(try #require(await first.h.hub.lastBar(inst)).ts + 120_000)
        await venue.fillResting(target, parts: 1, delivery: .lost)
        await venue.forget(target)

        let second = try Scripted(venue, dir: first.h.dir)
        try await second.start([try second.h.bot("h", strategy: BuyAndHold.key)])
        try await second.quiet()
        let row = try #require(try await second.h.store.orders(bot: "h").first { $0.clientOrderID == target.description })
        let fill = try #require(await venue.orders(ofBot: "h").first { $0.request.id == target }?.fills.first)
        #expect(row.status == "expired" && row.filled == fill.quantity, "\(row.status) \(row.filled)")
        #expect(try await second.h.store.fills(bot: "h").contains { $0.tradeID == fill.tradeID })
        let status = try #require(await second.h.supervisor.statuses().first { $0.id == "h" })
        #expect(status.openOrders == 0)
        #expect(status.position == Quantity.of("0.01") - fill.quantity)
        #expect(try await second.h.supervisor.positionMismatches(account: "paper").isEmpty)
        await second.h.supervisor.shutdown()
    }
}
