/// The mean of the valid (non-NaN) values among the last `period`, from the first valid value
/// on: the seed's `calc_sma`, after Pine's `ta.sma`, which skips `na` and averages a window that
/// has not filled yet. HYPERRSI's band-width MA is this one: its pivots are kept from the
/// band's first bars, not from the hundredth (TA-Lib's SMA waits for a full window).
///
/// The sum is kept running, in TA-Lib's order (the oldest value leaves before the newest
/// enters): while the window fills it is the seed's left-to-right sum exactly, and once full
/// the seed's per-bar sum and this one have given the same states on every bar measured
/// (`BBStateOriginalTests`; the original module run on all 26,141 5m bars). Summing the 100
/// values afresh on every bar cost HYPERRSI 16 % of its backtest throughput (BENCHMARKS.md).
public struct ValidMean: Sendable, Codable, Equatable {
    public let period: Int
    private var window: RingBuffer
    private var sum = 0.0
    private var valid = 0
    public private(set) var value: Double?

    public init(period: Int) {
        precondition(period >= 1)
        self.period = period
        window = RingBuffer(capacity: period)
    }

    /// Adds `x` (NaN for a missing value); returns the mean, nil while no value in the window is valid.
    @discardableResult
    public mutating func update(_ x: Double) -> Double? {
        if window.isFull, !window[0].isNaN {
            sum -= window[0]
            valid -= 1
        }
        window.push(x)
        if !x.isNaN {
            sum += x
            valid += 1
        }
        value = valid == 0 ? nil : sum / Double(valid)
        return value
    }

    /// What `update(x)` would return, leaving the state as it is.
    public func peek(_ x: Double) -> Double? {
        var sum = self.sum, valid = self.valid
        if window.isFull, !window[0].isNaN {
            sum -= window[0]
            valid -= 1
        }
        if !x.isNaN {
            sum += x
            valid += 1
        }
        return valid == 0 ? nil : sum / Double(valid)
    }
}
