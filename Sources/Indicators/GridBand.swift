/// GRID's series at each closed 15m bar, as the seed's order loop reads them: the ATR (a plain
/// 14-bar mean), MAMA and FAMA (`EfficiencyMAMA`), the 4h regime of the last 4h bar closed
/// (`GridRegimeOnChart`) and the levels L0…L(count+1): L1…L(count) from the band around FAMA
/// (`GridLevels`, centred at count / 2 + 1), L0 = L1·0.992 and L(count+1) = L(count)·1.008
/// beyond its edges (the seed's extra levels). One value shared by the strategy and
/// `botctl indicators --grid`, so both see the same numbers.
public struct GridBand: Sendable, Codable, Equatable {
    public struct Reading: Sendable, Equatable {
        public var atr: Double?
        public var mama: Double
        public var fama: Double
        /// L0…L(count+1); NaN until the ATR exists.
        public var levels: [Double]
        /// `adx_state_4h`: −2, −1, 0, 1 or 2.
        public var regime: Int
    }

    public let count: Int
    private var atr = ATR(period: 14, variant: .simple)
    private var band = EfficiencyMAMA(length: 20)
    private var levels: GridLevels
    private var regime = GridRegimeOnChart()

    public init(count: Int = 20) {
        self.count = count
        levels = GridLevels(count: count)
    }

    /// Adds a closed chart bar (open time `ts`, `chartMs` long).
    public mutating func update(ts: Int64, chartMs: Int64, high: Double, low: Double, close: Double) -> Reading {
        let a = atr.update(high: high, low: low, close: close)
        let m = band.update(close)
        let l = levels.update(fama: m.fama, atr: a)
        let state = regime.update(ts: ts, chartMs: chartMs, high: high, low: low, close: close)
        var out = l
        out[0] = l[1] * 0.992
        out.append(l[count] * 1.008)
        return Reading(atr: a, mama: m.mama, fama: m.fama, levels: out, regime: state)
    }
}
