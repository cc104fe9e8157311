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
            // leaves ±2 only through 0 when its cycle ends.
            if v == 2 && previous != 2 { #expect(t.bull && t.bb.value == 2) }
            if v == -2 && previous != -2 { #expect(t.bear && t.bb.value == -2) }
            if previous == 2 && v != 2 { #expect(v == 0 && !t.bull) }
            if previous == -2 && v != -2 { #expect(v == 0 && !t.bear) }
            previous = v
        }
        #expect(Set(seen.keys).isSubset(of: [-2, 0, 2]))
        #expect(seen[2, default: 0] > 0 && seen[-2, default: 0] > 0 && seen[0, default: 0] > 0, "\(seen)")
        #expect(bbSeen == [-2, -1, 0, 2], "\(bbSeen)")
    }
}
