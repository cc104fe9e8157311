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

    /// The 4h regime on 4h bars built from the whole 15m file, against the original's
    /// calculate_adx and update_adx_state on the same bars: ADX and DI to the bit, the state
    /// from the fourth bar on (before it the original reads the series' end; see GridRegime).
    @Test(arguments: [("binance_BTCUSDT_15m.csv", "grid_regime_btcusdt_4h"), ("binance_ETHUSDT_15m.csv", "grid_regime_ethusdt_4h")])
    func theRegimeIsTheOriginals(_ file: String, _ fixture: String) throws {
        let fx = try TALibFixtureTests.fixture(fixture)
        let bars = BarBuilder.resample(try CandleCSV.load(path: SharedData.path(file)), to: Timeframe("4h")!, base: Timeframe("15m")!)
        let ts = try #require(fx.columns["ts_ms"]), adx = try #require(fx.columns["adx"]), state = try #require(fx.columns["adx_state"])
        #expect(bars.count >= fx.count - 1)
        var regime = GridRegime()
        var mismatches: [String] = []
        var states: Set<Int> = []
        for (i, b) in bars.prefix(fx.count).enumerated() {
            #expect(Double(b.ts) == ts[i])
            let s = regime.update(high: b.high.doubleValue, low: b.low.doubleValue, close: b.close.doubleValue)
            states.insert(s)
            let a = regime.lastADX.isNaN ? nil : regime.lastADX
            if a != adx[i] { mismatches.append("adx[\(i)] \(String(describing: a)) vs \(String(describing: adx[i]))") }
            if i >= 3, Double(s) != state[i] { mismatches.append("state[\(i)] \(s) vs \(String(describing: state[i]))") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count): \(mismatches.prefix(5))")
        #expect(states == [-2, -1, 0, 1, 2])
    }

    /// On 15m bars, each bar reads the state of the last 4h bar its own close completed: the
    /// same states as the regime fed the 4h bars themselves, never the forming one's.
    @Test func fifteenMinuteBarsReadTheLastClosedFourHourBar() throws {
        let candles = Array(try CandleCSV.load(path: SharedData.path("binance_ETHUSDT_15m.csv")).prefix(4_000))
        let h4 = BarBuilder.resample(candles, to: Timeframe("4h")!, base: Timeframe("15m")!)
        var direct = GridRegime()
        var byClose: [Int64: Int] = [:]
        for b in h4 { byClose[b.ts + GridRegimeOnChart.periodMs] = direct.update(high: b.high.doubleValue, low: b.low.doubleValue, close: b.close.doubleValue) }
        var chart = GridRegimeOnChart()
        var last = 0
        for c in candles {
            let s = chart.update(ts: c.ts, chartMs: 900_000, high: c.high.doubleValue, low: c.low.doubleValue, close: c.close.doubleValue)
            if let closed = byClose[c.ts + 900_000] { last = closed }
            #expect(s == last, "at \(c.ts)")
        }
    }
}
