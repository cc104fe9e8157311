import BotCore
import BotTestKit
import Foundation
import Indicators
import Policy
@testable import Strategies
import Testing

/// `auroraq-ppo`'s decision rules one by one (README.md next to the strategy), each with a
/// constructed policy whose probabilities the test sets, so every gate, stop, limit and exit is
/// exercised whatever a trained model would do.
struct AuroraQRuleTests {
    static let centre = 50_000.0

    /// 60 bars at `price`: past the 50 the observation needs.
    static func warm(_ h: inout AuroraQHarness, at price: Double = centre) {
        for _ in 0..<60 { h.close(price) }
    }

    @Test func belowTheConfidenceGateNothingIsEntered() throws {
        var h = try AuroraQHarness(ConstructedPolicy.constant([0.3, 0.69, 0.01]))
        Self.warm(&h)
        #expect(h.entries.isEmpty)
        #expect(abs(h.s.state.lastProbabilities[1] - 0.69) < 1e-6)
        #expect(h.s.state.lastAction == 1)

        var g = try AuroraQHarness(ConstructedPolicy.constant([0.28, 0.71, 0.01]))
        Self.warm(&g)
        // One long, never a second in the same direction while it is held.
        #expect(g.entries.count == 1)
        #expect(g.entries[0].side == .buy)
        #expect(g.position > .zero)
    }

    @Test func strengthGateAndItsFormula() throws {
        var h = try AuroraQHarness(ConstructedPolicy.constant([0.005, 0.99, 0.005]), params: ["min_strength": "0.95"])
        Self.warm(&h)
        #expect(h.entries.isEmpty, "strength \(h.s.state.lastStrength) is under 0.95")
        // The strength is the seed's composite, recomputed here from the observation.
        var series = AuroraObservation()
        var reading: AuroraObservation.Reading?
        for _ in 0..<60 { reading = series.update(high: Self.centre, low: Self.centre, close: Self.centre, volume: 10) }
        let obs = reading!.market + AuroraObservation.neutralSentiment + [0, 0, 0, 0, 0]
        let mean = obs.reduce(0, +) / 26
        let variance = obs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 26
        let conf = h.s.state.lastProbabilities[1]
        let composite = 0.25 + 0.15 * min(1, 10 * variance) + 0.2 * conf + 0.1 + 0.075 + 0.05 + 0.05 * min(1, 50 * reading!.volatility20)
        #expect(abs(h.s.state.lastStrength - conf * composite) < 1e-12)
        #expect(h.s.state.lastStrength > 0.5 && h.s.state.lastStrength < 0.95)

        var g = try AuroraQHarness(ConstructedPolicy.constant([0.005, 0.99, 0.005]))
        Self.warm(&g)
        #expect(g.entries.count == 1)
    }

    @Test func anEntryIsProtectedByAStopAndATakeProfit() throws {
        var h = try AuroraQHarness(ConstructedPolicy.constant([0.1, 0.85, 0.05]))
        Self.warm(&h)
        #expect(h.entries.count == 1)
        let stops = h.working.filter { if case .stopMarket = $0.type { true } else { false } }
        let limits = h.working.filter { if case .limit = $0.type { true } else { false } }
        #expect(stops.count == 1 && limits.count == 1)
        // −2 % and +4 % of the fill (50,000), reduce-only, for the whole position.
        #expect(stops[0].type.triggerPrice == Price.of("49000"))
        #expect(limits[0].type.limitPrice == Price.of("52000"))
        #expect(stops.allSatisfy { $0.reduceOnly && $0.side == .sell && $0.quantity == h.position })
        #expect(limits.allSatisfy { $0.reduceOnly && $0.side == .sell && $0.quantity == h.position })
        // investment 100 × leverage 1 at 50,000: 0.002.
        #expect(h.position == Quantity.of("0.002"))
        // The take-profit fills: flat, the stop cancelled, and (still long) a new entry next bar.
        h.close(52_100, high: 52_100)
        #expect(h.position == Quantity.of("0.0019"), "100 at 52,100")
        #expect(h.fills.contains { $0.reduceOnly && $0.price == Price.of("52000") })
        #expect(h.entries.count == 2)
        #expect(h.working.count == 2, "the old stop is gone, the new entry's two are working")
    }

    @Test func theStopTriggersAndCancelsTheTakeProfit() throws {
        var h = try AuroraQHarness(ConstructedPolicy.constant([0.1, 0.85, 0.05]), params: ["max_trades_per_day": "1"])
        Self.warm(&h)
        h.close(48_900, low: 48_900)
        #expect(h.position == .zero)
        #expect(h.fills.last?.price == Price.of("49000"))
        #expect(h.working.isEmpty)
    }

