import BotCore
import BotTestKit
import Foundation
import Indicators
import Testing

/// Compares every TA-Lib variant with fixtures produced by TA-Lib itself
/// (scripts/gen_talib_fixtures.py), bit for bit.
struct TALibFixtureTests {
    struct Fixture {
        var columns: [String: [Double?]]
        var count: Int
    }

    static func fixture(_ name: String) throws -> Fixture {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: "csv"))
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }
        let names = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        var cols = [String: [Double?]]()
        for row in lines.dropFirst() {
            let f = row.split(separator: ",", omittingEmptySubsequences: false)
            for (k, n) in names.enumerated() { cols[n, default: []].append(f[k].isEmpty ? nil : Double(f[k])!) }
        }
        return Fixture(columns: cols, count: lines.count - 1)
    }

    static func candles(_ file: String, _ n: Int) throws -> [Candle] {
        Array(try CandleCSV.load(path: SharedData.path(file)).prefix(n))
    }

    /// Checks one computed series against a fixture column: same warm-up, same bits.
    /// Series whose TA-Lib arithmetic we follow exactly; the rest (where the built library's
    /// last bits cannot be derived from its C text) must agree within 1e-9 relative.
    static let bitExact: Set = ["sma20", "ema10", "ema50", "rsi14", "rsi5", "macd", "bb_middle",
                                "plus_di14", "minus_di14", "adx14"]

    static func expectSeries(_ name: String, _ got: [Double?], _ fx: Fixture, sourceLocation: SourceLocation = #_sourceLocation) {
        let want = fx.columns[name]!
        #expect(got.count == want.count, "\(name): length", sourceLocation: sourceLocation)
        let exact = bitExact.contains(name)
        func same(_ a: Double?, _ b: Double?) -> Bool {
            guard let a, let b else { return a == nil && b == nil }
            if exact { return a.bitPattern == b.bitPattern }
            return abs(a - b) <= 1e-9 * max(abs(a), abs(b)) || abs(a - b) < 1e-12
        }
        for i in 0..<min(got.count, want.count) where !same(got[i], want[i]) {
            Issue.record("\(name)[\(i)]: got \(String(describing: got[i])), TA-Lib \(String(describing: want[i]))",
                         sourceLocation: sourceLocation)
            return
        }
    }

    @Test(arguments: [("talib_btcusdt_1h", "binance_BTCUSDT_1h.csv"),
                      ("talib_unittest_1m", "freqtrade_UNITTEST-BTC_1m.csv")])
    func matchesTALib(fixtureName: String, dataFile: String) throws {
        let fx = try Self.fixture(fixtureName)
        let bars = try Self.candles(dataFile, fx.count)
        #expect(bars.count == fx.count)
        var sma20 = SMA(period: 20), ema10 = EMA(period: 10), ema50 = EMA(period: 50)
        var rsi14 = RSI(period: 14), rsi5 = RSI(period: 5), macd = MACD(fast: 12, slow: 26, signal: 9)
        var bb = Bollinger(period: 20, multiplier: 2), atr = ATR(period: 14), adx = ADX(period: 14)
        var stoch = Stochastic(kPeriod: 14, slowK: 3, d: 3)
        var mama = MAMA(fastLimit: 0.5, slowLimit: 0.05)
        var out = [String: [Double?]]()
        for c in bars {
            let (h, l, x) = (c.high.doubleValue, c.low.doubleValue, c.close.doubleValue)
            out["sma20", default: []].append(sma20.update(x))
            out["ema10", default: []].append(ema10.update(x))
            out["ema50", default: []].append(ema50.update(x))
            out["rsi14", default: []].append(rsi14.update(x))
            out["rsi5", default: []].append(rsi5.update(x))
            let m = macd.update(x)
            out["macd", default: []].append(m?.macd)
            out["macd_signal", default: []].append(m?.signal)
            out["macd_hist", default: []].append(m?.histogram)
            let b = bb.update(x)
            out["bb_upper", default: []].append(b?.upper)
            out["bb_middle", default: []].append(b?.middle)
            out["bb_lower", default: []].append(b?.lower)
            out["atr14", default: []].append(atr.update(high: h, low: l, close: x))
            let d = adx.update(high: h, low: l, close: x)
            out["plus_di14", default: []].append(d?.plusDI)
            out["minus_di14", default: []].append(d?.minusDI)
            out["adx14", default: []].append(d?.adx)
            let s = stoch.update(high: h, low: l, close: x)
            out["stoch_k", default: []].append(s?.k)
            out["stoch_d", default: []].append(s?.d)
            let m2 = mama.update(x)
            out["mama", default: []].append(m2?.mama)
            out["fama", default: []].append(m2?.fama)
        }
        for name in fx.columns.keys.sorted() where name != "ts_ms" {
            Self.expectSeries(name, out[name]!, fx)
        }
    }
}
