/// Slow stochastic (TA-Lib STOCH with SMA smoothing): fast %K over `kPeriod` bars, slowed by an
/// SMA of `slowK`, with %D an SMA of `d` of the slow %K. Fast %K is computed as TA-Lib does,
/// `(close − lowest) / ((highest − lowest)/100)`, and is 0 on a flat window.
/// First output at index `kPeriod + slowK + d − 3`.
public struct Stochastic: Sendable, Codable, Equatable {
    public struct Output: Sendable, Equatable {
        public var k: Double
        public var d: Double
    }

    public let kPeriod: Int
    private var highs: RingBuffer
    private var lows: RingBuffer
    private var slowK: SMA
    private var slowD: SMA

    public init(kPeriod: Int = 14, slowK: Int = 3, d: Int = 3) {
        precondition(kPeriod >= 1 && slowK >= 1 && d >= 1)
        self.kPeriod = kPeriod
        highs = RingBuffer(capacity: kPeriod)
        lows = RingBuffer(capacity: kPeriod)
        self.slowK = SMA(period: slowK)
        self.slowD = SMA(period: d)
    }

    @discardableResult
    public mutating func update(high: Double, low: Double, close: Double) -> Output? {
        highs.push(high)
        lows.push(low)
        guard highs.isFull else { return nil }
        var hh = highs[0], ll = lows[0]
        for i in 1..<kPeriod {
            if highs[i] > hh { hh = highs[i] }
            if lows[i] < ll { ll = lows[i] }
        }
        let diff = (hh - ll) / 100.0
        let fastK = diff != 0 ? (close - ll) / diff : 0
        guard let k = slowK.update(fastK), let d = slowD.update(k) else { return nil }
        return Output(k: k, d: d)
    }
}
