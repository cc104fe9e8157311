/// HYPERRSI's Bollinger-width state machine (TradingBoost `BB_State`), bar by bar: 2 (width
/// expanding, price high in the band), −2 (expanding, price low), −1 (squeeze), 0 (neutral).
///
/// - BB(15, 1.5) with population σ: width `bbw = (up − lo)·10 / basis`, position
///   `bbr = (close − lo) / (up − lo)`; `ma` the mean of the valid widths among the last 100
///   (the seed's `calc_sma`: from the band's first bar, over a window not yet full).
/// - Pivots of `bbw`, 20 bars left and 10 right, strict, reported 20 bars after the pivot (as
///   the seed computes them). A reported pivot high is kept when the reporting bar has
///   `bbw > ma`, a pivot low when `bbw < ma`; the last 50 of each. `buzz = 0.7·avg(highs)`
///   (no highs yet: `0.7·max(bbw, 5)`), `squeeze = avg(lows)/0.7` (none: `min(bbw, 5)/0.7`).
/// - BB(60, 1.5): pivot lows (30 left, 10 right, reported 30 bars after) of its width, kept
///   when the reporting bar's width is below 1, give `squeeze2`; the latch `sq2` (initially true) turns false when the width rises above
///   `squeeze2` and true when it falls below.
/// - Transitions from the previous state, in order: `bbw` crossing over `buzz` → 2 if
///   `bbr > 0.5`, else −2; `bbw < squeeze` and `sq2` → −1; 2 with `bbr < 0.2` → −2; −2 with
///   `bbr > 0.8` → 2; ±2 with three falling widths in a row → 0; −1 with `bbw > avg(lows)` and
///   a rising width → 0.
///
/// `variant` `.auto` is the seed's near-duplicate used for the multi-timeframe trend: the
/// crossover compares both widths with the current `buzz`, `bbr == 0.5` leaves the state
/// unchanged, the falling test needs two drops, and a NaN width breaks a falling or rising run.
///
/// The reporting delay is the seed's (its pivot helper returns, at bar i, the pivot at
/// i − left; TradingView's `ta.pivothigh` would report at i − right). It never looks ahead.
public struct BBState: Sendable, Codable, Equatable {
    public enum Variant: String, Sendable, Codable { case chart, auto }
    static let left = 20, right = 10, left2 = 30, keep = 50, mult = 0.7

    public let variant: Variant

    private var bb = SeedBand(period: 15, multiplier: 1.5)
    private var bb2 = SeedBand(period: 60, multiplier: 1.5)
    private var widthMA = ValidMean(period: 100)
    /// Widths (NaN before the band exists) and their MA, for the pivot window.
    /// The last 2·left + 1 widths (NaN before the band exists): the pivot candidate sits in the
    /// middle, reported at the newest.
    private var widths = RingBuffer(capacity: 2 * BBState.left + 1)
    private var widths2 = RingBuffer(capacity: 2 * BBState.left2 + 1)
    private var highs: [Double] = []
    private var lows: [Double] = []
    private var lows2: [Double] = []
    private var squeeze2Latch = true
    private var previousWidth = Double.nan
    private var previousBuzz = Double.nan
    private var bars = 0
    public private(set) var value = 0
    /// The latest band width, band position and the two levels it is compared with (NaN
    /// until the band exists), for reports of why the state is what it is.
    public private(set) var width = Double.nan
    public private(set) var position = Double.nan
    public private(set) var buzz = Double.nan
    public private(set) var squeeze = Double.nan
    public var pivotHighs: Int { highs.count }
    public var pivotLows: Int { lows.count }

    public init(variant: Variant = .chart) { self.variant = variant }

    /// What one close does: computed from the state without changing it, so `peek` reads a
    /// forming bar without copying the windows and pivot arrays, and `update` applies it.
    struct Step {
        var bbw = Double.nan, bbr = Double.nan, bbw2 = Double.nan
        var high: Double?, low: Double?, low2: Double?
        var latch: Bool
        var buzz = Double.nan, squeeze = Double.nan
        var value: Int
    }

    /// Adds a bar's close; returns the state.
    @discardableResult
    public mutating func update(_ close: Double) -> Int {
        let s = step(close)
        bb.push(close)
        widthMA.update(s.bbw)
        widths.push(s.bbw)
        if let h = s.high { Self.push(h, &highs) }
        if let l = s.low { Self.push(l, &lows) }
        bb2.push(close)
        widths2.push(s.bbw2)
        if let l = s.low2 { Self.push(l, &lows2) }
        squeeze2Latch = s.latch
        (width, position, buzz, squeeze) = (s.bbw, s.bbr, s.buzz, s.squeeze)
        previousWidth = s.bbw
        previousBuzz = s.buzz
        bars += 1
        value = s.value
        return value
    }

    /// The state `update(close)` would return, leaving everything as it is.
    public func peek(_ close: Double) -> Int { step(close).value }

