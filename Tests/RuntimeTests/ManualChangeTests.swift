import BotConfig
import BotCore
import Foundation
@testable import Runtime
import Store
import Testing

/// A take-profit set by hand reaches the strategy once: logged first, acted on in order,
/// replayed after a restart only when the bot had not acted on it.
@Suite(.serialized)
struct ManualChangeTests {
    /// A running `test-buy-and-hold` bot holding its position.
    func holding(_ h: Harness, _ id: String = "h") async throws -> BotSpec {
        let spec = try h.bot(id, strategy: BuyAndHold.key)
        await h.supervisor.start([spec], coldStart: true)
        try await h.waitFor("running") { await h.supervisor.state(id) == .running }
        for _ in 0..<10 where await h.supervisor.statuses().first(where: { $0.id == id })?.position.isZero ?? true {
            try await h.step(1)
        }
        #expect(await h.supervisor.statuses().first { $0.id == id }?.position == Quantity.of("0.01"))
        return spec
    }

    func state(_ h: Harness, _ id: String) async throws -> BotSnapshot<BuyAndHold.State> {
        let snap = try #require(try await h.store.snapshot(bot: id))
        return try BotActor<BuyAndHold>.decoder.decode(BotSnapshot<BuyAndHold.State>.self, from: Data(snap.state))
    }

    func targets(_ h: Harness, _ id: String) async throws -> [OrderRow] {
        try await h.store.orders(bot: id).filter { $0.side == "sell" && $0.type == "limit" }
    }

    func target(above h: Harness, _ spec: BotSpec, by ratio: String) async throws -> Price {
        let last = try #require(await h.hub.lastBar(spec.instrument.id))
        return last.close.scaled(by: Ratio.of(ratio), .up).rounded(toMultipleOf: spec.instrument.tickSize, .up)
    }

    @Test func aChangeByHandIsLoggedActedOnOnceAndNotReplayedAfterARestart() async throws {
        let h = try Harness()
        let spec = try await holding(h)
        let tp = try await target(above: h, spec, by: "1.5")
        let seq = try await h.supervisor.adjust("h", ManualChange(takeProfit: tp, by: "user:alice"))
        try await h.waitFor("the take-profit order") { (try? await targets(h, "h").count) == 1 }
        let order = try #require(try await targets(h, "h").first)
        #expect(order.price == tp && order.quantity == Quantity.of("0.01") && order.status == "accepted")
        let logged = try await h.store.events(after: seq - 1, limit: 10, bot: "h")
        #expect(logged.first?.seq == seq)
        #expect(logged.first?.event.what == .manualChange(ManualChange(takeProfit: tp, by: "user:alice")))
        try await h.waitFor("the snapshot that saw it") { (try? await state(h, "h").manualSeen) == seq }

        // A second change replaces the first order.
        let tp2 = try await target(above: h, spec, by: "1.6")
        let seq2 = try await h.supervisor.adjust("h", ManualChange(takeProfit: tp2, by: "uid:1000"))
        #expect(seq2 > seq)
        try await h.waitFor("the new target") { (try? await targets(h, "h").map(\.status)) == ["cancelled", "accepted"] }

        try await h.supervisor.restart("h")
        try await h.waitFor("running again") { await h.supervisor.state("h") == .running }
        try await h.step(2)
        #expect(try await state(h, "h").strategy.changes == 2)
        #expect(try await targets(h, "h").map(\.price) == [tp, tp2], "no order twice")
    }

    @Test func aChangeLoggedButNotActedOnIsReplayedAtTheNextStartOnly() async throws {
        let h = try Harness()
        let spec = try await holding(h)
        try await h.supervisor.stop("h", policy: .leave)
        // As if botd died between logging the change and the bot acting on it.
        let tp = try await target(above: h, spec, by: "1.5")
        let seq = try await h.store.appendEvent(RuntimeEvent(ts: 1, bot: "h", user: "u", .manualChange(ManualChange(takeProfit: tp, by: "user:u"))))
        #expect(try await state(h, "h").manualSeen == nil)
        try await h.supervisor.startBot("h")
        try await h.waitFor("the replayed take-profit") { (try? await targets(h, "h").count) == 1 }
        #expect(try await targets(h, "h").first?.price == tp)
        #expect(try await state(h, "h").manualSeen == seq)
        try await h.supervisor.restart("h")
        try await h.waitFor("running again") { await h.supervisor.state("h") == .running }
        try await h.step(2)
        #expect(try await state(h, "h").strategy.changes == 1)
        #expect(try await targets(h, "h").count == 1)
    }

    @Test func changesThatCannotApplyAreRefusedAndNotLogged() async throws {
        let h = try Harness()
        let flat = try h.bot("flat", strategy: BuyAndHold.key)
        let other = try h.bot("flipper")
        await h.supervisor.start([flat, other], coldStart: true)
        try await h.waitFor("running") { await h.supervisor.count(.running) == 2 }
        func refusal(_ id: String, _ change: ManualChange) async -> String {
            do {
                _ = try await h.supervisor.adjust(id, change)
                return "accepted"
            } catch { return "\(error)" }
        }
        let price = try await target(above: h, flat, by: "1.5")
        #expect(await refusal("flat", ManualChange(takeProfit: price, by: "u")) == "bot 'flat' holds no position")
        #expect(await refusal("flipper", ManualChange(takeProfit: price, by: "u"))
                == "strategy 'test-flipper' sets no take-profit or stop that could be changed by hand")
        #expect(await refusal("nobody", ManualChange(takeProfit: price, by: "u")) == "no bot 'nobody'")

        let spec = try await holding(h, "held")
        let below = try await target(above: h, spec, by: "0.9")
        let last = try #require(await h.hub.lastBar(spec.instrument.id)).close
        #expect(await refusal("held", ManualChange(takeProfit: below, by: "u"))
                == "a long position's take-profit must be above the last price \(last); got \(below)")
        #expect(await refusal("held", ManualChange(stopLoss: price, by: "u"))
                == "a long position's stop-loss must be below the last price \(last); got \(price)")
        #expect(await refusal("held", ManualChange(by: "u")) == "give a take-profit or a stop-loss price")
        #expect(await refusal("held", ManualChange(positionSide: .short, takeProfit: below, by: "u")) == "bot 'held' holds no short position")
        try await h.supervisor.stop("held", policy: .leave)
        #expect(await refusal("held", ManualChange(takeProfit: price, by: "u")) == "bot 'held' is not running")
        let kinds = try await h.store.events(after: 0, limit: 1000).map(\.event.kind)
        #expect(!kinds.contains("manual_change"))
    }
}
