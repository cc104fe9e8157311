/// GRID's 4h regime state (`adx_state` of the seed's `calculate_adx` then `update_adx_state`,
/// DI and ADX lengths 28, threshold 20), bar by bar on 4h bars, as written:
///
/// - the true range is `max(high, close) − min(low, close)` of the bar itself (the previous
///   close is never used); +DM/−DM as usual (0 on the first bar);
/// - each smoothing is the seed's `rma`: the raw value before index length−1, there the mean of
///   the first `length` values (NaN skipped, summed as numpy sums), then
///   `α·x + (1−α)·previous` with α = 1/length;
/// - DI± = 100·DM±/TR, DX = 100·|DI+ − DI−|/(DI+ + DI−), ADX = rma(DX);
/// - from the second bar: 0 → ±1 when DI+ crosses DI− (or back); ±1 → ±2 when ADX rose on two
///   bars in a row; −2 → 0 when the close is at least 1.1 × the 50-bar low, +2 → 0 when at most
///   0.9 × the 50-bar high; any state → 0 when ADX crosses under 20, or fell on three bars in a
///   row while above 20.
///
/// The seed compares with rows i−2 and i−3 even on the second and third bars, where Python's
/// negative indices read the end of the series (a look-ahead). Here a comparison with a bar
/// before the first fails: from the fourth bar on the two agree.
public struct GridRegime: Sendable, Codable, Equatable {
    public let length: Int
    public let threshold: Double
    private var tr: SeedRMA
    private var plusDM: SeedRMA
    private var minusDM: SeedRMA
    private var dxRMA: SeedRMA
    private var previousHigh: Double?
    private var previousLow: Double?
    private var highs: RingBuffer
    private var lows: RingBuffer
    /// The last four ADX values, newest last.
    private var adx: RingBuffer
    private var previousPlus = Double.nan
    private var previousMinus = Double.nan
    private var bars = 0
    public private(set) var state = 0
    public private(set) var lastADX = Double.nan

    public init(length: Int = 28, threshold: Double = 20) {
        self.length = length
        self.threshold = threshold
        tr = SeedRMA(length: length)
        plusDM = tr
        minusDM = tr
        dxRMA = tr
        highs = RingBuffer(capacity: 50)
        lows = RingBuffer(capacity: 50)
        adx = RingBuffer(capacity: 4)
    }

    /// Adds a closed 4h bar; returns the state (−2…2).
    @discardableResult
    public mutating func update(high: Double, low: Double, close: Double) -> Int {
        defer { bars += 1 }
        let trueRange = Swift.max(high, close) - Swift.min(low, close)
        var up = 0.0, down = 0.0
        if let ph = previousHigh, let pl = previousLow {
            let u = high - ph, d = pl - low
            up = u > d && u > 0 ? u : 0
            down = d > u && d > 0 ? d : 0
        }
        (previousHigh, previousLow) = (high, low)
        let t = tr.update(trueRange), p = plusDM.update(up), m = minusDM.update(down)
        let diPlus = 100 * (p / t), diMinus = 100 * (m / t)
        let dx = 100 * (abs(diPlus - diMinus) / (diPlus + diMinus))
        let a = dxRMA.update(dx)
        adx.push(a)
        lastADX = a
        highs.push(high)
        lows.push(low)
        let (prevPlus, prevMinus) = (previousPlus, previousMinus)
        (previousPlus, previousMinus) = (diPlus, diMinus)
        guard bars >= 1 else { return state }

        var s = state
        if s == 0 {
            if diPlus > diMinus && prevPlus <= prevMinus {
                s = 1
            } else if diMinus > diPlus && prevMinus <= prevPlus {
                s = -1
            }
        } else if rose(2) {
            s = s >= 1 ? 2 : -2
        }
        if s == -2, lows.isFull, close >= Self.min(lows) * 1.1 {
            s = 0
        } else if s == 2, highs.isFull, close <= Self.max(highs) * 0.9 {
            s = 0
        }
        let crossedUnder = at(0) < threshold && at(1) >= threshold
        let fell = at(0) < at(1) && at(1) < at(2) && at(2) < at(3) && at(0) > threshold
        if s != 0 && (crossedUnder || fell) { s = 0 }
        state = s
        return s
    }

    /// ADX `k` bars back (NaN before the first bar: every comparison with it fails).
    private func at(_ k: Int) -> Double { k < adx.count ? adx[adx.count - 1 - k] : .nan }

    private func rose(_ n: Int) -> Bool {
        for k in 0..<n where !(at(k) > at(k + 1)) { return false }
        return true
    }

    private static func min(_ r: RingBuffer) -> Double {
        var m = Double.infinity
        for i in 0..<r.count { m = Swift.min(m, r[i]) }
        return m
    }

    private static func max(_ r: RingBuffer) -> Double {
        var m = -Double.infinity
        for i in 0..<r.count { m = Swift.max(m, r[i]) }
        return m
    }
}

/// The seed's `rma` (`shared/indicators/_adx.py`): the raw value before index length−1, there
/// the NaN-skipping mean of the first `length` values (pandas' mean: numpy's pairwise sum),
/// then `α·x + (1−α)·previous`, α = 1/length.
struct SeedRMA: Sendable, Codable, Equatable {
    let length: Int
    private var first: [Double] = []
    private var value = Double.nan
    private var count = 0

    init(length: Int) { self.length = length }

    mutating func update(_ x: Double) -> Double {
        defer { count += 1 }
        if count < length - 1 {
            first.append(x)
            return x
        }
        if count == length - 1 {
            first.append(x)
            // pandas' mean: NaNs summed as zeros (numpy's pairwise order), divided by the valid count.
            let valid = first.filter { !$0.isNaN }.count
            value = valid == 0 ? .nan : EfficiencyMAMA.numpySum(first.map { $0.isNaN ? 0 : $0 }) / Double(valid)
            first = []
            return value
        }
        let alpha = 1 / Double(length)
        value = alpha * x + (1 - alpha) * value
        return value
    }
}
