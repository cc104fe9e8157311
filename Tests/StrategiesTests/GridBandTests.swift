import BotCore
@testable import Strategies
import Testing

/// GRID's band rules one by one, on levels the test sets: L0 = 1000, L1 = 1010, … L21 = 1210
/// unless a test needs others; 100 USDT a level, 20 levels (Σcap 2,000).
struct GridBandTests {
    static let band = ["investment": "100"]

    @Test func longEntriesGoOneLevelBelowEachOfTheTwoNearestLevelsUnderThePrice() throws {
        var h = try GridHarness(Self.band)
        h.levels(evenLevels(1000, 10))
        h.round("1105", minute: 1)
        // Nearest below 1105: L10 = 1100 and L9 = 1090; buys one level lower.
        #expect(h.buys == [Price.of("1080"), Price.of("1090")])
        #expect(h.sells.isEmpty, "long mode places no short entries")
        #expect(h.order(at: "1090", .buy)?.quantity == Quantity.of("0.091"), "100 USDT at 1090, down to the lot")
        #expect(h.working.allSatisfy { $0.positionSide == .net && !$0.reduceOnly })
        // A second round at the same price orders nothing twice.
        #expect(h.round("1105", minute: 2).isEmpty)
    }

    @Test func longShortPlacesSellsOneLevelAboveTheTwoNearestAboveOnTheHedgeLegs() throws {
        var h = try GridHarness(Self.band.merging(["enter_strategy": "long-short"]) { $1 })
        h.levels(evenLevels(1000, 10))
        h.round("1105", minute: 1)
        #expect(h.buys == [Price.of("1080"), Price.of("1090")])
        #expect(h.sells == [Price.of("1120"), Price.of("1130")])
        #expect(h.working.filter { $0.side == .buy }.allSatisfy { $0.positionSide == .long })
        #expect(h.working.filter { $0.side == .sell }.allSatisfy { $0.positionSide == .short })
    }

    @Test func anEntryMoreThanTenPercentAwayIsPlacedAtTheMidpoint() throws {
        var h = try GridHarness(Self.band)
        h.levels(evenLevels(100, 12))
        h.round("221", minute: 1)
        // Below 221: L10 = 220 → buy at L9 = 208; L9 = 208 → L8 = 196 < 0.9 × 221, so (221 + 196) / 2.
        #expect(h.buys == [Price.of("208"), Price.of("208.5")])
    }

    @Test func aFilledBuyTakesProfitOneLevelUpForItsSizeAndTheGridFillsInBelow() throws {
        var h = try GridHarness(Self.band)
        h.levels(evenLevels(1000, 10))
        h.round("1105", minute: 1)
        let entry = try #require(h.order(at: "1090", .buy))
        h.fill(entry.id)
        let tp = try #require(h.takeProfits(.sell).first)
        // min(max(1.004 × 1090, L10), 1.08 × 1090) = L10.
        #expect(tp.type.limitPrice == Price.of("1100") && tp.quantity == entry.quantity && tp.positionSide == .net)
        // The re-entry's level (8) is already ordered; the loop, at the fill's price, adds the
        // levels below the two nearest (L8, L7 → buys at L7, L6).
        #expect(h.buys == [Price.of("1060"), Price.of("1070"), Price.of("1080")])
    }

