import BotCore
import FuzzSupport

/// Trade files come from the user (replay): any bytes must give trades or a located error.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = bytes(data, size)
    let lines = input.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
    do throws(DataFileError) {
        let trades = try TradeCSV.parse(input, file: "fuzz.csv")
        invariant(trades.count < lines, "\(trades.count) trades from \(lines) lines (one is the header)")
        var last = Int64.min
        for t in trades {
            invariant(t.ts >= last, "time \(t.ts) after \(last)")
            last = t.ts
            invariant(t.price.raw > 0 && t.quantity.raw > 0, "non-positive price or amount in \(t)")
        }
    } catch {
        invariant(error.file == "fuzz.csv" && (0...lines).contains(error.line), "error outside the file: \(error)")
    }
    return 0
}
