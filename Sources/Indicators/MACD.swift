/// MACD as TA-Lib computes it: both EMAs use `k = 2/(n+1)` and SMA seeds, aligned so their
/// first values fall on the same bar: the fast EMA starts `slow − fast` bars late (its seed is
/// the mean of closes `slow−fast … slow−1`, not of the first `fast` closes). The signal is an
/// SMA-seeded EMA of the MACD line. All three outputs start at index `slow + signal − 2`.
public struct MACD: Sendable, Codable, Equatable {
    public struct Output: Sendable, Equatable {
        public var macd: Double
        public var signal: Double
        public var histogram: Double
    }

    public let fastPeriod: Int, slowPeriod: Int, signalPeriod: Int
    private var fast: EMA
    private var slow: EMA
    private var signal: EMA
    private var index = 0

    public init(fast: Int = 12, slow: Int = 26, signal: Int = 9) {
        var f = fast, s = slow
        if s < f { swap(&f, &s) }  // TA-Lib swaps a reversed pair
        fastPeriod = f
        slowPeriod = s
        signalPeriod = signal
        self.fast = EMA(period: f)
        self.slow = EMA(period: s)
        self.signal = EMA(period: signal)
    }

    @discardableResult
    public mutating func update(_ x: Double) -> Output? {
        defer { index += 1 }
        let s = slow.update(x)
        let f: Double? = index >= slowPeriod - fastPeriod ? fast.update(x) : nil
        guard let s, let f else { return nil }
        let m = f - s
        guard let sig = signal.update(m) else { return nil }
        return Output(macd: m, signal: sig, histogram: m - sig)
    }
}