    @Test func theReEntryIsOneLevelBackAndAtLeastHalfAPercentBelowTheFill() throws {
        var h = try GridHarness(Self.band)
        h.levels(evenLevels(1000, 1.5))
        h.round("1015.7", minute: 1)
        // Below 1015.7: L10 = 1015 → buy at L9 = 1013.5; L9 → L8 = 1012.
        #expect(h.buys == [Price.of("1012"), Price.of("1013.5")])
        h.end(try #require(h.order(at: "1012", .buy)).id, .cancelled(try #require(h.order(at: "1012", .buy)).id))
        h.fill(try #require(h.order(at: "1013.5", .buy)).id)
        // TP: max(1.004 × 1013.5, L10 = 1015) = 1017.554, up to the tick.
        #expect(h.takeProfits(.sell).map { $0.type.limitPrice } == [Price.of("1017.56")])
        // Re-entry at level 8: min(L8 = 1012, 0.995 × 1013.5 = 1008.4325), down to the tick.
        #expect(h.buys.contains(Price.of("1008.43")))
        #expect(!h.buys.contains(Price.of("1012")))
    }

    @Test func aTakeProfitIsAtMostEightPercentAboveTheFill() throws {
        var h = try GridHarness(Self.band)
        h.levels(evenLevels(100, 30))
        h.round("405", minute: 1)
        h.fill(try #require(h.order(at: "370", .buy)).id)
        // max(1.004 × 370, L10 = 400) = 400 > 1.08 × 370 = 399.6.
        #expect(h.takeProfits(.sell).map { $0.type.limitPrice } == [Price.of("399.6")])
    }

    @Test func shortsMirrorLongs() throws {
        var h = try GridHarness(Self.band.merging(["enter_strategy": "short"]) { $1 })
        h.levels(evenLevels(1000, 10))
        h.round("1105", minute: 1)
        #expect(h.sells == [Price.of("1120"), Price.of("1130")] && h.buys.isEmpty)
        let entry = try #require(h.order(at: "1120", .sell))
        h.fill(entry.id)
        // TP: max(min(0.993 × 1120, L11 = 1110), 0.93 × 1120) = 1110; the re-entry's level (13)
        // is ordered; the loop at 1120 adds L14.
        let tp = try #require(h.takeProfits(.buy).first)
        #expect(tp.type.limitPrice == Price.of("1110") && tp.quantity == entry.quantity)
        #expect(h.sells == [Price.of("1130"), Price.of("1140")])
        #expect(h.legs.net.quantity == Quantity(raw: -entry.quantity.raw))
    }

    @Test func aShortTakeProfitIsAtLeastSevenTenthsOfAPercentBelowAndTheReEntryHalfAPercentAbove() throws {
        var h = try GridHarness(Self.band.merging(["enter_strategy": "short"]) { $1 })
        h.levels(evenLevels(1000, 1.5))
        h.round("1014.2", minute: 1)
        // Above 1014.2: L10 = 1015 → sell at L11 = 1016.5; L11 → L12 = 1018.
        #expect(h.sells == [Price.of("1016.5"), Price.of("1018")])
        h.end(try #require(h.order(at: "1018", .sell)).id, .cancelled(try #require(h.order(at: "1018", .sell)).id))
        h.fill(try #require(h.order(at: "1016.5", .sell)).id)
        // TP: min(0.993 × 1016.5 = 1009.3845, L10 = 1015), down to the tick.
        #expect(h.takeProfits(.buy).map { $0.type.limitPrice } == [Price.of("1009.38")])
        // Re-entry at level 12: max(L12 = 1018, 1.005 × 1016.5 = 1021.5825), up to the tick.
        #expect(h.sells.contains(Price.of("1021.59")))
    }

    @Test func theRegimeGatesEachSide() throws {
        var h = try GridHarness(Self.band.merging(["enter_strategy": "long-short"]) { $1 })
        h.levels(evenLevels(1000, 10), regime: -2)
        h.round("1105", minute: 1)
        #expect(h.buys.isEmpty && h.sells.count == 2, "−2: no longs")
        var up = try GridHarness(Self.band.merging(["enter_strategy": "long-short"]) { $1 })
        up.levels(evenLevels(1000, 10), regime: 2)
        up.round("1105", minute: 1)
        #expect(up.sells.isEmpty && up.buys.count == 2, "+2: no shorts")
        var calm = try GridHarness(Self.band.merging(["enter_strategy": "long-short"]) { $1 })
        calm.levels(evenLevels(1000, 10), regime: -1)
        calm.round("1105", minute: 1)
        #expect(calm.sells.count == 2 && calm.buys.count == 2, "±1 gates nothing")
    }

    @Test func aNewlyReachedMinusTwoClosesTheLongsAndCancelsTheirOrders() throws {
        var h = try GridHarness(Self.band)
        h.levels(evenLevels(1000, 10))
        h.round("1105", minute: 1)
        h.fill(try #require(h.order(at: "1090", .buy)).id)
        #expect(!h.legs.net.isFlat && !h.working.isEmpty)
        let intents = h.refresh("1095", minute: 15, regime: -2)
        #expect(intents.contains { if case .close(_, .net) = $0 { true } else { false } })
        #expect(h.legs.net.isFlat && h.working.isEmpty, "\(h.working)")
        #expect(h.s.state.slots.isEmpty)
        // −2 stays: no new longs; a regime already at −2 does not close again.
        #expect(h.refresh("1095", minute: 30, regime: -2).isEmpty)
    }

    @Test func aLevelHoldingAnUnboughtUnitIsNotOrderedAgainUntilItsTakeProfitFills() throws {
        var h = try GridHarness(Self.band)
        h.levels(evenLevels(1000, 10))
        h.round("1105", minute: 1)
        h.fill(try #require(h.order(at: "1090", .buy)).id)
        h.round("1105", minute: 2)
        #expect(!h.buys.contains(Price.of("1090")), "level 9 still holds its unit")
        h.fill(try #require(h.takeProfits(.sell).first).id)
        #expect(h.legs.net.isFlat)
        h.round("1105", minute: 3)
        #expect(h.buys.contains(Price.of("1090")), "sold: level 9 is free again")
    }

    @Test func positionAndNotionalCapsStopNewEntries() throws {
        var h = try GridHarness(Self.band)
        h.levels(evenLevels(1000, 10))
        // A position worth 95 % of Σcap at the price: no entry.
        let big = Fill(orderID: ClientOrderID(botHash: 1, sequence: 1), ts: 0, side: .buy, positionSide: .net,
                       price: Price.of("1105"), quantity: Quantity.of("1.72"), fee: 0, liquidity: .taker)
        h.legs.net.apply(big, instrument: gridCoin)
        h.round("1105", minute: 1)
        #expect(h.buys.isEmpty, "1.72 × 1105 = 1900.6 ≥ 0.95 × 2000")
        // Units held and entries working count against 1.05 × Σcap.
        var g = try GridHarness(Self.band)
        g.levels(evenLevels(1000, 10))
        for level in 0..<20 {
            var s = GridSlot(level: 30 + level, long: true, entry: nil, limit: Price.of("1000"), ordered: Quantity.of("0.1"))
            s.filled = Quantity.of("0.1")
            s.filledValue = 100
            g.s.state.slots.append(s)
        }
        // 20 × 100 held + 91.3 more = 2091.3 < 2100: one entry; the second would pass 2100.
        g.round("1105", minute: 1)
        #expect(g.buys == [Price.of("1090")])
    }

    @Test func noEntryWithinATenthOfAPercentOfAnotherOrder() throws {
        var h = try GridHarness(Self.band)
        // Levels 0.05 % apart: the second entry would sit within 0.1 % of the first.
        h.levels(evenLevels(1000, 0.5))
        h.round("1005.2", minute: 1)
        #expect(h.buys == [Price.of("1004.5")])
    }

    @Test func theStopLossClosesEverythingAndStopsTheGrid() throws {
        var h = try GridHarness(Self.band.merging(["stop_loss": "5"]) { $1 })
        h.levels(evenLevels(1000, 10))
        h.round("1105", minute: 1)
        h.fill(try #require(h.order(at: "1090", .buy)).id)
        h.round("1040", minute: 2)
        #expect(h.s.state.halted == nil, "−4.6 %: not yet")
        let intents = h.round("1035", minute: 3)
        #expect(intents.contains { if case .close = $0 { true } else { false } })
        #expect(h.legs.net.isFlat && h.working.isEmpty)
        #expect(h.s.state.halted?.hasPrefix("stop_loss") == true)
        #expect(h.round("1105", minute: 4).isEmpty, "a stopped grid places nothing")
    }

    @Test func theStopLossCountsTheLeverage() throws {
        var h = try GridHarness(Self.band.merging(["stop_loss": "5", "leverage": "5"]) { $1 })
        h.levels(evenLevels(1000, 10))
        h.round("1105", minute: 1)
        h.fill(try #require(h.order(at: "1090", .buy)).id)
        h.round("1080", minute: 2)
        #expect(h.s.state.halted == nil, "−0.92 % × 5 = −4.6 %: not yet")
        #expect(h.round("1079", minute: 3).contains { if case .close = $0 { true } else { false } }, "−1.01 % × 5")
    }

    @Test func customStopClosesAfterThatLongWithoutAnEntry() throws {
        var h = try GridHarness(Self.band.merging(["custom_stop": "30"]) { $1 })
        h.levels(evenLevels(1000, 10))
        h.round("1105", minute: 0)
        h.fill(try #require(h.order(at: "1090", .buy)).id)
        h.round("1095", minute: 29)
        #expect(h.s.state.halted == nil)
        h.round("1095", minute: 30)
        #expect(h.s.state.halted?.hasPrefix("custom_stop") == true)
        #expect(h.legs.net.isFlat && h.working.isEmpty)
    }

    @Test func aPartlyFilledEntryThatEndsTakesProfitOnWhatFilled() throws {
        var h = try GridHarness(Self.band)
        h.levels(evenLevels(1000, 10))
        h.round("1105", minute: 1)
        let entry = try #require(h.order(at: "1090", .buy))
        h.fill(entry.id, quantity: Quantity.of("0.05"))
        #expect(h.takeProfits(.sell).isEmpty, "the entry is still working")
        // A refresh that moves the levels leaves a partly filled entry working (its unit is
        // half bought); the venue then ends it (expiry, a cancel by hand).
        h.levels(evenLevels(1020, 10))
        h.refresh("1105", minute: 15, regime: 0)
        #expect(h.order(at: "1090", .buy) != nil)
        h.end(entry.id, .expired(entry.id))
        h.round("1105", minute: 16)
        let tp = try #require(h.takeProfits(.sell).first)
        // L10 is now 1120: max(1.004 × 1090, 1120) = 1120 < 1.08 × 1090.
        #expect(tp.quantity == Quantity.of("0.05") && tp.type.limitPrice == Price.of("1120"))
    }

    @Test func theRefreshMovesATakeProfitToItsLevelsNewPrice() throws {
        var h = try GridHarness(Self.band)
        h.levels(evenLevels(1000, 10))
        h.round("1105", minute: 1)
        h.fill(try #require(h.order(at: "1090", .buy)).id)
        var moved = evenLevels(1000, 10)
        moved[10] = 1102
        h.levels(moved)
        h.refresh("1095", minute: 15, regime: 0)
        #expect(h.takeProfits(.sell).map { $0.type.limitPrice } == [Price.of("1102")])
    }

    @Test func aTakeProfitThatRacesItsCancelIsNotReplacedTwice() throws {
        var h = try GridHarness(Self.band)
        h.levels(evenLevels(1000, 10))
        h.round("1105", minute: 1)
        h.fill(try #require(h.order(at: "1090", .buy)).id)
        let tp = try #require(h.takeProfits(.sell).first)
        var moved = evenLevels(1000, 10)
        moved[10] = 1102
        h.levels(moved)
        h.confirmCancels = false
        h.refresh("1095", minute: 15, regime: 0)
        // The venue fills it before the cancel lands: the unit is sold; nothing is placed for it.
        h.fill(tp.id)
        h.end(tp.id, .cancelled(tp.id))
        #expect(h.takeProfits(.sell).isEmpty && h.legs.net.isFlat)
    }

    @Test func aTimeframeOtherThanFifteenMinutesIsRefusedForTheBand() {
        #expect(throws: StrategySetupError.self) { try GridHarness(Self.band, timeframe: "5m") }
    }
}
