/// Relative strength index with Wilder smoothing, TA-Lib arithmetic.
///
/// Seeded at index `period` with the means of the first `period` gains and losses (the price
/// changes at indices 1…period), then `avg = (avg·(period−1) + x) / period`. A zero sum of
/// averages gives 0, as TA-Lib does.
public struct RSI: Sendable, Codable, Equatable {
    public let period: Int
    private let n: Double
    private let inverse: Double
    private var prev: Double?
    private var count = 0
    private var gain = 0.0
    private var loss = 0.0
    public private(set) var value: Double?

    public init(period: Int = 14) {
        precondition(period >= 2)
        self.period = period
        n = Double(period)
        inverse = 1.0 / Double(period)
    }

    @discardableResult
    public mutating func update(_ x: Double) -> Double? {
        guard let p = prev else {
            prev = x
            return nil
        }
        prev = x
        let d = x - p
        // TA-Lib's C text divides by the period; the library as built multiplies by the
        // reciprocal, and only that reproduces its output bit for bit.
        if count < period {
            count += 1
            if d < 0 { loss -= d } else { gain += d }
            guard count == period else { return nil }
            loss *= inverse
            gain *= inverse
        } else {
            loss *= n - 1
            gain *= n - 1
            if d < 0 { loss -= d } else { gain += d }
            loss *= inverse
            gain *= inverse
        }
        let t = gain + loss
        let v = (t > -1e-8 && t < 1e-8) ? 0 : 100.0 * (gain / t)
        value = v
        return v
    }
}

/// HYPERRSI's RSI (TradingBoost `shared/indicators/_rsi.py`): the deltas are prefixed with a 0,
/// the seed at index `period` is the mean of deltas 0…period−1 (which includes that 0 and so
/// never uses the change at index `period`), then Wilder smoothing `(prev·(n−1) + x)/n`; a zero
/// average loss counts as 1e-10. Indices below `period` give 0, as the seed stores them.
public struct HyperRSI: Sendable, Codable, Equatable {
    public let period: Int
    private var prev: Double?
    private var index = 0
    private var gainSum = 0.0
    private var lossSum = 0.0
    private var avgGain = 0.0
    private var avgLoss = 0.0
    public private(set) var value: Double?

    public init(period: Int = 14) {
        precondition(period >= 2)
        self.period = period
    }

    @discardableResult
    public mutating func update(_ x: Double) -> Double {
        let d = prev.map { x - $0 } ?? 0
        prev = x
        let n = Double(period)
        defer { index += 1 }
        let g = max(d, 0), l = max(-d, 0)
        if index < period {
            gainSum += g
            lossSum += l
            value = 0
            return 0
        }
        if index == period {
            avgGain = gainSum / n
            avgLoss = lossSum / n
        } else {
            avgGain = (avgGain * (n - 1) + g) / n
            avgLoss = (avgLoss * (n - 1) + l) / n
        }
        let rs = avgGain / (avgLoss == 0 ? 1e-10 : avgLoss)
        let v = 100 - 100 / (1 + rs)
        value = v
        return v
    }
}
