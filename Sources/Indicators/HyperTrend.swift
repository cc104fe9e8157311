/// HYPERRSI's trend filter (TradingBoost `trend_state`), computed bar by bar.
///
/// 1. JMA 5/10/20 (phase 50, power 2) of the closes, each smoothed by `RationalQuadratic`.
/// 2. Bull when m1 > m2 > m3 or m2 > m1 > m3; Bear when m3 > m2 > m1.
/// 3. `BBState` of the same bars.
/// 4. The latch, first match wins: Bull and BB_State == 2 → 2; previous 2 and not Bull → 0;
///    Bear and BB_State == −2 → −2; previous −2 and not Bear → 0; otherwise hold. Values are
///    always −2, 0 or 2.
public struct HyperTrend: Sendable, Codable, Equatable {
    public private(set) var jma5 = JMA(length: 5)
    public private(set) var jma10 = JMA(length: 10)
    public private(set) var jma20 = JMA(length: 20)
    private var rq5 = RationalQuadratic()
    private var rq10 = RationalQuadratic()
    private var rq20 = RationalQuadratic()
    public private(set) var bb = BBState()
    public private(set) var value = 0
    public private(set) var bull = false
    public private(set) var bear = false

    public init() {}

    /// Adds a bar's close; returns the trend state −2, 0 or 2.
    @discardableResult
    public mutating func update(_ close: Double) -> Int {
        let m1 = rq5.update(jma5.update(close))
        let m2 = rq10.update(jma10.update(close))
        let m3 = rq20.update(jma20.update(close))
        bull = (m1 > m2 && m2 > m3) || (m2 > m1 && m1 > m3)
        bear = m3 > m2 && m2 > m1
        value = Self.latch(value, bull: bull, bear: bear, band: bb.update(close))
        return value
    }

    /// The state `update(close)` would return, leaving every average, kernel and band window
    /// as it is (nothing is copied).
    public func peek(_ close: Double) -> Int {
        let m1 = rq5.peek(jma5.peek(close))
        let m2 = rq10.peek(jma10.peek(close))
        let m3 = rq20.peek(jma20.peek(close))
        let bull = (m1 > m2 && m2 > m3) || (m2 > m1 && m1 > m3)
        let bear = m3 > m2 && m2 > m1
        return Self.latch(value, bull: bull, bear: bear, band: bb.peek(close))
    }

    static func latch(_ value: Int, bull: Bool, bear: Bool, band state: Int) -> Int {
        if bull && state == 2 { return 2 }
        if value == 2 && !bull { return 0 }
        if bear && state == -2 { return -2 }
        if value == -2 && !bear { return 0 }
        return value
    }
}

/// The rational-quadratic kernel smoothing HYPERRSI applies to each cycle MA: a weighted mean
/// of the last seven values (lags 0…6), weight (1 + lag² / (2·lookback²·relativeWeight))^−relativeWeight
/// with lookback 30 and relative weight 0.5. Fewer than seven values so far: the mean over
/// the lags there are.
public struct RationalQuadratic: Sendable, Codable, Equatable {
    public static let lags = 7
    private var window = RingBuffer(capacity: RationalQuadratic.lags)
    private let weights: [Double]

    public init(lookback: Double = 30, relativeWeight: Double = 0.5) {
        weights = (0..<Self.lags).map { lag in
            let l = Double(lag)
            return pow(1 + l * l / (2 * lookback * lookback * relativeWeight), -relativeWeight)
        }
    }

    public mutating func update(_ x: Double) -> Double {
        let v = peek(x)
        window.push(x)
        return v
    }

