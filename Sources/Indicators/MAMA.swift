#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Ehlers' MESA adaptive moving average (MAMA) and its following average (FAMA), step for step
/// as TA-Lib computes them: a 4-bar WMA smoother, Hilbert transforms kept separately for odd
/// and even bars, the phase rate setting α between `slowLimit` and `fastLimit`. Output from
/// bar 32.
public struct MAMA: Sendable, Codable, Equatable {
    public struct Output: Sendable, Equatable {
        public var mama: Double
        public var fama: Double
        public init(mama: Double, fama: Double) {
            self.mama = mama
            self.fama = fama
        }
    }

    public let fastLimit: Double
    public let slowLimit: Double
    private var index = 0
    private var recent = RingBuffer(capacity: 4)
    private var wmaSub = 0.0, wmaSum = 0.0, trailing = 0.0
    private var hilbertIdx = 0
    /// The four Hilbert stages (detrender, Q1, jI, jQ), each with odd- and even-bar state.
    private var stages = [HilbertStage](repeating: HilbertStage(), count: 8)
    private var i1EvenPrev2 = 0.0, i1EvenPrev3 = 0.0, i1OddPrev2 = 0.0, i1OddPrev3 = 0.0
    private var prevQ2 = 0.0, prevI2 = 0.0, re = 0.0, im = 0.0
    private var period = 0.0, prevPhase = 0.0
    private var mama = 0.0, fama = 0.0

    struct HilbertStage: Sendable, Codable, Equatable {
        var ring: [Double] = [0, 0, 0]
        var prev = 0.0
        var prevInput = 0.0

        /// One TA-Lib `DO_HILBERT_*` step.
        mutating func step(_ input: Double, _ idx: Int, _ adjusted: Double) -> Double {
            let a = 0.0962, b = 0.5769
            let t = a * input
            var out = 0 - ring[idx]
            ring[idx] = t
            out += t
            out -= prev
            prev = b * prevInput
            out += prev
            prevInput = input
            return out * adjusted
        }
    }

    static let rad2Deg = 180.0 / (4.0 * atan(1.0))

    public init(fastLimit: Double = 0.5, slowLimit: Double = 0.05) {
        self.fastLimit = fastLimit
        self.slowLimit = slowLimit
    }

    @discardableResult
    public mutating func update(_ x: Double) -> Output? {
        defer { index += 1 }
        recent.push(x)
        switch index {
        case 0:
            wmaSub = x
            wmaSum = x
            return nil
        case 1:
            wmaSub += x
            wmaSum += x * 2.0
            return nil
        case 2:
            wmaSub += x
            wmaSum += x * 3.0
            trailing = 0
            return nil
        default:
            break
        }
        let adjusted = 0.075 * period + 0.54
        wmaSub += x
        wmaSub -= trailing
        wmaSum += x * 4.0
        trailing = recent[0]  // the value 3 bars back
        let smoothed = wmaSum * 0.1
        wmaSum -= wmaSub
        guard index >= 12 else { return nil }

        let even = index % 2 == 0
        let base = even ? 0 : 4
        let detrender = stages[base].step(smoothed, hilbertIdx, adjusted)
        let q1 = stages[base + 1].step(detrender, hilbertIdx, adjusted)
        let i1 = even ? i1EvenPrev3 : i1OddPrev3
        let jI = stages[base + 2].step(i1, hilbertIdx, adjusted)
        let jQ = stages[base + 3].step(q1, hilbertIdx, adjusted)
        if even {
            hilbertIdx += 1
            if hilbertIdx == 3 { hilbertIdx = 0 }
        }
        let q2 = 0.2 * (q1 + jI) + 0.8 * prevQ2
        let i2 = 0.2 * (i1 - jQ) + 0.8 * prevI2
        if even {
            i1OddPrev3 = i1OddPrev2
            i1OddPrev2 = detrender
        } else {
            i1EvenPrev3 = i1EvenPrev2
            i1EvenPrev2 = detrender
        }
        let phase = i1 != 0.0 ? atan(q1 / i1) * Self.rad2Deg : 0.0
        var delta = prevPhase - phase
        prevPhase = phase
        if delta < 1.0 { delta = 1.0 }
        var alpha: Double
        if delta > 1.0 {
            alpha = fastLimit / delta
            if alpha < slowLimit { alpha = slowLimit }
        } else {
            alpha = fastLimit
        }
        mama = alpha * x + (1 - alpha) * mama
        alpha *= 0.5
        fama = alpha * mama + (1 - alpha) * fama
        let out = index >= 32 ? Output(mama: mama, fama: fama) : nil

        re = 0.2 * (i2 * prevI2 + q2 * prevQ2) + 0.8 * re
        im = 0.2 * (i2 * prevQ2 - q2 * prevI2) + 0.8 * im
        prevQ2 = q2
        prevI2 = i2
        let last = period
        if im != 0.0 && re != 0.0 { period = 360.0 / (atan(im / re) * Self.rad2Deg) }
        if period > 1.5 * last { period = 1.5 * last }
        if period < 0.67 * last { period = 0.67 * last }
        if period < 6 { period = 6 } else if period > 50 { period = 50 }
        period = 0.2 * period + 0.8 * last
        return out
    }
}

