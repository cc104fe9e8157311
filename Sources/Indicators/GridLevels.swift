#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// GRID's price levels (the seed's `calculate_grid_levels`), bar by bar: a band around FAMA
/// mixing a percentage and an ATR step, centred at level `centre`.
///
/// For each level n = 0…count, with k = centre − n and `atr' = max(atr, 0.004·fama)`:
/// `Lₙ = (EWM₅(fama·(1 − 0.006·k)) + EWM₅(fama − 1.5·atr'·k)) / 2`. From n = 2 on, against the
/// level below it (as stored, rounded) with `d = (Lₙ − Lₙ₋₁)/Lₙ₋₁`: a step beyond
/// `gap = min(0.05·|k|, 0.5)` is replaced by `fama·(1 − gap)` if d > 0, else `fama·(1 + gap)`
/// (as written: a step up sets the level below the centre line); then a step under 0.4 % (the
/// same d) by `Lₙ₋₁·(1 ± 0.004)`. Each level is rounded to 8 decimals as numpy rounds
/// (×10⁸, round half to even, ÷10⁸) and smoothed once more with EWM₅. EWM₅ is pandas'
/// `ewm(span=5, adjust=False)` (`PandasEWM`); FAMA is `EfficiencyMAMA`'s and the ATR `ATR(variant: .simple)`. Levels are NaN until the ATR exists.
///
/// The seed fixes the centre at 11 whatever the level count; the strategy passes
/// `count / 2 + 1`, which is 11 for the default 20.
public struct GridLevels: Sendable, Codable, Equatable {
    public let count: Int
    public let centre: Int
    static let minStep = 0.004
    private var percent: [PandasEWM]
    private var band: [PandasEWM]
    private var smooth: [PandasEWM]
    /// Levels 0…count after the final smoothing (NaN before the first).
    public private(set) var levels: [Double]

    public init(count: Int = 20, centre: Int? = nil) {
        precondition(count >= 1)
        self.count = count
        self.centre = centre ?? count / 2 + 1
        percent = Array(repeating: PandasEWM(span: 5, adjust: false), count: count + 1)
        band = percent
        smooth = percent
        levels = Array(repeating: .nan, count: count + 1)
    }

    /// Adds a bar's FAMA and ATR (NaN or nil while it has none); returns the levels.
    @discardableResult
    public mutating func update(fama: Double, atr: Double?) -> [Double] {
        let a = atr ?? .nan
        // numpy's maximum: NaN wins.
        let atrFloor = a.isNaN ? Double.nan : max(a, fama * Self.minStep)
        var previous = Double.nan
        for n in 0...count {
            let k = Double(centre - n)
            let multiplier = 1 - 0.5 * 0.012 * k
            let p = percent[n].update(fama * multiplier) ?? .nan
            let b = band[n].update(fama - atrFloor * k * 1.5) ?? .nan
            var level = (p + b) / 2
            if n > 1 {
                let d = (level - previous) / previous
                let gap = min(0.05 * abs(k), 0.5)
                if abs(d) > gap { level = d > 0 ? fama * (1 - gap) : fama * (1 + gap) }
                if abs(d) < Self.minStep { level = d > 0 ? previous * (1 + Self.minStep) : previous * (1 - Self.minStep) }
            }
            let stored = Self.round8(level)
            previous = stored
            levels[n] = smooth[n].update(stored) ?? .nan
        }
        return levels
    }

    /// numpy's `round(x, 8)`: `rint(x·1e8) / 1e8`, halves to even.
    static func round8(_ x: Double) -> Double { rint(x * 1e8) / 1e8 }
}
