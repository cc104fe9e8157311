import BotConfig
import BotCore
import Foundation
@testable import Runtime
import Store
import Testing

/// What a live venue does to an account's positions by itself, reported after the fact and
/// maybe more than once: funding settlements and liquidations reach the ledgers of the bots
/// that held the leg, each once, in their share.
@Suite(.serialized)
struct VenueSettlementTests {
    /// Two accounts on scripted venues; bots a and b hold 0.01 long each on `paper`, c 0.01 on
    /// `other`.
    struct Accounts {
        let h: Harness
        let paper = ScriptedVenue(account: "paper", parts: 1)
        let other = ScriptedVenue(account: "other", parts: 1)

        init(dir: URL? = nil) throws {
            let paper = self.paper, other = self.other
            h = try Harness(dir: dir, accounts: "[accounts.other]\nvenue = \"paper\"", makeVenue: { cfg in
                cfg.name == "other" ? other : paper
            })
        }

        func start() async throws {
            let specs = [try h.bot("a", strategy: BuyAndHold.key), try h.bot("b", strategy: BuyAndHold.key),
                         try h.bot("c", strategy: BuyAndHold.key, account: "other")]
            await h.supervisor.start(specs, coldStart: true)
            try await h.waitFor("running") { await h.supervisor.statuses().filter { $0.state == .running }.count == 3 }
        }

        func position(_ bot: String) async -> Quantity? { await h.supervisor.statuses().first { $0.id == bot }?.position }

        var instrument: Instrument { h.catalog.find(symbol: "BTC-USDT-SWAP")! }
    }

    @Test func aLiquidationGoesToTheBotsThatHeldTheLegOnceAndNoneElse() async throws {
        let s = try Accounts()
        try await s.start()
        try await s.h.step(3)
        for bot in ["a", "b", "c"] { #expect(await s.position(bot) == Quantity.of("0.01")) }

        let l = await s.paper.liquidate(s.instrument, side: .net, closing: .sell, Quantity.of("0.02"), at: 90_000, trade: "LQ1")
        try await s.h.waitFor("liquidated") {
            let a = await s.position("a"), b = await s.position("b")
            return a == .zero && b == .zero
        }
        try await s.h.settle()
        // Reported again, by a reconciliation: nothing more.
        await s.paper.report(l, instrument: s.instrument.id)
        try await s.h.settle()
        for bot in ["a", "b"] {
            let rows = try await s.h.store.orders(bot: bot).filter { $0.type == "liquidation" }
            #expect(rows.count == 1 && rows.first?.quantity == Quantity.of("0.01") && rows.first?.status == "filled", "\(bot): \(rows)")
            let fills = try await s.h.store.fills(bot: bot).filter { $0.tradeID == "LQ1" }
            #expect(fills.count == 1 && fills.first?.price == 90_000 && fills.first?.fee == Money.of("0.5"))
        }
        // The other account's bot is untouched, and the account's legs agree with its bots'.
        #expect(await s.position("c") == Quantity.of("0.01"))
        #expect(try await s.h.store.orders(bot: "c").allSatisfy { $0.type != "liquidation" })
        #expect(try await s.h.supervisor.positionMismatches(account: "paper").isEmpty)
        #expect(try await s.h.store.liquidationShares(account: "paper", trade: "LQ1") == ["a": Quantity.of("0.01"), "b": Quantity.of("0.01")])
        await s.h.supervisor.shutdown()
    }

    @Test func aLiquidationReportedAgainAfterARestartGoesToTheSameBots() async throws {
        let first = try Accounts()
        try await first.start()
        try await first.h.step(3)
        let l = await first.paper.liquidate(first.instrument, side: .net, closing: .sell, Quantity.of("0.01"), at: 90_000, trade: "LQ2")
        try await first.h.waitFor("liquidated") {
            let a = (try? await first.h.store.orders(bot: "a")) ?? [], b = (try? await first.h.store.orders(bot: "b")) ?? []
            return (a + b).contains { $0.type == "liquidation" }
        }
        try await first.h.settle()
        let shares = try #require(try await first.h.store.liquidationShares(account: "paper", trade: "LQ2"))
        #expect(shares.values.reduce(Quantity.zero, +) == Quantity.of("0.01") && shares.count == 1, "\(shares)")
        let (liquidated, kept) = shares["a"] != nil ? ("a", "b") : ("b", "a")
        await first.h.supervisor.shutdown()

        // A new run on the same store hears of it again: the split recorded then stands (a
        // new one would now find only the bot that was not liquidated holding the leg).
        let second = try Accounts(dir: first.h.dir)
        try await second.start()
        await second.paper.report(l, instrument: second.instrument.id)
        try await second.h.settle()
        try await Task.sleep(for: .milliseconds(200))
        try await second.h.settle()
        #expect(await second.position(liquidated) == .zero)
        #expect(await second.position(kept) == Quantity.of("0.01"))
        #expect(try await second.h.store.orders(bot: kept).allSatisfy { $0.type != "liquidation" })
        #expect(try await second.h.store.orders(bot: liquidated).filter { $0.type == "liquidation" }.count == 1)
        await second.h.supervisor.shutdown()
    }

    @Test func fundingIsBookedOnWhatEachLegHeldAtTheSettlementOnce() async throws {
        let s = try Accounts()
        try await s.start()
        let before = await s.paper.now
        try await s.h.step(3)
        let settled = await s.paper.now
        let rate = Ratio.of("0.0001")
        // One settlement from before the bots bought, one after.
        await s.paper.settle(FundingCharge(ts: before - 1, mark: 100_000, rate: rate), instrument: s.instrument.id)
        await s.paper.settle(FundingCharge(ts: settled, mark: 100_000, rate: rate), instrument: s.instrument.id)
        try await s.h.waitFor("funding booked") {
            let a = (try? await s.h.store.funding(bot: "a")) ?? [], b = (try? await s.h.store.funding(bot: "b")) ?? []
            return a.count == 1 && b.count == 1
        }
        // 0.01 contracts of 0.01 BTC at 100,000, × 0.0001: the long pays 0.001.
        let paid = FundingCharge(ts: settled, mark: 100_000, rate: rate).payment(quantity: Quantity.of("0.01"), s.instrument)
        #expect(paid == Money.of("0.001"))
        for bot in ["a", "b"] {
            let rows = try await s.h.store.funding(bot: bot)
            #expect(rows.map(\.amount) == [paid] && rows.map(\.ts) == [settled], "\(bot): \(rows)")
        }
        #expect(try await s.h.store.funding(bot: "c").isEmpty, "another account's bot pays nothing")

        // Reported again, and replayed to a bot that starts again: booked once.
        await s.paper.settle(FundingCharge(ts: settled, mark: 100_000, rate: rate), instrument: s.instrument.id)
        await s.h.supervisor.remove("a", policy: .leave)
        await s.h.supervisor.add(try s.h.bot("a", strategy: BuyAndHold.key))
        try await s.h.waitFor("running") { await s.h.supervisor.state("a") == .running }
        try await s.h.settle()
        #expect(try await s.h.store.funding(bot: "a").count == 1)
        #expect(try await s.h.store.funding(bot: "b").count == 1)
        let status = try #require(await s.h.supervisor.statuses().first { $0.id == "a" })
        #expect(status.funding == paid)
        await s.h.supervisor.shutdown()
    }
}
