import BotCore
import FuzzSupport

/// Trade files come from the user (replay): any bytes must give trades or a located error.
/// `TradeCSV` has no bytes entry point yet, so the input goes through one reused file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = bytes(data, size)
    let lines = input.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
    let path = ScratchFile.write(input)
    do throws(DataFileError) {
        let trades = try TradeCSV.load(path: path)
        invariant(trades.count < lines, "\(trades.count) trades from \(lines) lines (one is the header)")
        var last = Int64.min
        for t in trades {
            invariant(t.ts >= last, "time \(t.ts) after \(last)")
            last = t.ts
            invariant(t.price.raw > 0 && t.quantity.raw > 0, "non-positive price or amount in \(t)")
        }
    } catch {
        invariant(error.file == path && (0...lines).contains(error.line), "error outside the file: \(error)")
    }
    return 0
}
