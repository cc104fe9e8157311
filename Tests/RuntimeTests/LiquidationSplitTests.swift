import BotCore
@testable import Runtime
import Testing

/// How a venue's liquidation of an account's leg is shared among the bots that held it.
struct LiquidationSplitTests {
    let lot = Quantity.of("0.01")

    @Test func aFullLiquidationGivesEachBotWhatItHeld() {
        let s = LiquidationSplit(quantity: Quantity.of("0.5"), held: ["a": Quantity.of("0.2"), "b": Quantity.of("0.3")], lot: lot)
        #expect(s.shares == ["a": Quantity.of("0.2"), "b": Quantity.of("0.3")] && s.unheld == .zero)
    }

    @Test func moreThanTheBotsHeldLeavesTheRestUnheld() {
        let s = LiquidationSplit(quantity: Quantity.of("0.7"), held: ["a": Quantity.of("0.2"), "b": Quantity.of("0.3")], lot: lot)
        #expect(s.shares == ["a": Quantity.of("0.2"), "b": Quantity.of("0.3")] && s.unheld == Quantity.of("0.2"))
    }

    @Test func aPartialLiquidationIsSharedInProportionInWholeLots() {
        // 0.1 of 0.3: a third each of 0.1, 0.1 and 0.1 is 0.0333…: 3 lots of 0.01 each, then
        // the one lot left over goes to the largest fraction (all equal: by bot id).
        let s = LiquidationSplit(quantity: Quantity.of("0.1"),
                                 held: ["a": Quantity.of("0.1"), "b": Quantity.of("0.1"), "c": Quantity.of("0.1")], lot: lot)
        #expect(s.shares.values.reduce(Quantity.zero, +) == Quantity.of("0.1") && s.unheld == .zero)
        #expect(s.shares.values.allSatisfy { $0 == Quantity.of("0.03") || $0 == Quantity.of("0.04") })
        #expect(s.shares.values.filter { $0 == Quantity.of("0.04") }.count == 1)
        // The same every time it is worked out.
        #expect(s == LiquidationSplit(quantity: Quantity.of("0.1"),
                                      held: ["c": Quantity.of("0.1"), "a": Quantity.of("0.1"), "b": Quantity.of("0.1")], lot: lot))
    }

    @Test func theLargestFractionsTakeTheLotsLeftByRounding() {
        // 0.05 of 0.09 held 0.06 / 0.02 / 0.01: exact 0.0333, 0.0111, 0.0056 → 3, 1, 0 lots,
        // and the fifth lot to the largest fraction: c's 0.56 lot.
        let s = LiquidationSplit(quantity: Quantity.of("0.05"),
                                 held: ["a": Quantity.of("0.06"), "b": Quantity.of("0.02"), "c": Quantity.of("0.01")], lot: lot)
        #expect(s.shares == ["a": Quantity.of("0.03"), "b": Quantity.of("0.01"), "c": Quantity.of("0.01")] && s.unheld == .zero)
    }

    @Test func noBotIsGivenMoreThanItHeld() {
        let s = LiquidationSplit(quantity: Quantity.of("0.03"), held: ["a": Quantity.of("0.01"), "b": Quantity.of("0.03")], lot: lot)
        #expect(s.shares.allSatisfy { $0.value <= (["a": Quantity.of("0.01"), "b": Quantity.of("0.03")][$0.key] ?? .zero) })
        #expect(s.shares.values.reduce(Quantity.zero, +) == Quantity.of("0.03"))
    }

    @Test func nobodyHoldingLeavesItAllUnheld() {
        let s = LiquidationSplit(quantity: Quantity.of("0.05"), held: ["a": .zero], lot: lot)
        #expect(s.shares.isEmpty && s.unheld == Quantity.of("0.05"))
    }
}
