/// Simple moving average, TA-Lib arithmetic: a running sum that adds the new value, divides by
/// the period, then subtracts the value leaving the window. First value at index `period − 1`.
public struct SMA: Sendable, Codable, Equatable {
    public let period: Int
    private var window: RingBuffer
    private var sum = 0.0
    public private(set) var value: Double?

    public init(period: Int) {
        precondition(period >= 1)
        self.period = period
        window = RingBuffer(capacity: period)
    }

    @discardableResult
    public mutating func update(_ x: Double) -> Double? {
        // Order matches TA_INT_SMA so results are bit-identical.
        window.push(x)
        sum += x
        guard window.isFull else { return nil }
        let v = sum / Double(period)
        sum -= window[0]
        value = v
        return v
    }
}

/// How an exponential moving average starts.
public enum EMASeed: String, Sendable, Codable {
    /// TA-Lib: the simple mean of the first `period` values; first output at index `period − 1`.
    case sma
    /// The first value itself (pandas `ewm(adjust=False)`, Pine `ta.ema`'s `na` start);
    /// output from index 0.
    case firstValue
}

/// Exponential moving average with `k = 2 / (period + 1)` and the plain formula
/// `ema = (x − ema)·k + ema`, as TA-Lib computes it.
public struct EMA: Sendable, Codable, Equatable {
    public let period: Int
    public let k: Double
    public let seed: EMASeed
    private var count = 0
    private var seedSum = 0.0
    public private(set) var value: Double?

    public init(period: Int, seed: EMASeed = .sma) {
        precondition(period >= 1)
        self.period = period
        self.k = 2.0 / (Double(period) + 1.0)
        self.seed = seed
    }

    /// An EMA with an explicit smoothing factor (pandas `alpha`), seeded with the first value.
    public init(alpha: Double) {
        self.period = 1
        self.k = alpha
        self.seed = .firstValue
    }

    @discardableResult
    public mutating func update(_ x: Double) -> Double? {
        if let v = value {
            let n = (x - v) * k + v
            value = n
            return n
        }
        switch seed {
        case .firstValue:
            value = x
            return x
        case .sma:
            count += 1
            seedSum += x
            guard count == period else { return nil }
            let v = seedSum / Double(period)
            value = v
            return v
        }
    }
}

/// pandas `Series.ewm(span=n).mean()`, α = 2/(span+1), output from index 0, following pandas'
/// own loop (`ewm` in window/aggregations.pyx) so results agree to the last bit.
///
/// `adjust: true` (pandas' default) is the weighted mean of all values so far with weights
/// (1 − α)^i. `adjust: false` is the recursion y = ((1−α)·y + α·x) / ((1−α) + α), where the
/// denominator is computed, not assumed to be 1 (for span 5 it is not exactly 1).
public struct PandasEWM: Sendable, Codable, Equatable {
    public let alpha: Double
    public let adjust: Bool
    private var oldWeight = 1.0
    public private(set) var value: Double?

    public init(span: Int, adjust: Bool = true) {
        alpha = 2.0 / (Double(span) + 1.0)
        self.adjust = adjust
    }

    public init(alpha: Double, adjust: Bool = true) {
        self.alpha = alpha
        self.adjust = adjust
    }

    /// Adds `x`; NaN is a missing value, as pandas reads it: leading ones give no mean yet (nil),
    /// a later one leaves the mean and only ages the weights (`ignore_na=False`).
    @discardableResult
    public mutating func update(_ x: Double) -> Double? {
        guard let w = value else {
            if !x.isNaN { value = x }
            return value
        }
        let newWeight = adjust ? 1.0 : alpha
        oldWeight *= 1.0 - alpha
        guard !x.isNaN else { return w }
        var v = w
        if w != x { v = (oldWeight * w + newWeight * x) / (oldWeight + newWeight) }
        oldWeight = adjust ? oldWeight + newWeight : 1.0
        value = v
        return v
    }
}
