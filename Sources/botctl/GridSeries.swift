import BotCore
import Indicators

/// GRID's columns for `botctl indicators --grid`: `GridBand` with the seed's 20 levels, as the
/// strategy sees them at each close.
struct GridSeries {
    static let header = ["atr14", "mama", "fama", "adx_state_4h"] + (0...21).map { "L\($0)" }
    var band = GridBand(count: 20)
    let chartMs: Int64

    /// The series and the regime state (an integer column).
    mutating func update(_ c: Candle) -> (values: [Double?], regime: Int) {
        let r = band.update(ts: c.ts, chartMs: chartMs, high: c.high.doubleValue, low: c.low.doubleValue, close: c.close.doubleValue)
        let levels = r.levels.map { $0.isNaN ? nil : $0 } as [Double?]
        return ([r.atr, r.mama, r.fama] + levels, r.regime)
    }
}
