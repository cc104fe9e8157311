import BotCore
import Indicators

/// GRID's series, bar by bar, as its levels are computed at each bar's close: the ATR (a plain
/// 14-bar mean), MAMA and FAMA (the seed's efficiency-ratio recursion, EWM-smoothed), the 4h
/// regime of the last 4h bar closed (`GridRegimeOnChart`), and the levels L0…L21 as the order
/// loop uses them: L1…L20 from the band around FAMA (`GridLevels`), L0 = L1·0.992 and
/// L21 = L20·1.008 beyond its edges.
struct GridSeries {
    static let header = ["atr14", "mama", "fama", "adx_state_4h"] + (0...21).map { "L\($0)" }
    var atr = ATR(period: 14, variant: .simple)
    var band = EfficiencyMAMA(length: 20)
    var levels = GridLevels(count: 20)
    var regime = GridRegimeOnChart()
    let chartMs: Int64

    /// The series and the regime state (an integer column).
    mutating func update(_ c: Candle) -> (values: [Double?], regime: Int) {
        let x = c.close.doubleValue
        let a = atr.update(high: c.high.doubleValue, low: c.low.doubleValue, close: x)
        let m = band.update(x)
        let l = levels.update(fama: m.fama, atr: a).map { $0.isNaN ? nil : $0 } as [Double?]
        let edgeLow = l[1].map { $0 * 0.992 }, edgeHigh = l[20].map { $0 * 1.008 }
        let state = regime.update(ts: c.ts, chartMs: chartMs, high: c.high.doubleValue, low: c.low.doubleValue, close: x)
        return ([a, m.mama, m.fama, edgeLow] + Array(l[1...20]) + [edgeHigh], state)
    }
}