    func step(_ close: Double) -> Step {
        var s = Step(latch: squeeze2Latch, value: value)
        if let b = bb.peek(close), b.middle != 0 {
            s.bbw = (b.upper - b.lower) * 10 / b.middle
            if b.upper != b.lower { s.bbr = (close - b.lower) / (b.upper - b.lower) }
        }
        let bbw = s.bbw, bbr = s.bbr
        let ma = widthMA.peek(bbw) ?? .nan
        let w = PushedWindow(widths, pushing: bbw)
        (s.high, s.low) = pivots(w, width: bbw, ma: ma)

        if let b = bb2.peek(close), b.middle != 0 { s.bbw2 = (b.upper - b.lower) * 10 / b.middle }
        let bbw2 = s.bbw2
        s.low2 = pivot2(PushedWindow(widths2, pushing: bbw2), width: bbw2)
        let lowAvg2 = Self.average(lows2, adding: s.low2) ?? (bbw2.isNaN ? 5 : min(bbw2, 5))
        let squeeze2 = lowAvg2 / Self.mult
        if !bbw2.isNaN {
            if bbw2 > squeeze2 { s.latch = false }
            if bbw2 < squeeze2 { s.latch = true }
        }

        let highAvg = Self.average(highs, adding: s.high) ?? (bbw.isNaN ? 5 : max(bbw, 5))
        let lowAvg = Self.average(lows, adding: s.low) ?? (bbw.isNaN ? 5 : min(bbw, 5))
        let buzz = highAvg * Self.mult
        s.buzz = buzz
        s.squeeze = lowAvg / Self.mult
        guard bars >= 1, !bbw.isNaN, !bbr.isNaN else { return s }
        var v = value
        let auto = variant == .auto
        if bbw > buzz && previousWidth <= (auto ? buzz : previousBuzz) {
            if bbr > 0.5 { v = 2 } else if bbr < 0.5 || !auto { v = -2 }
        }
        if bbw < s.squeeze && s.latch { v = -1 }
        if v == 2 && bbr < 0.2 { v = -2 }
        if v == -2 && bbr > 0.8 { v = 2 }
        if (v == 2 || v == -2) && moved(w, auto ? 2 : 3, up: false) { v = 0 }
        if bbw > lowAvg && v == -1 && moved(w, 1, up: true) { v = 0 }
        s.value = v
        return s
    }

    /// The mean of `a` with `x` appended (and the oldest dropped past `keep`), summed in the
    /// order `update` keeps them; nil when there is nothing to average.
    static func average(_ a: [Double], adding x: Double?) -> Double? {
        guard let x else { return a.isEmpty ? nil : a.reduce(0, +) / Double(a.count) }
        let from = a.count + 1 > keep ? 1 : 0
        var total = 0.0
        for i in from..<a.count { total += a[i] }
        total += x
        return total / Double(a.count + 1 - from)
    }

    /// Pine's `ta.falling(bbw, n)` (or `ta.rising`) as the seed writes it: in the chart variant
    /// only a comparison that holds breaks the run, so a NaN in the window does not; in the
    /// auto variant a NaN does. `w` is the widths with this bar's.
    private func moved(_ w: PushedWindow, _ n: Int, up: Bool) -> Bool {
        let c = w.count
        guard bars >= n, c > n else { return false }
        for k in 0..<n {
            let a = w[c - 1 - k], b = w[c - 2 - k]
            if variant == .auto && (a.isNaN || b.isNaN) { return false }
            if up ? a <= b : a >= b { return false }
        }
        return true
    }

    /// The bar `left` bars back is reported if it is a pivot; the current bar decides whether
    /// it is kept: the pivot high and low kept now.
    private func pivots(_ w: PushedWindow, width: Double, ma: Double) -> (Double?, Double?) {
        guard let j = Self.candidate(w.count, left: Self.left), !width.isNaN, !ma.isNaN else { return (nil, nil) }
        let x = w[j]
        guard !x.isNaN, x > 0 else { return (nil, nil) }
        let high = width > ma && isPivot(w, at: j, left: Self.left, high: true) ? x : nil
        let low = width < ma && isPivot(w, at: j, left: Self.left, high: false) ? x : nil
        return (high, low)
    }

    private func pivot2(_ w: PushedWindow, width: Double) -> Double? {
        guard let j = Self.candidate(w.count, left: Self.left2), !width.isNaN, width < 1 else { return nil }
        let x = w[j]
        guard !x.isNaN, x > 0, isPivot(w, at: j, left: Self.left2, high: false) else { return nil }
        return x
    }

    /// Where in a window of `count` the candidate reported now sits (`left` bars back), once
    /// the seed looks for pivots at all: from bar `left + right` on.
    private static func candidate(_ count: Int, left: Int) -> Int? {
        count > left + right ? count - 1 - left : nil
    }

    /// Strictly above (below) the `left` values before it and the `right` after it; NaN
    /// neighbours do not count. A candidate with fewer than `left` bars before it is compared
    /// with those after it only: the seed's left scan stops at the series' start before
    /// comparing anything.
    private func isPivot(_ w: PushedWindow, at j: Int, left: Int, high: Bool) -> Bool {
        let x = w[j]
        if j >= left {
            for k in (j - left)..<j {
                let y = w[k]
                if high ? y >= x : y <= x { return false }
            }
        }
        for k in (j + 1)...(j + Self.right) {
            let y = w[k]
            if high ? y >= x : y <= x { return false }
        }
        return true
    }

    private static func push(_ x: Double, _ a: inout [Double]) {
        a.append(x)
        if a.count > Self.keep { a.removeFirst() }
    }
}
