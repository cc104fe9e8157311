import BotCore
import BotTestKit
import Foundation
import Indicators
import Testing

/// HYPERRSI's trend filter: the smoothing, the Bollinger-width state machine and the latch.
struct HyperTrendTests {
    @Test func rationalQuadraticIsANormalisedKernelOverSevenLags() {
        var rq = RationalQuadratic()
        #expect(rq.update(10) == 10)
        // Two values: weights 1 and (1 + 1/900)^-0.5.
        let w1 = pow(1 + 1.0 / 900, -0.5)
        #expect(abs(rq.update(20) - (20 + 10 * w1) / (1 + w1)) < 1e-12)
        var flat = RationalQuadratic()
        for _ in 0..<20 { #expect(abs(flat.update(42) - 42) < 1e-12) }
        // Only the last seven values count.
        var a = RationalQuadratic(), b = RationalQuadratic()
        for x in [1000.0, 1, 2, 3, 4, 5, 6, 7] { _ = a.update(x) }
        for x in [-5.0, 1, 2, 3, 4, 5, 6, 7] { _ = b.update(x) }
        #expect(a.update(8) == b.update(8))
    }

    /// A calm, noisy market (a seeded random walk around 100): its band width has pivots on
    /// both sides of its mean, so the buzz and squeeze levels form from them (without any, the
    /// seed's defaults make every bar a squeeze).
    func calm(_ n: Int) -> [Double] {
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        var p = 100.0
        return (0..<n).map { _ in
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let u = Double(seed >> 11) / Double(1 << 53) - 0.5
            p += u * 0.4 + (100 - p) * 0.05
            return p
        }
    }

    /// A calm market that breaks out: the width crosses its buzz level with price at the top
    /// of the band (2), or at the bottom (−2).
    func breakout(up: Bool) -> [Double] {
        var xs = calm(900)
        var p = xs.last!
        for _ in 0..<25 {
            p *= up ? 1.04 : 0.96
            xs.append(p)
        }
        return xs
    }

    @Test func aBreakoutIsTwoInItsDirection() {
        for up in [true, false] {
            var s = BBState()
            var states: [Int] = []
            for x in breakout(up: up) { states.append(s.update(x)) }
            let after = states.suffix(25)
            #expect(after.contains(up ? 2 : -2), "\(up ? "up" : "down"): \(Array(after))")
            #expect(!after.contains(up ? -2 : 2))
        }
    }

    @Test func aQuietMarketIsASqueeze() {
        var s = BBState()
        var states: [Int] = []
        for x in calm(900) { states.append(s.update(x)) }
        #expect(states.suffix(300).contains(-1) && states.suffix(300).contains(0))
    }

    @Test func theTrendLatchTakesOnlyMinusTwoZeroTwoAndFollowsBothFilters() throws {
        let bars = try CandleCSV.load(path: SharedData.path("binance_BTCUSDT_5m.csv"))
        var t = HyperTrend()
        var seen: [Int: Int] = [:]
        var bbSeen = Set<Int>()
        var previous = 0
        for c in bars {
            let v = t.update(c.close.doubleValue)
            seen[v, default: 0] += 1
            bbSeen.insert(t.bb.value)
            // The latch only moves to ±2 with both the cycle and the band state agreeing, and
            // leaves ±2 when its cycle ends: to 0, or straight to the other extreme when that
            // one's cycle and band agree (the first rule wins).
            if v == 2 && previous != 2 { #expect(t.bull && t.bb.value == 2) }
            if v == -2 && previous != -2 { #expect(t.bear && t.bb.value == -2) }
            if previous == 2 && v != 2 { #expect(!t.bull && (v == 0 || (t.bear && t.bb.value == -2))) }
            if previous == -2 && v != -2 { #expect(!t.bear && (v == 0 || (t.bull && t.bb.value == 2))) }
            previous = v
        }
        #expect(Set(seen.keys).isSubset(of: [-2, 0, 2]))
        #expect(seen[2, default: 0] > 0 && seen[-2, default: 0] > 0 && seen[0, default: 0] > 0, "\(seen)")
        #expect(bbSeen == [-2, -1, 0, 2], "\(bbSeen)")
    }
}

/// Records the closes it is given.
struct Closes: HigherBarIndicator {
    var xs: [Double] = []
    mutating func add(_ close: Double) { xs.append(close) }
}

struct AutoTrendTests {
    @Test func higherTimeframesFollowTheSeedsMapping() {
        let cases: [(Int, Int, Int)] = [(1, 15, 5), (3, 15, 5), (5, 30, 15), (15, 30, 15), (30, 30, 60), (60, 60, 60), (240, 480, 240)]
        for (m, c, b) in cases {
            let (cycle, band) = AutoTrend.higherTimeframes(chartMinutes: m)
            #expect(cycle == c && band == b, "\(m)m")
        }
        #expect(AutoTrend(chartMinutes: 3) == nil, "5m bars cannot be built from 3m bars")
        // 8h bars are built from 4h charts, so auto works there (the seed never collected 8h).
        let four = AutoTrend(chartMinutes: 240)
        #expect(four?.cycle.period == Int64(8 * 3_600_000))
    }

    @Test func aChartBarReadsTheHigherBarThatContainsIt() {
        // 5m chart, 30m higher bars.
        var s = HigherSeries(period: 1_800_000, Closes())
        let m5: Int64 = 300_000
        for k in 0..<6 { s.absorb(chartOpen: Int64(k) * m5, chartMs: m5, close: Double(100 + k), closing: true) }
        #expect(s.indicator.xs == [105] && s.bars == 1, "the sixth 5m bar closes the 30m bar")
        // 6th bar (10:30) opens a new higher bar: it reads the one that just closed.
        s.absorb(chartOpen: 6 * m5, chartMs: m5, close: 200, closing: false)
        let (atBoundary, n0) = s.read(chartOpen: 6 * m5, useForming: true)
        #expect(atBoundary.xs == [105] && n0 == 1)
        s.absorb(chartOpen: 6 * m5, chartMs: m5, close: 201, closing: true)
        // The next bar (10:35) reads the 10:30 bar still forming, at its latest close…
        s.absorb(chartOpen: 7 * m5, chartMs: m5, close: 202, closing: false)
        let (forming, n1) = s.read(chartOpen: 7 * m5, useForming: true)
        #expect(forming.xs == [105, 202] && n1 == 2)
        // …or only closed bars when asked.
        let (closedOnly, n2) = s.read(chartOpen: 7 * m5, useForming: false)
        #expect(closedOnly.xs == [105] && n2 == 1)
        // A gap: the bar that would have closed 10:30–11:00 never came; the next one closes it.
        s.absorb(chartOpen: 13 * m5, chartMs: m5, close: 300, closing: true)
        #expect(s.indicator.xs == [105, 202] && s.bars == 2)
    }

    @Test func autoTrendIsZeroUntilThirtyHigherBarsThenLatches() throws {
        let bars = try CandleCSV.load(path: SharedData.path("binance_BTCUSDT_5m.csv"))
        var t = try #require(AutoTrend(chartMinutes: 5))
        var seen: [Int: Int] = [:]
        for (i, c) in bars.enumerated() {
            let peeked = t.peek(open: c.ts, price: c.close.doubleValue)
            let v = t.close(open: c.ts, close: c.close.doubleValue)
            // At its close a bar reads what a peek at its last price read, unless it ends a
            // higher bar (which then counts as closed).
            if (c.ts + 300_000) % 1_800_000 != 0 && (c.ts + 300_000) % 900_000 != 0 { #expect(peeked == v) }
            if i < 29 * 6 { #expect(v == 0) }
            seen[v, default: 0] += 1
        }
        #expect(Set(seen.keys).isSubset(of: [-2, 0, 2]))
        #expect(seen[2, default: 0] > 0 && seen[-2, default: 0] > 0, "\(seen)")
    }
}
