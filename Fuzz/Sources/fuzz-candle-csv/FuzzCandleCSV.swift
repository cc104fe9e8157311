import BotCore
import FuzzSupport

/// Candle files come from the user (replay, backtests): any bytes must give candles or a
/// located error. Accepted candles must satisfy what the loader promises its callers.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = bytes(data, size)
    let lines = input.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
    do throws(DataFileError) {
        let candles = try CandleCSV.parse(input, file: "fuzz.csv")
        invariant(candles.count < lines, "\(candles.count) candles from \(lines) lines (one is the header)")
        var last = Int64.min
        for c in candles {
            invariant(c.ts > last, "timestamp \(c.ts) after \(last)")
            last = c.ts
            invariant(c.open.raw > 0 && c.high.raw > 0 && c.low.raw > 0 && c.close.raw > 0, "non-positive price in \(c)")
            invariant(c.high >= max(c.open, c.close) && c.low <= min(c.open, c.close), "high/low do not contain \(c)")
            invariant(c.volume.isFinite && c.volume >= 0, "volume \(c.volume)")
        }
    } catch {
        invariant(error.file == "fuzz.csv" && (0...lines).contains(error.line), "error outside the file: \(error)")
    }
    return 0
}
