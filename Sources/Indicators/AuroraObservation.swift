/// The market half of the AuroraQ PPO observation, spec `auroraq-obs-v1`
/// (Sources/Strategies/AuroraQ/README.md): 15 features of the last `min(n, 100)` closed bars,
/// each indicator computed over that window only, as the seed's pandas code computes it over its
/// 100-row buffer. An observation therefore depends on those bars and nothing older.
///
/// Written to agree with the Python training environment's pandas to within 1e-9 (the parity
/// fixtures): the EWMs follow pandas' own loop (`PandasEWM`), rolling means and standard
/// deviations are summed over their windows as the definitions read.
public struct AuroraObservation: Sendable, Equatable {
    public static let spec = "auroraq-obs-v1"
    public static let window = 100
    public static let minimumBars = 50
    public static let size = 26
    /// The 26 names, in order; a model's sidecar must list exactly these.
    public static let featureNames = [
        "close_scaled", "volume_ratio", "rsi14", "macd", "adx14", "close_vs_ema12", "close_vs_ema26",
        "ema12_vs_ema26", "bb_position", "stoch_k", "stoch_d", "return_4", "return_19", "volatility14",
        "slope10", "sentiment_mean", "sentiment_fear_greed", "sentiment_volatility", "sentiment_trend",
        "sentiment_mean20", "sentiment_mean10", "pad1", "pad2", "pad3", "pad4", "pad5",
    ]
    /// Features 16–21 when no sentiment is known (the seed's fallback).
    public static let neutralSentiment: [Double] = [0, 0.5, 0, 0, 0, 0]

    public struct Reading: Sendable, Equatable {
        /// Features 1–15.
        public var market: [Double]
        /// Sample standard deviation of the last 20 close-to-close returns (the strategy's
        /// market-suitability term).
        public var volatility20: Double
    }

    /// The last bars, oldest first once `start` is taken into account (a ring).
    private var high = [Double](), low = [Double](), close = [Double](), volume = [Double]()
    private var start = 0
    public private(set) var bars = 0

    public init() {}

    /// Adds a closed bar; its reading, or nil before `minimumBars` bars.
    public mutating func update(high h: Double, low l: Double, close c: Double, volume v: Double) -> Reading? {
        if close.count < Self.window {
            high.append(h); low.append(l); close.append(c); volume.append(v)
        } else {
            high[start] = h; low[start] = l; close[start] = c; volume[start] = v
            start = (start + 1) % Self.window
        }
        bars += 1
        return reading()
    }

    /// The reading the bars held give, as if `extra` closed after them (nil: as they are).
    public func peek(high h: Double, low l: Double, close c: Double, volume v: Double) -> Reading? {
        var copy = self
        return copy.update(high: h, low: l, close: c, volume: v)
    }

    func reading() -> Reading? {
        guard bars >= Self.minimumBars else { return nil }
        let w = Window(high: ordered(high), low: ordered(low), close: ordered(close), volume: ordered(volume))
        return Reading(market: w.features(), volatility20: w.returnsStd(20))
    }

    private func ordered(_ a: [Double]) -> [Double] { start == 0 ? a : Array(a[start...] + a[..<start]) }
}

/// One window of bars, oldest first; the features as the spec defines them.
struct Window {
    let high: [Double], low: [Double], close: [Double], volume: [Double]
    var n: Int { close.count }

