import BotCore
import BotTestKit
import Foundation
@testable import Indicators
import Testing

/// GRID's series against the original TradingBoost code run on the same candles
/// (scripts/gen_grid_fixtures.py): ATR, MAMA, FAMA and the 21 levels, bit for bit.
struct GridFixtureTests {
    @Test(arguments: [("binance_BTCUSDT_15m.csv", "grid_btcusdt_15m"), ("binance_ETHUSDT_15m.csv", "grid_ethusdt_15m")])
    func theLevelsAreTheOriginals(_ file: String, _ fixture: String) throws {
        let fx = try TALibFixtureTests.fixture(fixture)
        let candles = try TALibFixtureTests.candles(file, fx.count)
        var atr = ATR(period: 14, variant: .simple), band = EfficiencyMAMA(length: 20), levels = GridLevels(count: 20, centre: 11)
        var got: [String: [Double?]] = [:]
        func put(_ name: String, _ x: Double?) { got[name, default: []].append(x.flatMap { $0.isNaN ? nil : $0 }) }
        for c in candles {
            let a = atr.update(high: c.high.doubleValue, low: c.low.doubleValue, close: c.close.doubleValue)
            let m = band.update(c.close.doubleValue)
            let (mama, fama) = (m.mama, m.fama)
            let l = levels.update(fama: fama, atr: a)
            put("atr14", a)
            put("mama", mama)
            put("fama", fama)
            for n in 0...20 { put("L\(n)", l[n]) }
        }
        var mismatches: [String] = []
        for name in ["atr14", "mama", "fama"] + (0...20).map({ "L\($0)" }) {
            let want = try #require(fx.columns[name]), have = got[name] ?? []
            #expect(have.count == want.count)
            for i in want.indices where have[i] != want[i] {
                mismatches.append("\(name)[\(i)]: \(String(describing: have[i])) vs \(String(describing: want[i]))")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count): \(mismatches.prefix(5))")
    }

    @Test func theCentreFollowsTheLevelCount() {
        #expect(GridLevels(count: 20).centre == 11)
        #expect(GridLevels(count: 10).centre == 6)
        #expect(GridLevels(count: 7).centre == 4)
    }

    @Test func twentyStepsAreSummedAsNumpyDoes() {
        // Twenty values whose plain running sum (…987) is not numpy's (…991, what np.sum gave).
        let values = [453.18437637077534, 299.7669968636824, 794.3794815224911, 698.9944337295713, 244.09651072215289,
                      574.423710258671, 525.1965038114514, 875.1374955734289, 729.4452894392176, 287.93776489018654,
                      980.1748474925821, 118.06577825496211, 418.1228217852272, 757.1409295652494, 151.98453466050478,
                      488.9631004758056, 39.20725704743766, 668.2158565343952, 764.5708662128131, 573.0259402773839]
        var ring = RingBuffer(capacity: 20)
        for v in values { ring.push(v) }
        #expect(EfficiencyMAMA.numpySum(ring) == 10442.034495487991)
        #expect(values.reduce(0, +) == 10442.034495487987)
    }
}
