import Foundation

/// Any text message of a market stream connection, read in full (JSONSerialization). Trades,
/// klines and book tickers normally go through `BinanceMarketParser` first; this reads
/// everything, those included.
public enum BinanceStreamMessage: Hashable, Sendable {
    /// `{"result":null,"id":…}`: a SUBSCRIBE or UNSUBSCRIBE done.
    case done(id: BinanceRequestID?)
    /// LIST_SUBSCRIPTIONS's answer.
    case subscriptions([String], id: BinanceRequestID?)
    /// A control message refused: `{"code":2,"msg":"Invalid request: …","id":…}` (these codes
    /// are the stream service's own: 0 to 3).
    case error(code: Int, message: String, id: BinanceRequestID?)
    /// The server closes the connection soon: open a new one and subscribe again.
    case serverShutdown(eventMs: Int64)
    case market(BinanceMarketPush)
    /// A stream this layer does not read (depth, aggTrade, …), by its name; for a raw
    /// payload without the combined wrapper, its event type.
    case other(stream: String)

    public static func decode(_ text: String) throws(BinanceError) -> BinanceStreamMessage { try decode(Array(text.utf8)) }

    public static func decode(_ frame: [UInt8]) throws(BinanceError) -> BinanceStreamMessage {
        let push: BinanceMarketPush
        do { push = try BinanceMarketParser.parse(frame) } catch { throw BinanceError.malformed(error.field, error.reason) }
        if push != .notHot { return .market(push) }
        let o = try BinanceJSON.object(frame)
        if let stream = o["stream"] {
            guard let name = stream as? String else { throw BinanceError.malformed("stream", "expected a string") }
            let data = o["data"] as? [String: Any]
            if data?["e"] as? String == "serverShutdown" || name == "!serverShutdown" {
                return .serverShutdown(eventMs: try eventTime(data?["E"], field: "data.E"))
            }
            return .other(stream: name)
        }
        if let e = o["e"] as? String {
            if e == "serverShutdown" { return .serverShutdown(eventMs: try eventTime(o["E"], field: "E")) }
            return .other(stream: e)
        }
        let id = BinanceJSON.requestID(o["id"])
        if let code = o["code"] {
            guard let c = BinanceJSON.int64(code), let n = Int(exactly: c) else { throw BinanceError.malformed("code", "expected an integer") }
            return .error(code: n, message: o["msg"] as? String ?? "", id: id)
        }
        if let result = o["result"] {
            if result is NSNull { return .done(id: id) }
            guard let names = result as? [Any], names.allSatisfy({ $0 is String }) else {
                throw BinanceError.malformed("result", "expected null or a list of stream names")
            }
            return .subscriptions(names.compactMap { $0 as? String }, id: id)
        }
        throw BinanceError.malformed("", "neither a stream message nor an answer")
    }

    private static func eventTime(_ v: Any?, field: String) throws(BinanceError) -> Int64 {
        guard let ms = BinanceJSON.int64(v), ms >= 0 else { throw BinanceError.malformed(field, "not a time in ms") }
        return ms
    }
}
