/// Which standard deviation a Bollinger band uses.
public enum Deviation: String, Sendable, Codable {
    /// Divides by n (TA-Lib, TradingView, HYPERRSI's BB_State).
    case population
    /// Divides by n − 1 (pandas `rolling().std()`, AuroraQ).
    case sample
}

/// Bollinger bands: SMA ± k·σ over `period` values.
///
/// With `.population` this is TA-Lib's BBANDS (SMA): σ² = mean(x²) − mean², from a running sum
/// of squares, 0 when rounding makes it negative (TA-Lib 0.8 no longer clamps below 1e-8,
/// which zeroed the bands of low-priced pairs). With `.sample`, σ is computed from the window itself
/// (two-pass), as pandas does.
public struct Bollinger: Sendable, Codable, Equatable {
    public struct Output: Sendable, Equatable {
        public var upper: Double
        public var middle: Double
        public var lower: Double
    }

    public let period: Int
    public let multiplier: Double
    public let deviation: Deviation
    private var sma: SMA
    private var window: RingBuffer
    private var sumSquares = 0.0

    public init(period: Int = 20, multiplier: Double = 2, deviation: Deviation = .population) {
        precondition(period >= 2)
        self.period = period
        self.multiplier = multiplier
        self.deviation = deviation
        sma = SMA(period: period)
        window = RingBuffer(capacity: period)
    }

    @discardableResult
    public mutating func update(_ x: Double) -> Output? {
        window.push(x)
        sumSquares += x * x
        guard let mean = sma.update(x) else { return nil }
        let sd: Double
        switch deviation {
        case .population:
            // TA_INT_stddev_using_precalc_ma, step for step.
            var meanSquares = sumSquares / Double(period)
            sumSquares -= window[0] * window[0]
            meanSquares -= mean * mean
            sd = meanSquares > 0 ? meanSquares.squareRoot() : 0
        case .sample:
            sumSquares -= window[0] * window[0]
            var acc = 0.0
            for i in 0..<period {
                let d = window[i] - mean
                acc += d * d
            }
            sd = (acc / Double(period - 1)).squareRoot()
        }
        let band = multiplier * sd
        return Output(upper: mean + band, middle: mean, lower: mean - band)
    }
}
