import BotCore
import BotTestKit
@testable import Indicators
import Testing

/// A peek is what one more value would give, read from the state without changing (or
/// copying) it: on real 5m closes, at every bar, each indicator's peek at the bar's high and at
/// its close equals, bit for bit, a copy updated with that value.
struct PeekTests {
    static func closes() throws -> [Candle] { Array(try CandleCSV.load(path: SharedData.path("binance_BTCUSDT_5m.csv")).prefix(12_000)) }

    /// `peek` against a copy's `update` at the bar's high and close, then `update` with the close.
    func check<S, R: Equatable>(_ name: String, _ start: S, _ bars: [Candle], peek: (S, Double) -> R,
                                update: (inout S, Double) -> R) {
        var s = start, differences = 0
        for (i, c) in bars.enumerated() {
            for x in [c.high.doubleValue, c.close.doubleValue] {
                var copy = s
                let expected = update(&copy, x), got = peek(s, x)
                if got != expected {
                    differences += 1
                    if differences == 1 { Issue.record("\(name): bar \(i) at \(x): peek \(got), update \(expected)") }
                }
            }
            _ = update(&s, c.close.doubleValue)
        }
        #expect(differences == 0, "\(name): \(differences) peeks differ")
    }

    /// A value compared bit for bit (NaN included).
    struct Bits: Equatable {
        let bits: [UInt64]
        init(_ xs: Double?...) { bits = xs.map { $0?.bitPattern ?? 1 } }
    }

    @Test func everyIndicatorsPeekIsItsNextUpdate() throws {
        let bars = try Self.closes()
        check("JMA(20)", JMA(length: 20), bars, peek: { Bits($0.peek($1)) }, update: { Bits($0.update($1)) })
        check("JMA(5)", JMA(length: 5), bars, peek: { Bits($0.peek($1)) }, update: { Bits($0.update($1)) })
        check("kernel", RationalQuadratic(), bars, peek: { Bits($0.peek($1)) }, update: { Bits($0.update($1)) })
        check("valid mean", ValidMean(period: 100), bars, peek: { Bits($0.peek($1)) }, update: { Bits($0.update($1)) })
        check("seed band", SeedBand(period: 15, multiplier: 1.5), bars, peek: { s, x in s.peek(x).map { Bits($0.upper, $0.middle, $0.lower) } },
              update: { s, x in s.update(x).map { Bits($0.upper, $0.middle, $0.lower) } })
        check("band state", BBState(), bars, peek: { $0.peek($1) }, update: { $0.update($1) })
        check("band state (auto)", BBState(variant: .auto), bars, peek: { $0.peek($1) }, update: { $0.update($1) })
        check("trend", HyperTrend(), bars, peek: { $0.peek($1) }, update: { $0.update($1) })
        check("cycle", HyperCycle(), bars, peek: { $0.peek($1) }, update: { s, x in s.update(x); return s.reading })
    }

    /// The higher-timeframe trends: `peek` against the copy-and-absorb they used to do, on a 5m
    /// chart at every forming price (the bar's high) and every close.
    @Test func higherTimeframeTrendsPeekAsACopyWouldRead() throws {
        let bars = try Self.closes()
        var auto = try #require(AutoTrend(chartMinutes: 5)), fixed = try #require(FixedTrend(minutes: 60, chartMinutes: 5))
        var differences = 0
        for c in bars {
            let x = c.high.doubleValue
            var cycle = auto.cycle, band = auto.band
            cycle.absorb(chartOpen: c.ts, chartMs: 300_000, close: x, closing: false)
            band.absorb(chartOpen: c.ts, chartMs: 300_000, close: x, closing: false)
            let (k, n) = cycle.read(chartOpen: c.ts, useForming: true)
            let b = band.read(chartOpen: c.ts, useForming: true).0.value
            // AutoTrend's latch, as written in its documentation.
            var expectedAuto = auto.value
            if n < 30 { expectedAuto = 0 } else if k.bull && b == 2 { expectedAuto = 2 } else if auto.value == 2 && !k.bull { expectedAuto = 0 }
            else if k.bear && b == -2 { expectedAuto = -2 } else if auto.value == -2 && !k.bear { expectedAuto = 0 }
            var f = fixed.series
            f.absorb(chartOpen: c.ts, chartMs: 300_000, close: x, closing: false)
            let expectedFixed = f.read(chartOpen: c.ts, useForming: true).0.value
            if auto.peek(open: c.ts, price: x) != expectedAuto || fixed.peek(open: c.ts, price: x) != expectedFixed { differences += 1 }
            auto.close(open: c.ts, close: c.close.doubleValue)
            fixed.close(open: c.ts, close: c.close.doubleValue)
        }
        #expect(differences == 0)
    }
}
