import BotCore
@testable import Strategies
import Testing

/// GRID's settings: every mistake an error on its own key; and the classic grid's prices.
struct GridParamsTests {
    typealias Reader = ParameterReaderTests.TextReader

    @Test func theSeedsDefaultsNeedNoSettings() throws {
        let p = try #require(GridParams.read(Reader([:])))
        #expect(p.levels == .famaBand && p.gridNum == 20 && p.direction == .long && p.leverage == 1)
        #expect(p.stopLossPercent == nil && p.customStopMinutes == nil)
    }

    @Test func aClassicGridReadsItsRange() throws {
        let r = Reader(["levels": "geometric", "grid_num": "50", "lower_price": "20000", "upper_price": "30000", "investment": "25",
                        "out_of_range": "trail", "initial_inventory": "true", "stop_loss": "5",
                        "custom_stop": "120"])
        let p = try #require(GridParams.read(r), "\(r.errors)")
        #expect(p.levels == .geometric && p.gridNum == 50 && p.lowerPrice == Price.of("20000") && p.upperPrice == Price.of("30000"))
        #expect(p.investment == Money.of("25") && p.direction == .long && p.outOfRange == .trail && p.initialInventory)
        #expect(p.stopLossPercent == 5 && p.customStopMinutes == 120)
    }

    @Test func badRangesAndCountsAreErrorsOnTheirKeys() {
        let inverted = Reader(["levels": "arithmetic", "lower_price": "30000", "upper_price": "20000"])
        #expect(GridParams.read(inverted) == nil)
        #expect(inverted.errors["lower_price"]?.contains("must be below upper_price") == true)
        let equal = Reader(["levels": "arithmetic", "lower_price": "30000", "upper_price": "30000"])
        #expect(GridParams.read(equal) == nil && equal.errors["lower_price"] != nil)
        for n in ["0", "1", "201"] {
            let r = Reader(["levels": "arithmetic", "grid_num": n, "lower_price": "1", "upper_price": "2"])
            #expect(GridParams.read(r) == nil)
            #expect(r.errors["grid_num"]?.contains("must be 2 to 200") == true, "\(n): \(r.errors)")
        }
        let band = Reader(["grid_num": "41"])
        #expect(GridParams.read(band) == nil && band.errors["grid_num"]?.contains("1 to 40") == true)
        let missing = Reader(["levels": "geometric"])
        #expect(GridParams.read(missing) == nil)
        let stray = Reader(["lower_price": "100"])
        #expect(GridParams.read(stray) == nil && stray.errors["lower_price"]?.contains("classic grid only") == true)
        let shortClassic = Reader(["levels": "arithmetic", "lower_price": "1", "upper_price": "2", "enter_strategy": "short"])
        #expect(GridParams.read(shortClassic) == nil && shortClassic.errors["enter_strategy"]?.contains("long only") == true)
        let unknown = Reader(["grid_number": "10"])
        #expect(GridParams.read(unknown) == nil && unknown.errors["grid_number"] != nil)
    }

    @Test func arithmeticLevelsAreEquallySpacedOnTicks() throws {
        let l = try ClassicGrid.levels(.arithmetic, lower: Price.of("100"), upper: Price.of("200"), count: 5, tick: Price.of("0.1"))
        #expect(l == ["100", "125", "150", "175", "200"].map(Price.of))
    }

    @Test func geometricLevelsAreInEqualRatiosOnTicks() throws {
        let l = try ClassicGrid.levels(.geometric, lower: Price.of("100"), upper: Price.of("400"), count: 3, tick: Price.of("0.01"))
        #expect(l == ["100", "200", "400"].map(Price.of))
        let m = try ClassicGrid.levels(.geometric, lower: Price.of("1000"), upper: Price.of("2000"), count: 4, tick: Price.of("0.5"))
        // 1000·2^(1/3) = 1259.92…, 1000·2^(2/3) = 1587.40…, to the half tick.
        #expect(m == ["1000", "1260", "1587.5", "2000"].map(Price.of))
        #expect(m.allSatisfy { $0.isMultiple(of: Price.of("0.5")) })
    }

    @Test func levelsFinerThanTheTickAreRefused() {
        #expect(throws: ClassicGrid.TooFine.self) {
            _ = try ClassicGrid.levels(.arithmetic, lower: Price.of("100"), upper: Price.of("101"), count: 50, tick: Price.of("0.1"))
        }
    }
}
