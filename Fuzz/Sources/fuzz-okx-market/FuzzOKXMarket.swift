import Foundation
import FuzzSupport
import OKXWire

/// OKX's public WebSocket frames come from the network: any bytes must give a push, "not hot",
/// or an error located inside the frame; never a crash or a read past the end (the input is
/// parsed in libFuzzer's own buffer, exactly its size, so the address sanitizer sees an
/// overrun). A frame accepted as a push must be JSON that Foundation reads too, with as many
/// `data` items as the push has.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let result: Result<OKXMarketPush, OKXMarketParseError>
    do { result = .success(try OKXMarketParser.parse(UnsafeRawBufferPointer(start: data, count: size))) } catch { result = .failure(error) }
    switch result {
    case .failure(let e):
        invariant((0...size).contains(e.offset), "error at byte \(e.offset) of \(size): \(e)")
    case .success(let push):
        checkPush(push, Data(bytes: data, count: size))
    }
    return 0
}

func checkPush(_ push: OKXMarketPush, _ frame: Data) {
    let count: Int, instId: String
    switch push {
    case .notHot: return
    case .tickers(let id, let items): (count, instId) = (items.count, id)
    case .trades(let id, let items): (count, instId) = (items.count, id)
    case .candles(let id, let bar, let items):
        (count, instId) = (items.count, id)
        invariant(!bar.text.isEmpty, "a candle push without a bar")
    }
    invariant(!instId.isEmpty, "a push without an instId")
    let json = try? JSONSerialization.jsonObject(with: frame)
    invariant(json != nil, "a push that Foundation does not read as JSON")
    let items = ((json as? [String: Any])?["data"] as? [Any])?.count
    invariant(items == count, "\(count) items parsed, \(items.map(String.init) ?? "no") in data")
}