    func features() -> [Double] {
        let c = close[n - 1]
        let e12 = ewm(12), e26 = ewm(26)
        let ema12 = finite(e12) ?? c
        let ema26 = finite(e26) ?? c
        let macd = finite(e12 - e26) ?? 0
        let volumeMean = mean(volume[(n - 20)...])
        // A zero mean gives 1, as the seed's; a NaN volume stays NaN (and the bot skips the bar).
        let ratio = volumeMean == 0 ? 1 : volume[n - 1] / volumeMean
        let (upper, lower) = bollinger()
        let bandWidth = upper - lower
        let (k, d) = stochastic()
        let p5 = close[n - 5], p20 = close[n - 20]
        return [
            c / 50000,
            min(ratio, 5) / 5,
            (finite(rsi()) ?? 50) / 100,
            macd / 1000,
            (finite(adx()) ?? 25) / 100,
            (c - ema12) / c,
            (c - ema26) / c,
            (ema12 - ema26) / c,
            abs(bandWidth) > 1e-8 ? (c - lower) / bandWidth : 0.5,
            (finite(k) ?? 50) / 100,
            (finite(d) ?? 50) / 100,
            (c - p5) / p5,
            (c - p20) / p20,
            min(returnsStd(14) * 100, 10) / 10,
            slope() / c * 1000,
        ]
    }

    func finite(_ x: Double) -> Double? { x.isFinite ? x : nil }

    func mean(_ s: ArraySlice<Double>) -> Double { s.reduce(0, +) / Double(s.count) }

    /// pandas `ewm(span, adjust=True).mean()` of the window's closes, last value.
    func ewm(_ span: Int) -> Double {
        var e = PandasEWM(span: span, adjust: true)
        var v = Double.nan
        for x in close { v = e.update(x) ?? .nan }
        return v
    }

    /// Cutler's RSI: the means of the last 14 gains and losses.
    func rsi() -> Double {
        var g = 0.0, l = 0.0
        for i in (n - 14)..<n {
            let d = close[i] - close[i - 1]
            if d > 0 { g += d } else if d < 0 { l -= d }
        }
        g /= 14
        l /= 14
        return 100 - 100 / (1 + g / l)
    }

    /// The seed's ADX: simple 14-bar means of +DM, −DM and TR, DX averaged over 14 bars.
    func adx() -> Double {
        var dx = 0.0
        for j in (n - 14)..<n {
            var p = 0.0, m = 0.0, tr = 0.0
            for i in (j - 13)...j {
                p += max(high[i] - high[i - 1], 0)
                m += max(low[i - 1] - low[i], 0)
                tr += max(high[i] - low[i], abs(high[i] - close[i - 1]), abs(low[i] - close[i - 1]))
            }
            let atr = tr / 14
            let pdi = 100 * (p / 14 / atr), mdi = 100 * (m / 14 / atr)
            dx += abs(pdi - mdi) / (pdi + mdi) * 100
        }
        return dx / 14
    }

    /// Bollinger(20, 2) with the sample standard deviation.
    func bollinger() -> (upper: Double, lower: Double) {
        let s = close[(n - 20)...]
        let m = mean(s)
        let sd = (s.reduce(0) { $0 + ($1 - m) * ($1 - m) } / 19).squareRoot()
        return (m + sd * 2, m - sd * 2)
    }

    /// Fast %K(14) of the last bar and %D, the mean of the last three %K.
    func stochastic() -> (k: Double, d: Double) {
        func k(_ j: Int) -> Double {
            let lo = low[(j - 13)...j].min()!, hi = high[(j - 13)...j].max()!
            return 100 * ((close[j] - lo) / (hi - lo))
        }
        let ks = [k(n - 3), k(n - 2), k(n - 1)]
        return (ks[2], (ks[0] + ks[1] + ks[2]) / 3)
    }

    /// Sample standard deviation of the last `count` `pct_change` returns (two passes, as
    /// pandas' `std`).
    func returnsStd(_ count: Int) -> Double {
        let r = ((n - count)..<n).map { close[$0] / close[$0 - 1] - 1 }
        let m = r.reduce(0, +) / Double(count)
        return (r.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(count - 1)).squareRoot()
    }

    /// Least-squares slope of the last 10 closes against 0…9.
    func slope() -> Double {
        let y = close[(n - 10)...]
        let my = mean(y)
        var num = 0.0
        for (k, v) in y.enumerated() { num += (Double(k) - 4.5) * (v - my) }
        return num / 82.5
    }
}
