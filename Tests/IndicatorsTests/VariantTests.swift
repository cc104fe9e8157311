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
}
