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

    /// Adds a bar's close; returns the state.
    @discardableResult
    public mutating func update(_ close: Double) -> Int {
        defer { bars += 1 }
        var bbw = Double.nan, bbr = Double.nan
        if let b = bb.update(close), b.middle != 0 {
            bbw = (b.upper - b.lower) * 10 / b.middle
            if b.upper != b.lower { bbr = (close - b.lower) / (b.upper - b.lower) }
        }
        let ma = widthMA.update(bbw) ?? .nan
        widths.push(bbw)
        collectPivots(width: bbw, ma: ma)

        var bbw2 = Double.nan
        if let b = bb2.update(close), b.middle != 0 { bbw2 = (b.upper - b.lower) * 10 / b.middle }
        widths2.push(bbw2)
        collectPivots2(width: bbw2)
        let lowAvg2 = lows2.isEmpty ? (bbw2.isNaN ? 5 : min(bbw2, 5)) : lows2.reduce(0, +) / Double(lows2.count)
        let squeeze2 = lowAvg2 / Self.mult
        if !bbw2.isNaN {
            if bbw2 > squeeze2 { squeeze2Latch = false }
            if bbw2 < squeeze2 { squeeze2Latch = true }
        }

        let highAvg = highs.isEmpty ? (bbw.isNaN ? 5 : max(bbw, 5)) : highs.reduce(0, +) / Double(highs.count)
        let lowAvg = lows.isEmpty ? (bbw.isNaN ? 5 : min(bbw, 5)) : lows.reduce(0, +) / Double(lows.count)
        let buzz = highAvg * Self.mult
        let squeeze = lowAvg / Self.mult
        (width, position, self.buzz, self.squeeze) = (bbw, bbr, buzz, squeeze)
        defer {
            previousWidth = bbw
            previousBuzz = buzz
        }
        guard bars >= 1, !bbw.isNaN, !bbr.isNaN else { return value }
        var s = value
        let auto = variant == .auto
        if bbw > buzz && previousWidth <= (auto ? buzz : previousBuzz) {
            if bbr > 0.5 { s = 2 } else if bbr < 0.5 || !auto { s = -2 }
        }
        if bbw < squeeze && squeeze2Latch { s = -1 }
        if s == 2 && bbr < 0.2 { s = -2 }
        if s == -2 && bbr > 0.8 { s = 2 }
        if (s == 2 || s == -2) && moved(auto ? 2 : 3, up: false) { s = 0 }
        if bbw > lowAvg && s == -1 && moved(1, up: true) { s = 0 }
        value = s
        return s
    }

    /// Pine's `ta.falling(bbw, n)` (or `ta.rising`) as the seed writes it: in the chart variant
    /// only a comparison that holds breaks the run, so a NaN in the window does not; in the
    /// auto variant a NaN does.
    private func moved(_ n: Int, up: Bool) -> Bool {
        let c = widths.count
        guard bars >= n, c > n else { return false }
        for k in 0..<n {
            let a = widths[c - 1 - k], b = widths[c - 2 - k]
            if variant == .auto && (a.isNaN || b.isNaN) { return false }
            if up ? a <= b : a >= b { return false }
        }
        return true
    }

    /// The bar `left` bars back is reported if it is a pivot; the current bar decides whether
    /// it is kept.
    private mutating func collectPivots(width: Double, ma: Double) {
        guard let j = Self.candidate(widths, left: Self.left), !width.isNaN, !ma.isNaN else { return }
        let x = widths[j]
        guard !x.isNaN, x > 0 else { return }
        if width > ma, isPivot(widths, at: j, left: Self.left, high: true) { Self.push(x, &highs) }
        if width < ma, isPivot(widths, at: j, left: Self.left, high: false) { Self.push(x, &lows) }
    }

    private mutating func collectPivots2(width: Double) {
        guard let j = Self.candidate(widths2, left: Self.left2), !width.isNaN, width < 1 else { return }
        let x = widths2[j]
        guard !x.isNaN, x > 0, isPivot(widths2, at: j, left: Self.left2, high: false) else { return }
        Self.push(x, &lows2)
    }

    /// Where in `w` the candidate reported now sits (`left` bars back), once the seed looks
    /// for pivots at all: from bar `left + right` on.
    private static func candidate(_ w: RingBuffer, left: Int) -> Int? {
        w.count > left + right ? w.count - 1 - left : nil
    }

    /// Strictly above (below) the `left` values before it and the `right` after it; NaN
    /// neighbours do not count. A candidate with fewer than `left` bars before it is compared
    /// with those after it only: the seed's left scan stops at the series' start before
    /// comparing anything.
    private func isPivot(_ w: RingBuffer, at j: Int, left: Int, high: Bool) -> Bool {
        let x = w[j]
        let before = j >= left ? Array((j - left)..<j) : []
        for k in before + Array((j + 1)...(j + Self.right)) {
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
