/// True range of a bar given the previous close (nil for the first bar: then high − low).

public func trueRange(high: Double, low: Double, previousClose: Double?) -> Double {
    var greatest = high - low
    guard let pc = previousClose else { return greatest }
    let a = abs(pc - high)
    if a > greatest { greatest = a }
    let b = abs(pc - low)
    if b > greatest { greatest = b }
    return greatest
}

/// How an average true range starts and smooths.
public enum ATRVariant: String, Sendable, Codable {
    /// TA-Lib: the first true range (bar 0) is skipped; the seed at index `period` is the mean
    /// of the true ranges of bars 1…period; then Wilder `(prev·(n−1) + tr)/n`.
    case talib
    /// HYPERRSI (`_atr.py`): TR[0] = high − low; a running mean of TR up to index `period − 1`
    /// (output from index 0), then Wilder smoothing.
    case hyperrsi
    /// GRID's level formula: a plain `period`-bar mean of the true range (not Wilder's).
    case simple
}

public struct ATR: Sendable, Codable, Equatable {
    public let period: Int
    public let variant: ATRVariant
    private var previousClose: Double?
    private var count = 0
    private var sum = 0.0
    private var sma: SMA
    public private(set) var value: Double?

    public init(period: Int = 14, variant: ATRVariant = .talib) {
        precondition(period >= 1)
        self.period = period
        self.variant = variant
        sma = SMA(period: period)
    }

    @discardableResult
    public mutating func update(high: Double, low: Double, close: Double) -> Double? {
        let first = previousClose == nil
        let tr = trueRange(high: high, low: low, previousClose: previousClose)
        previousClose = close
        let n = Double(period)
        switch variant {
        case .talib:
            if first { return nil }
            if let v = value {
                let next = (v * (n - 1) + tr) / n
                value = next
                return next
            }
            count += 1
            sum += tr
            guard count == period else { return nil }
            value = sum / n
            return value
        case .hyperrsi:
            if count < period {
                count += 1
                sum += tr
                value = sum / Double(count)
                return value
            }
            let next = (value! * (n - 1) + tr) / n
            value = next
            return next
        case .simple:
            value = sma.update(tr)
            return value
        }
    }
}
