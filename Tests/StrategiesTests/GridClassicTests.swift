import BotCore
@testable import Strategies
import Testing

/// The classic grid: 100, 110, 120, 130, 140 (arithmetic, 5 levels), 100 USDT a level.
struct GridClassicTests {
    static func params(_ extra: [String: String] = [:]) -> [String: String] {
        ["levels": "arithmetic", "grid_num": "5", "lower_price": "100", "upper_price": "140", "investment": "100"]
            .merging(extra) { $1 }
    }

    @Test func buysAtEveryLevelBelowThePriceAndSellsNothingItHasNotBought() throws {
        var h = try GridHarness(Self.params())
        h.round("125", minute: 1)
        #expect(h.buys == ["100", "110", "120"].map(Price.of))
        #expect(h.sells.isEmpty && h.takeProfits(.sell).isEmpty, "no inventory: nothing to sell")
        #expect(h.order(at: "120", .buy)?.quantity == Quantity.of("0.833"))
        h.round("135", minute: 2)
        #expect(h.buys == ["100", "110", "120", "130"].map(Price.of))
    }

    @Test func eachBoughtUnitSellsOneLevelUpAndTheLevelBuysAgainOnceSold() throws {
        var h = try GridHarness(Self.params())
        h.round("125", minute: 1)
        let buy = try #require(h.order(at: "120", .buy))
        h.fill(buy.id)
        let tp = try #require(h.takeProfits(.sell).first)
        #expect(tp.type.limitPrice == Price.of("130") && tp.quantity == buy.quantity)
        #expect(h.buys == ["100", "110"].map(Price.of), "120 holds its unit")
        h.fill(tp.id)
        #expect(h.legs.net.isFlat)
        #expect(h.buys == ["100", "110", "120"].map(Price.of), "sold at 130: 120 buys again at once")
    }

    @Test func geometricLevelsTakeProfitAtTheNextRatio() throws {
        var h = try GridHarness(Self.params(["levels": "geometric", "lower_price": "100", "upper_price": "400", "grid_num": "3"]))
        h.round("250", minute: 1)
        #expect(h.buys == ["100", "200"].map(Price.of))
        h.fill(try #require(h.order(at: "200", .buy)).id)
        #expect(h.takeProfits(.sell).map { $0.type.limitPrice } == [Price.of("400")])
    }

    @Test func outOfRangeStopCancelsAndClosesAndStops() throws {
        var h = try GridHarness(Self.params(["out_of_range": "stop"]))
        h.round("125", minute: 1)
        h.fill(try #require(h.order(at: "120", .buy)).id)
        h.round("99", minute: 2)
        #expect(h.s.state.halted?.hasPrefix("out_of_range") == true)
        #expect(h.working.isEmpty && h.legs.net.isFlat)
        #expect(h.round("125", minute: 3).isEmpty)
    }

    @Test func outOfRangeHoldKeepsEveryOrderAndWaits() throws {
        var h = try GridHarness(Self.params(["out_of_range": "hold", "upper_price": "130", "grid_num": "4"]))
        h.round("125", minute: 1)
        h.fill(try #require(h.order(at: "120", .buy)).id)
        let before = h.working
        #expect(h.round("150", minute: 2).isEmpty)
        #expect(h.round("90", minute: 3).isEmpty)
        #expect(h.working == before && h.s.state.halted == nil && h.s.state.shift == 0)
    }

    @Test func outOfRangeTrailShiftsByWholeStepsAndClosesNothing() throws {
        var h = try GridHarness(Self.params(["out_of_range": "trail"]))
        h.round("125", minute: 1)
        h.fill(try #require(h.order(at: "120", .buy)).id)
        let held = h.legs.net.quantity
        // 155 is 1.5 steps above 140: two steps up, the grid is now 120…160.
        h.round("155", minute: 2)
        #expect(h.s.state.shift == 2)
        // Until their cancels are answered the buys leaving count against the caps: the last
        // new level waits a round.
        h.round("155", minute: 2)
        // The buys at 100 and 110 left the range and were cancelled; 120 still holds its unit
        // (its sell at 130 stays); the new levels below 155 buy.
        #expect(h.buys == ["130", "140", "150"].map(Price.of))
        #expect(h.takeProfits(.sell).map { $0.type.limitPrice } == [Price.of("130")])
        #expect(h.legs.net.quantity == held, "nothing closed")
        // Down through the bottom: 85 is 3.5 steps under 120: four steps down, 80…120.
        h.round("85", minute: 3)
        #expect(h.s.state.shift == -2)
        #expect(h.buys.contains(Price.of("80")) && !h.buys.contains(Price.of("150")))
    }

    @Test func aTrailThatNoGridCouldFollowHoldsInsteadOfTrapping() throws {
        var h = try GridHarness(Self.params(["out_of_range": "trail"]))
        h.round("125", minute: 1)
        let before = h.working
        // 900,000,000 is 90 million steps of 10 above the grid: it holds where it is.
        #expect(h.round("900000000", minute: 2).isEmpty)
        #expect(h.s.state.shift == 0 && h.working == before)
        // A price it can follow still moves it.
        h.round("155", minute: 3)
        #expect(h.s.state.shift == 2)
    }

    @Test func initialInventoryBuysWhatTheLevelsAboveSellAndPlacesTheirSells() throws {
        var h = try GridHarness(Self.params(["initial_inventory": "true"]))
        h.round("125", minute: 1)
        // Levels above 125: 130 (sells what 120 buys: 100/120 = 0.833) and 140 (100/130 = 0.769).
        let bought = h.log.compactMap { i -> OrderRequest? in if case .place(let r) = i, case .market = r.type { r } else { nil } }
        #expect(bought.map(\.quantity) == [Quantity.of("1.602")])
        #expect(h.legs.net.quantity == Quantity.of("1.602"))
        #expect(h.takeProfits(.sell).map { $0.type.limitPrice ?? .zero }.sorted() == ["130", "140"].map(Price.of))
        #expect(h.takeProfits(.sell).map(\.quantity).sorted() == ["0.769", "0.833"].map(Quantity.of))
        #expect(h.buys == ["100", "110"].map(Price.of), "120 holds its unit already")
        h.round("125", minute: 2)
        #expect(h.log.filter { if case .place(let r) = $0, case .market = r.type { true } else { false } }.count == 1, "bought once")
    }

    @Test func aLevelBudgetBelowTheInstrumentsMinimumIsRefusedOnInvestment() throws {
        let tiny = Instrument(id: InstrumentID(venue: "binance", symbol: "TINY"), kind: .spot, base: "T", quote: "USDT",
                              tickSize: Price.of("0.01"), lotSize: Quantity.of("0.001"), minSize: Quantity.of("1"),
                              minNotional: 0, makerFee: 0, takerFee: 0)
        do {
            _ = try GridHarness(Self.params(), instrument: tiny)
            Issue.record("a level of 100 USDT at 140 buys 0.714, under the minimum of 1")
        } catch let e as StrategySetupError {
            #expect(e.field == "investment" && e.message.contains("minimum size"), "\(e)")
        }
    }
}
