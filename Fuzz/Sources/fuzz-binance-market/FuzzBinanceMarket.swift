import Foundation
import FuzzSupport
import BinanceWire

/// Binance's combined-stream messages come from the network: any bytes must give a push, "not
/// hot", or an error located inside the message; never a crash or a read past the end (parsed
/// in libFuzzer's own buffer, exactly its size, for the address sanitizer). A message accepted
/// as a push must be JSON that Foundation reads too, naming the symbol the push has.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let result: Result<BinanceMarketPush, BinanceMarketParseError>
    do { result = .success(try BinanceMarketParser.parse(UnsafeRawBufferPointer(start: data, count: size))) } catch {
        result = .failure(error)
    }
    switch result {
    case .failure(let e):
        invariant((0...size).contains(e.offset), "error at byte \(e.offset) of \(size): \(e)")
    case .success(let push):
        let symbol: String
        switch push {
        case .notHot: return 0
        case .trade(let s, _), .kline(let s, _), .bookTicker(let s, _): symbol = s
        }
        invariant(!symbol.isEmpty, "a push without a symbol")
        let json = try? JSONSerialization.jsonObject(with: Data(bytes: data, count: size))
        invariant(json != nil, "a push that Foundation does not read as JSON")
    }
    return 0
}
