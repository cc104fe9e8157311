import Indicators
import Testing

/// The non-TA-Lib variants, checked against values worked out by hand from their definitions.
struct VariantTests {
    @Test func emaSeeds() {
        var talib = EMA(period: 3), first = EMA(period: 3, seed: .firstValue)
        #expect(talib.update(1) == nil && talib.update(2) == nil)
        #expect(talib.update(3) == 2)           // seed: mean of 1, 2, 3
        #expect(talib.update(4) == 3)           // (4 − 2)·0.5 + 2
        #expect(first.update(1) == 1)
        #expect(first.update(3) == 2)           // (3 − 1)·0.5 + 1
    }

    @Test func pandasAdjustedEWMWeightsAllHistory() {
        // span 3: α = 0.5; adjust=True: y2 = (x2 + 0.5·x1 + 0.25·x0) / 1.75
        var e = PandasEWM(span: 3)
        #expect(e.update(1) == 1)
        #expect(e.update(2) == (2 + 0.5) / 1.5)
        let y = e.update(4)!
        #expect(abs(y - (4 + 0.5 * 2 + 0.25) / 1.75) < 1e-15)
    }

    @Test func hyperRSISeedIncludesTheLeadingZeroAndSkipsIndexN() {
        // Period 2: deltas [0, +1, +1, -2]; index 2 seeds from deltas 0…1: gain (0+1)/2, loss 0 → 1e-10.
        var r = HyperRSI(period: 2)
        #expect(r.update(10) == 0)
        #expect(r.update(11) == 0)
        let seeded = r.update(12)                // the change at index 2 (+1) is not used
        #expect(abs(seeded - (100 - 100 / (1 + 0.5 / 1e-10))) < 1e-9)
        let next = r.update(10)                  // gain (0.5·1 + 0)/2 = 0.25, loss (0 + 2)/2 = 1
        #expect(abs(next - (100 - 100 / 1.25)) < 1e-12)
    }

    @Test func talibRSIIsFiftyForSymmetricMoves() {
        var r = RSI(period: 2)
        #expect(r.update(10) == nil && r.update(11) == nil)
        #expect(r.update(10) == 50)
    }

    @Test func atrVariants() {
        let bars: [(Double, Double, Double)] = [(10, 8, 9), (11, 9, 10), (12, 10, 11), (11, 7, 8)]
        // true ranges: 2 (h−l), 2, 2, max(4, |11−11|, |11−7|) = 4
        var talib = ATR(period: 2), hyper = ATR(period: 2, variant: .hyperrsi), simple = ATR(period: 2, variant: .simple)
        var t: [Double?] = [], h: [Double?] = [], s: [Double?] = []
        for b in bars {
            t.append(talib.update(high: b.0, low: b.1, close: b.2))
            h.append(hyper.update(high: b.0, low: b.1, close: b.2))
            s.append(simple.update(high: b.0, low: b.1, close: b.2))
        }
        #expect(t == [nil, nil, 2, 3])            // seed mean of TR1, TR2; then (2·1 + 4)/2
        #expect(h == [2, 2, 2, 3])                // running mean to index 1, then Wilder
        #expect(s == [nil, 2, 2, 3])              // plain 2-bar mean of TR
    }

    @Test func bollingerSampleVersusPopulation() {
        var pop = Bollinger(period: 4, multiplier: 1), sample = Bollinger(period: 4, multiplier: 1, deviation: .sample)
        var p: Bollinger.Output?, s: Bollinger.Output?
        for x in [2.0, 4, 4, 6] {
            p = pop.update(x)
            s = sample.update(x)
        }
        #expect(p!.middle == 4 && s!.middle == 4)
        #expect(abs(p!.upper - (4 + 2.0.squareRoot())) < 1e-12)        // σ² = 8/4
        #expect(abs(s!.upper - (4 + (8.0 / 3).squareRoot())) < 1e-12)  // s² = 8/3
    }

    @Test func ringBufferKeepsTheWindow() {
        var r = RingBuffer(capacity: 3)
        #expect(r.push(1) == nil && r.push(2) == nil && r.push(3) == nil)
        #expect(r.push(4) == 1)
        #expect(r[0] == 2 && r[2] == 4 && r.isFull)
    }

    @Test func jmaMeanDuringWarmUpThenRecursion() {
        // length 2: β = 0.45/2.45, α = β², phaseRatio 2.
        var j = JMA(length: 2)
        let beta = 0.45 / 2.45, alpha = beta * beta
        #expect(j.update(10) == 10)
        #expect(j.update(14) == 12)                    // mean while fewer than `length` bars
        // Bar 2 shows the recursion, which ran from bar 0.
        var e0 = 10.0, e1 = 0.0, e2 = 0.0, jma = 10.0
        for x in [14.0, 12.0] {
            e0 = (1 - alpha) * x + alpha * e0
            e1 = (x - e0) * (1 - beta) + beta * e1
            e2 = (e0 + 2 * e1 - jma) * ((1 - alpha) * (1 - alpha)) + (alpha * alpha) * e2
            jma = e2 + jma
        }
        #expect(j.update(12) == jma)
        #expect(JMA(length: 5, phase: 500).phaseRatio == 2.5 && JMA(length: 5, phase: -500).phaseRatio == 0.5)
    }

    @Test func pandasUnadjustedEWMComputesItsDenominator() {
        var e = PandasEWM(span: 5, adjust: false)   // α = 1/3
        #expect(e.update(3) == 3)
        let a = 2.0 / 6.0
        #expect(e.update(6) == ((1 - a) * 3 + a * 6) / ((1 - a) + a))
    }

    @Test func efficiencyMAMAFollowsTheEfficiencyRatio() {
        // length 2, no smoothing to speak of (span 1 → α = 1): the raw recursion shows.
        var m = EfficiencyMAMA(length: 2, smoothing: 1)
        #expect(m.update(10) == MAMA.Output(mama: 10, fama: 10))
        #expect(m.update(12) == MAMA.Output(mama: 10, fama: 10))      // fewer than 2 steps: er = 0
        // er = |11 − 10| / (|12−10| + |11−12|) = 1/3
        let er = 1.0 / 3.0
        let mama = er * 11 + (1 - er) * 10
        let fama = (er / 2) * mama + (1 - er / 2) * 10
        let out = m.update(11)
        #expect(out.mama == mama && out.fama == fama)
        var flat = EfficiencyMAMA(length: 2, smoothing: 1)
        for _ in 0..<4 { #expect(flat.update(5).mama == 5) }             // zero total change: er = 0
    }
}
