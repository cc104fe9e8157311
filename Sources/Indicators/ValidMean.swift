/// The mean of the valid (non-NaN) values among the last `period`, from the first valid value
/// on: the seed's `calc_sma`, after Pine's `ta.sma`, which skips `na` and averages a window that
/// has not filled yet. HYPERRSI's band-width MA is this one: its pivots are kept from the
/// band's first bars, not from the hundredth (TA-Lib's SMA waits for a full window).
///
/// The window is summed oldest first on every value, as the seed does, rather than kept as a
/// running sum: the MA decides which pivots are kept, and a last-bit difference there would
/// change the state.
public struct ValidMean: Sendable, Codable, Equatable {
    public let period: Int
    private var window: RingBuffer
    public private(set) var value: Double?

    public init(period: Int) {
        precondition(period >= 1)
        self.period = period
        window = RingBuffer(capacity: period)
    }

    /// Adds `x` (NaN for a missing value); returns the mean, nil while no value in the window is valid.
    @discardableResult
    public mutating func update(_ x: Double) -> Double? {
        window.push(x)
        var sum = 0.0, n = 0
        for i in 0..<window.count where !window[i].isNaN {
            sum += window[i]
            n += 1
        }
        value = n == 0 ? nil : sum / Double(n)
        return value
    }
}
