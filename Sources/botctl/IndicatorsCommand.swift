import ArgumentParser
import BotCore
import Foundation
import Indicators

extension BotCtl {
    struct Indicators: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print indicator series for a candle file as CSV.",
            discussion: """
            One row per candle (per bar of --timeframe when given, built from the file's candles): \
            ts_ms, then the requested series in this order: rsiN, emaN…, macd, macd_signal, \
            macd_hist, bb_upper, bb_middle, bb_lower, atrN, adxN, and with --hyperrsi: rsi14, atr14, \
            jma5, jma10, jma20, bb_state, trend_state, auto_trend_state, and with --grid (on 15m bars): \
            atr14, mama, fama, adx_state_4h, L0 … L21, and with --ppo (on 5m bars): the 26 values of \
            the auroraq-ppo observation (close_scaled … pad5, sentiment at its neutral fallback). Cells are empty during \
            warm-up; numbers are in shortest round-trip form. TA-Lib variants throughout, except \
            HYPERRSI's own series, which are computed bar by bar as the hyperrsi strategy sees them \
            at each bar's close (unrounded, HYPERRSI's RSI and ATR seeding): what to look at when a \
            bot did not enter.
            """)

        @Argument(help: "Candle CSV: ts_ms,open,high,low,close,volume.", completion: .file(extensions: ["csv"]))
        var file: String

        @Option(help: ArgumentHelp("RSI period (Wilder).", valueName: "n"))
        var rsi: Int?

        @Option(help: ArgumentHelp("EMA periods, comma-separated.", valueName: "n[,n…]"))
        var ema: String?

        @Option(help: ArgumentHelp("MACD fast,slow,signal.", valueName: "f,s,g"))
        var macd: String?

        @Option(help: ArgumentHelp("Bollinger period,multiplier (population σ).", valueName: "n,k"))
        var bb: String?

        @Option(help: ArgumentHelp("ATR period.", valueName: "n"))
        var atr: Int?

        @Option(help: ArgumentHelp("ADX period.", valueName: "n"))
        var adx: Int?

        @Option(help: ArgumentHelp("Build bars of this timeframe from the file's candles first (e.g. 5m).", valueName: "tf"))
        var timeframe: String?

        @Flag(help: "Add HYPERRSI's own series (rsi14 … auto_trend_state).")
        var hyperrsi = false

        @Flag(help: "Add GRID's series (atr14, mama, fama, adx_state_4h, L0 … L21), as computed at each close.")
        var grid = false

        @Flag(help: "Add the auroraq-ppo observation's 26 columns (close_scaled … pad5), as the strategy builds it at each close.")
        var ppo = false

        func validate() throws {
            if let rsi, rsi < 2 { throw ValidationError("--rsi must be at least 2 (got \(rsi))") }
            if let atr, atr < 1 { throw ValidationError("--atr must be at least 1 (got \(atr))") }
            if let adx, adx < 2 { throw ValidationError("--adx must be at least 2 (got \(adx))") }
            _ = try emaPeriods()
            _ = try macdPeriods()
            _ = try bbSettings()
            if let timeframe, Timeframe(timeframe) == nil {
                throw ValidationError("--timeframe must be one of \(Timeframe.supported.joined(separator: ", ")) (got '\(timeframe)')")
            }
        }

        func ints(_ s: String, _ flag: String, count: Int?) throws -> [Int] {
            let parts = s.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard parts.allSatisfy({ ($0 ?? 0) >= 1 }), count == nil || parts.count == count else {
                throw ValidationError("\(flag) must be \(count.map { "\($0) positive integers" } ?? "positive integers"), comma-separated (got '\(s)')")
            }
            return parts.map { $0! }
        }

        func emaPeriods() throws -> [Int] { try ema.map { try ints($0, "--ema", count: nil) } ?? [] }
        func macdPeriods() throws -> [Int]? { try macd.map { try ints($0, "--macd", count: 3) } }
        func bbSettings() throws -> (Int, Double)? {
            guard let bb else { return nil }
            let p = bb.split(separator: ",").map(String.init)
            guard p.count == 2, let n = Int(p[0]), n >= 2, let k = Double(p[1]), k > 0, k.isFinite else {
                throw ValidationError("--bb must be period,multiplier with period ≥ 2 and multiplier > 0 (got '\(bb)')")
            }
            return (n, k)
        }

        func run() throws {
            var candles: [Candle]
            do { candles = try CandleCSV.load(path: file) } catch { throw Failure(error.description) }
            if let tf = timeframe.flatMap(Timeframe.init) {
                guard candles.count > 1, let step = Timeframe.supported.compactMap(Timeframe.init)
                    .first(where: { $0.milliseconds == candles[1].ts - candles[0].ts }) else {
                    throw Failure("\(file): the candles' spacing is not a supported timeframe")
                }
                guard tf >= step, tf.seconds % step.seconds == 0 else {
                    throw Failure("\(file): \(tf) bars cannot be built from its \(step) candles")
                }
                candles = BarBuilder.resample(candles, to: tf, base: step)
            }
            var header = ["ts_ms"]
            var rsiInd = rsi.map { RSI(period: $0) }
            if let rsi { header.append("rsi\(rsi)") }
            let emaList = try emaPeriods()
            var emas = emaList.map { EMA(period: $0) }
            header += emaList.map { "ema\($0)" }
            var macdInd = try macdPeriods().map { MACD(fast: $0[0], slow: $0[1], signal: $0[2]) }
            if macdInd != nil { header += ["macd", "macd_signal", "macd_hist"] }
            var bbInd = try bbSettings().map { Bollinger(period: $0.0, multiplier: $0.1) }
            if bbInd != nil { header += ["bb_upper", "bb_middle", "bb_lower"] }
            var atrInd = atr.map { ATR(period: $0) }
            if let atr { header.append("atr\(atr)") }
            var adxInd = adx.map { ADX(period: $0) }
            if let adx { header.append("adx\(adx)") }
            var hyper = hyperrsi ? HyperSeries(chartMinutes: candles.count > 1 ? Int(candles[1].ts - candles[0].ts) / 60_000 : 1) : nil
            if hyperrsi { header += HyperSeries.header }
            var gridSeries = grid ? GridSeries(chartMs: candles.count > 1 ? candles[1].ts - candles[0].ts : 900_000) : nil
            if grid { header += GridSeries.header }
            var observation = ppo ? AuroraObservation() : nil
            if ppo { header += AuroraObservation.featureNames }

            var out = header.joined(separator: ",") + "\n"
            out.reserveCapacity(candles.count * header.count * 12)
            func cell(_ v: Double?) -> String { v.map { "\($0)" } ?? "" }
            for c in candles {
                let (h, l, x) = (c.high.doubleValue, c.low.doubleValue, c.close.doubleValue)
                var row = [String(c.ts)]
                if rsiInd != nil { row.append(cell(rsiInd!.update(x))) }
                for i in emas.indices { row.append(cell(emas[i].update(x))) }
                if macdInd != nil {
                    let m = macdInd!.update(x)
                    row += [cell(m?.macd), cell(m?.signal), cell(m?.histogram)]
                }
                if bbInd != nil {
                    let b = bbInd!.update(x)
                    row += [cell(b?.upper), cell(b?.middle), cell(b?.lower)]
                }
                if atrInd != nil { row.append(cell(atrInd!.update(high: h, low: l, close: x))) }
                if adxInd != nil { row.append(cell(adxInd!.update(high: h, low: l, close: x)?.adx)) }
                if hyper != nil {
                    let (values, states) = hyper!.update(c)
                    row += values.map(cell) + states.map { $0.map(String.init) ?? "" }
                }
                if gridSeries != nil {
                    let g = gridSeries!.update(c)
                    row += Array(g.values.prefix(3).map(cell)) + [String(g.regime)] + g.values.dropFirst(3).map(cell)
                }
                if observation != nil {
                    let r = observation!.update(high: h, low: l, close: x, volume: c.volume)
                    let values = r.map { $0.market + AuroraObservation.neutralSentiment } ?? []
                    row += (0..<AuroraObservation.size).map { $0 < values.count ? cell(values[$0]) : (r == nil ? "" : "0.0") }
                }
                out += row.joined(separator: ",")
                out += "\n"
                if out.utf8.count > 1 << 20 {
                    print(out, terminator: "")
                    out.removeAll(keepingCapacity: true)
                }
            }
            print(out, terminator: "")
        }
    }
}

/// HYPERRSI's series, computed exactly as `HyperRSIStrategy` does at each bar's close.
struct HyperSeries {
    static let header = ["rsi14", "atr14", "jma5", "jma10", "jma20", "bb_state", "trend_state", "auto_trend_state"]
    var rsi = HyperRSI(period: 14)
    var atr = ATR(period: 14, variant: .hyperrsi)
    var trend = HyperTrend()
    var auto: AutoTrend?

    init(chartMinutes: Int) { auto = AutoTrend(chartMinutes: max(chartMinutes, 1)) }

    /// The five series, then the three states.
    mutating func update(_ c: Candle) -> ([Double?], [Int?]) {
        let x = c.close.doubleValue
        let r = rsi.update(x)
        let a = atr.update(high: c.high.doubleValue, low: c.low.doubleValue, close: x)
        let t = trend.update(x)
        let at = auto?.close(open: c.ts, close: x)
        return ([r, a, trend.jma5.value, trend.jma10.value, trend.jma20.value], [trend.bb.value, t, at])
    }
}