    @Test func shortsOnlyWhenAllowedOtherwiseActionTwoClosesALong() throws {
        // Flat, action short, shorts not allowed: nothing.
        var h = try AuroraQHarness(ConstructedPolicy.priceDriven(centre: Self.centre))
        Self.warm(&h, at: Self.centre - 300)
        #expect(h.entries.isEmpty)
        #expect(h.s.state.lastAction == 2)
        // Long above the centre, then the short action (p > 0.8) closes it; no short follows.
        h.close(Self.centre + 300)
        #expect(h.position > .zero)
        h.close(Self.centre - 300)
        #expect(h.position == .zero)
        h.close(Self.centre - 300)
        #expect(h.position == .zero && h.entries.count == 1)

        // Allowed: a short, +2 % stop and −4 % take-profit; the long action closes it, and the
        // next bar (not the same) opens the long.
        var g = try AuroraQHarness(ConstructedPolicy.priceDriven(centre: Self.centre), params: ["allow_short": "true"])
        Self.warm(&g, at: Self.centre - 300)
        #expect(g.position < .zero)
        let short = g.working
        #expect(short.contains { $0.type.triggerPrice == Price.of("50694") && $0.side == .buy && $0.reduceOnly })
        #expect(short.contains { $0.type.limitPrice == Price.of("47712") && $0.side == .buy && $0.reduceOnly })
        g.close(Self.centre + 300)
        #expect(g.position == .zero)
        g.close(Self.centre + 300)
        #expect(g.position > .zero)
    }

    @Test func exitsAtThreePercentLossAndFivePercentGain() throws {
        // No venue stop or take-profit: the bar-close exits are what closes.
        let params = ["stop_loss": "0", "take_profit": "0", "max_trades_per_day": "1"]
        var h = try AuroraQHarness(ConstructedPolicy.constant([0.2, 0.75, 0.05]), params: params)
        Self.warm(&h)
        #expect(h.working.isEmpty && h.position > .zero)
        h.close(48_600)   // −2.8 %
        #expect(h.position > .zero)
        h.close(48_500)   // −3 %
        #expect(h.position == .zero)

        var g = try AuroraQHarness(ConstructedPolicy.constant([0.2, 0.75, 0.05]), params: params)
        Self.warm(&g)
        g.close(52_400)   // +4.8 %
        #expect(g.position > .zero)
        g.close(52_500)   // +5 %
        #expect(g.position == .zero)
    }

    @Test func reversalNeedsMoreThanPointEight() throws {
        // With the strength gate out of reach nothing opens.
        var g = try AuroraQHarness(ConstructedPolicy.priceDriven(centre: Self.centre), params: ["min_strength": "0.99"])
        for _ in 0..<60 { g.close(Self.centre + 300) }
        #expect(g.entries.isEmpty, "strength gate")
        g = try AuroraQHarness(ConstructedPolicy.priceDriven(centre: Self.centre))
        for _ in 0..<60 { g.close(Self.centre + 300) }
        #expect(g.position > .zero)
        // 40 below the centre: p(short) ≈ 0.65, under both 0.7 and 0.8: kept.
        g.close(Self.centre - 40)
        let p = g.s.state.lastProbabilities
        #expect(g.s.state.lastAction != 1 && p.max()! < 0.8)
        #expect(g.position > .zero)
        g.close(Self.centre - 300)
        #expect(g.s.state.lastProbabilities[2] > 0.8)
        #expect(g.position == .zero)
    }

    @Test func atMostTenEntriesPerUTCDay() throws {
        // Constant long; each entry exits one bar later at +0.2 % (exit_profit 0.1 %).
        var h = try AuroraQHarness(ConstructedPolicy.constant([0.2, 0.75, 0.05]),
                                   params: ["exit_profit": "0.1", "stop_loss": "0", "take_profit": "0"],
                                   start: 1_700_006_400_000 - 61 * 300_000)   // day 19,676 starts at bar 61
        Self.warm(&h)
        h.close(Self.centre)
        let day: Int64 = 1_700_006_400_000 / 86_400_000
        for i in 0..<280 { h.close(i % 2 == 0 ? Self.centre + 100 : Self.centre) }
        func entries(on d: Int64) -> Int {
            h.fills.filter { !$0.reduceOnly && $0.ts / 86_400_000 == d }.count
        }
        #expect(entries(on: day) == 10)
        #expect(h.s.state.entriesToday == 10)
        // The next UTC day trades again.
        for i in 0..<20 { h.close(i % 2 == 0 ? Self.centre + 100 : Self.centre) }
        #expect(entries(on: day + 1) > 0)
    }

    @Test func aRefusedEntryIsNoTradeAndIsTriedAgain() throws {
        var h = try AuroraQHarness(ConstructedPolicy.constant([0.2, 0.75, 0.05]))
        h.refuse = [0]
        Self.warm(&h)
        #expect(h.entries.count == 2)
        #expect(h.position > .zero)
        #expect(h.s.state.entriesToday == 1)
    }

    @Test func dailyLossStopClosesAndWaitsForTheNextDay() throws {
        // 100 × 10 at 50,000 = 0.02: a 0.6 % fall loses 6 of 100 (over the 5 % stop) while the
        // 3 % exit and the (disabled) stop are far.
        let start: Int64 = 1_700_006_400_000
        var h = try AuroraQHarness(ConstructedPolicy.constant([0.2, 0.75, 0.05]),
                                   params: ["leverage": "10", "stop_loss": "0", "take_profit": "0"], start: start)
        Self.warm(&h)
        #expect(h.position == Quantity.of("0.02"))
        h.close(Self.centre * 0.996)
        #expect(h.position > .zero, "−4 % of the day's equity: kept")
        h.close(Self.centre * 0.994)
        #expect(h.position == .zero)
        // No entry for the rest of the day, though the policy says long every bar.
        let dayEnd = (start / 86_400_000 + 1) * 86_400_000
        while h.now + 300_000 < dayEnd { h.close(Self.centre) }
        #expect(h.entries.count == 1)
        h.close(Self.centre)
        h.close(Self.centre)
        #expect(h.entries.count == 2 && h.position > .zero)
    }
}