/// GRID's MAMA/FAMA (TradingBoost `compute_mama_fama`) as it behaves when run: its phase
/// computation collapses, leaving the adaptive weight equal to the efficiency ratio
/// `er = |x_i − x_{i−n}| / Σ|Δx|` over the last `n` steps (0 for the first `n` bars or a zero
/// sum). `mama = er·x + (1−er)·mama`, `fama = (er/2)·mama + (1−er/2)·fama`, both seeded with
/// the first value, then each smoothed by pandas `ewm(span=5, adjust=False)`.
public struct EfficiencyMAMA: Sendable, Codable, Equatable {
    public let length: Int
    private var window: RingBuffer
    private var changes: RingBuffer
    private var mama: Double?
    private var fama = 0.0
    private var smoothMama: PandasEWM
    private var smoothFama: PandasEWM

    public init(length: Int = 20, smoothing span: Int = 5) {
        precondition(length >= 1)
        self.length = length
        window = RingBuffer(capacity: length + 1)
        changes = RingBuffer(capacity: length)
        smoothMama = PandasEWM(span: span, adjust: false)
        smoothFama = PandasEWM(span: span, adjust: false)
    }

    @discardableResult
    public mutating func update(_ x: Double) -> MAMA.Output {
        if let last = window.last { changes.push(abs(x - last)) }
        window.push(x)
        var er = 0.0
        if window.isFull {
            let total = Self.numpySum(changes)
            if total != 0 { er = abs(x - window[0]) / total }
        }
        if let m = mama {
            let next = er * x + (1 - er) * m
            mama = next
            fama = (er / 2) * next + (1 - er / 2) * fama
        } else {
            mama = x
            fama = x
        }
        return MAMA.Output(mama: smoothMama.update(mama!)!, fama: smoothFama.update(fama)!)
    }

    /// numpy's `sum` of a float64 array shorter than its 128-value block, as the seed's
    /// `np.sum` adds the steps: eight partial sums over strides of 8, combined as
    /// ((0+1)+(2+3))+((4+5)+(6+7)), then the rest in order; under 8 values, in order. (Checked
    /// against numpy on 20,000 random windows of 20; a plain running sum differs on prices
    /// with more digits than the 15m files here have.)
    static func numpySum(_ a: RingBuffer) -> Double { numpySum((0..<a.count).map { a[$0] }) }

    static func numpySum(_ a: [Double]) -> Double {
        let n = a.count
        guard n >= 8 else { return a.reduce(0, +) }
        var r = Array(a[0..<8])
        var i = 8
        while i + 8 <= n {
            for j in 0..<8 { r[j] += a[i + j] }
            i += 8
        }
        var s = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
        while i < n {
            s += a[i]
            i += 1
        }
        return s
    }
}
