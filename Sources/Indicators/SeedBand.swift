/// HYPERRSI's Bollinger band as the seed computes it (`_all_indicators` with `calc_sma` and
/// `calc_stddev`): the middle is the mean of the last `period` closes summed afresh, oldest
/// first; the population σ comes from running sums kept over the whole series in its order
/// (the newest added, then the oldest taken away), `√(Σx²/n − (Σx/n)²)`, 0 when not positive.
/// TA-Lib's band (`Bollinger`) rounds differently in the last bits, which moved the band
/// state on 10 of 166,755 bars measured.
struct SeedBand: Sendable, Codable, Equatable {
    let period: Int
    let multiplier: Double
    private var window: RingBuffer
    private var sum = 0.0
    private var sumSquares = 0.0

    init(period: Int, multiplier: Double) {
        self.period = period
        self.multiplier = multiplier
        window = RingBuffer(capacity: period)
    }

    /// Adds a close; the band once `period` closes have come.
    mutating func update(_ x: Double) -> Bollinger.Output? {
        let out = peek(x)
        push(x)
        return out
    }

    /// Adds a close to the window and the running sums (the newest added, then the oldest
    /// taken away: the order `peek` computes them in).
    mutating func push(_ x: Double) {
        let full = window.isFull
        let oldest = full ? window[0] : 0
        window.push(x)
        sum += x
        sumSquares += x * x
        if full {
            sum -= oldest
            sumSquares -= oldest * oldest
        }
    }

    /// What `update(x)` would return, leaving the window and sums as they are (the same sums
    /// in the same order, so the same bits).
    func peek(_ x: Double) -> Bollinger.Output? {
        let w = PushedWindow(window, pushing: x)
        guard w.isFull else { return nil }
        var sum = self.sum, sumSquares = self.sumSquares
        sum += x
        sumSquares += x * x
        if window.isFull {
            let oldest = window[0]
            sum -= oldest
            sumSquares -= oldest * oldest
        }
        let n = Double(period)
        let mean = sum / n
        let variance = sumSquares / n - mean * mean
        let sd = variance > 0 ? variance.squareRoot() : 0
        var total = 0.0
        for i in 0..<period { total += w[i] }
        let middle = total / n
        let band = multiplier * sd
        return Bollinger.Output(upper: middle + band, middle: middle, lower: middle - band)
    }
}