    /// What `update(x)` would return, leaving the window as it is.
    public func peek(_ x: Double) -> Double {
        let w = PushedWindow(window, pushing: x)
        var sum = 0.0, wsum = 0.0
        let n = w.count
        for lag in 0..<n {
            let k = weights[lag]
            sum += w[n - 1 - lag] * k
            wsum += k
        }
        return sum / wsum
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// HYPERRSI's cycle filter alone: JMA 5/10/20 each smoothed by `RationalQuadratic`.
public struct HyperCycle: Sendable, Codable, Equatable {
    private var jma = [JMA(length: 5), JMA(length: 10), JMA(length: 20)]
    private var rq = [RationalQuadratic(), RationalQuadratic(), RationalQuadratic()]
    public private(set) var bull = false
    public private(set) var bear = false

    public init() {}

    public mutating func update(_ close: Double) {
        var m = [0.0, 0.0, 0.0]
        for i in 0..<3 { m[i] = rq[i].update(jma[i].update(close)) }
        (bull, bear) = Self.direction(m[0], m[1], m[2])
    }

    static func direction(_ m1: Double, _ m2: Double, _ m3: Double) -> (bull: Bool, bear: Bool) {
        ((m1 > m2 && m2 > m3) || (m2 > m1 && m1 > m3), m3 > m2 && m2 > m1)
    }
}

extension HyperCycle: PeekableHigherBarIndicator {
    public struct Reading: Sendable, Equatable {
        public var bull: Bool
        public var bear: Bool
    }

    public var reading: Reading { Reading(bull: bull, bear: bear) }

    public func peek(_ close: Double) -> Reading {
        let m1 = rq[0].peek(jma[0].peek(close)), m2 = rq[1].peek(jma[1].peek(close)), m3 = rq[2].peek(jma[2].peek(close))
        let (bull, bear) = Self.direction(m1, m2, m3)
        return Reading(bull: bull, bear: bear)
    }
}

/// A higher-bar indicator that can say what one more close would make of it without taking
/// it (and so without copying its state to try).
public protocol PeekableHigherBarIndicator: HigherBarIndicator {
    associatedtype Reading
    var reading: Reading { get }
    func peek(_ close: Double) -> Reading
}

/// An indicator fed with the closes of higher-timeframe bars.
public protocol HigherBarIndicator: Sendable, Codable, Equatable {
    mutating func add(_ close: Double)
}

extension HyperCycle: HigherBarIndicator {
    public mutating func add(_ close: Double) { update(close) }
}

extension BBState: PeekableHigherBarIndicator {
    public mutating func add(_ close: Double) { update(close) }
    public var reading: Int { value }
}

/// Higher-timeframe bars built from a chart's bars, and an indicator over their closes.
public struct HigherSeries<I: HigherBarIndicator>: Sendable, Codable, Equatable {
    struct Forming: Sendable, Codable, Equatable {
        var open: Int64
        var close: Double
    }

    public let period: Int64
    public private(set) var indicator: I
    /// Higher bars closed so far.
    public private(set) var bars = 0
    private var forming: Forming?

    public init(period: Int64, _ indicator: I) {
        self.period = period
        self.indicator = indicator
    }

    /// Adds the chart bar opening at `t`; `closing` when the chart bar is complete, so a higher
    /// bar it ends closes too.
    public mutating func absorb(chartOpen t: Int64, chartMs: Int64, close x: Double, closing: Bool) {
        let o = t / period * period
        if let f = forming, f.open != o {
            // The chart bar that would have ended it never came (a gap): it closed anyway.
            indicator.add(f.close)
            bars += 1
        }
        forming = Forming(open: o, close: x)
        if closing && t + chartMs >= o + period {
            indicator.add(x)
            bars += 1
            forming = nil
        }
    }

    /// The indicator as the chart bar opening at `t` reads it: with the higher bar containing
    /// `t` still forming when `useForming` (and `t` does not open a new one), else only the
    /// closed ones. Also how many higher bars that reading covers.
    public func read(chartOpen t: Int64, useForming: Bool) -> (I, Int) {
        if useForming, t % period != 0, let f = forming {
            var k = indicator
            k.add(f.close)
            return (k, bars + 1)
        }
        return (indicator, bars)
    }
}

extension HigherSeries where I: PeekableHigherBarIndicator {
    /// `read`'s reading, the forming higher bar peeked at rather than added to a copy.
    public func reading(chartOpen t: Int64, useForming: Bool) -> (I.Reading, Int) {
        if useForming, t % period != 0, let f = forming { return (indicator.peek(f.close), bars + 1) }
        return (indicator.reading, bars)
    }

    /// What `absorb(chartOpen: t, …, closing: false)` then `reading` would give, without
    /// absorbing: the chart bar at `t` still forming at `x`. Only when it starts a new higher
    /// bar over one whose end never came (a gap) is the state copied to add that bar first.
    public func peekReading(chartOpen t: Int64, chartMs: Int64, close x: Double, useForming: Bool) -> (I.Reading, Int) {
        let o = t / period * period
        if let f = forming, f.open != o {
            var copy = self
            copy.absorb(chartOpen: t, chartMs: chartMs, close: x, closing: false)
            return copy.reading(chartOpen: t, useForming: useForming)
        }
        if useForming, t % period != 0 { return (indicator.peek(x), bars + 1) }
        return (indicator.reading, bars)
    }
}

/// HYPERRSI's `auto_trend_state`: the cycle filter on a higher timeframe and the band state
/// (the `.auto` variant) on another, both forward-filled onto the chart's bars, and the same
/// {−2, 0, 2} latch over the chart's bars.
///
/// - Higher timeframes by chart: cycle ≤ 3m → 15m, ≤ 30m → 30m, < 4h → 1h, else 8h; band
///   state ≤ 3m → 5m, ≤ 15m → 15m, else 1h (never below the chart's own).
/// - A chart bar opening at t reads the latest higher bar that opened before t: the bar that
///   contains t, still forming (its close is the price of the moment), or, when t starts a new
///   higher bar, the one that just closed. `formingHigherBar: false` reads only closed higher
///   bars instead.
/// - Fewer than 30 higher bars so far: 0.
public struct AutoTrend: Sendable, Codable, Equatable {
    public let chartMs: Int64
    public let formingHigherBar: Bool
    public private(set) var cycle: HigherSeries<HyperCycle>
    public private(set) var band: HigherSeries<BBState>
    public private(set) var value = 0

    /// The seed's higher timeframes (minutes) for a chart timeframe.
    public static func higherTimeframes(chartMinutes m: Int) -> (cycle: Int, band: Int) {
        let cycle = m <= 3 ? 15 : m <= 30 ? 30 : m < 240 ? 60 : 480
        let band = m <= 3 ? 5 : m <= 15 ? 15 : 60
        return (max(cycle, m), max(band, m))
    }

    /// Nil when a higher timeframe cannot be built from the chart's bars (3m: its 5m band).
    public init?(chartMinutes m: Int, formingHigherBar: Bool = true) {
        let (c, b) = Self.higherTimeframes(chartMinutes: m)
        guard m > 0, c % m == 0, b % m == 0 else { return nil }
        chartMs = Int64(m) * 60_000
        cycle = HigherSeries(period: Int64(c) * 60_000, HyperCycle())
        band = HigherSeries(period: Int64(b) * 60_000, BBState(variant: .auto))
        self.formingHigherBar = formingHigherBar
    }

    /// A chart bar (open time `t`) closed at `close`: the latch moves; returns its state.
    @discardableResult
    public mutating func close(open t: Int64, close x: Double) -> Int {
        cycle.absorb(chartOpen: t, chartMs: chartMs, close: x, closing: true)
        band.absorb(chartOpen: t, chartMs: chartMs, close: x, closing: true)
        value = next(t)
        return value
    }

    /// The state for the chart bar opening at `t`, still forming at `price`; commits nothing
    /// and copies nothing (each higher series peeks).
    public func peek(open t: Int64, price x: Double) -> Int {
        let (c, n) = cycle.peekReading(chartOpen: t, chartMs: chartMs, close: x, useForming: formingHigherBar)
        let (b, _) = band.peekReading(chartOpen: t, chartMs: chartMs, close: x, useForming: formingHigherBar)
        return latch(c, b, n)
    }

    private func next(_ t: Int64) -> Int {
        let (c, n) = cycle.reading(chartOpen: t, useForming: formingHigherBar)
        let (b, _) = band.reading(chartOpen: t, useForming: formingHigherBar)
        return latch(c, b, n)
    }

    private func latch(_ c: HyperCycle.Reading, _ b: Int, _ n: Int) -> Int {
        guard n >= 30 else { return 0 }
        if c.bull && b == 2 { return 2 }
        if value == 2 && !c.bull { return 0 }
        if c.bear && b == -2 { return -2 }
        if value == -2 && !c.bear { return 0 }
        return value
    }
}
