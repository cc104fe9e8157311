/// The control messages the runtime sends on a market stream connection. Binance takes at
/// most 5 incoming messages a second per connection (these, pings and pongs alike) and
/// 1,024 streams on one connection; pacing is the caller's.
public enum BinanceStreamRequest {
    public static let maxStreamsPerConnection = 1024

    /// `{"method":"SUBSCRIBE","params":[…],"id":…}`; answered `{"result":null,"id":…}`.
    public static func subscribe(_ streams: [BinanceStreamName], id: BinanceRequestID) throws(BinanceRequestError) -> String {
        try message("SUBSCRIBE", streams, id: id)
    }

    /// `{"method":"UNSUBSCRIBE","params":[…],"id":…}`; answered `{"result":null,"id":…}`.
    public static func unsubscribe(_ streams: [BinanceStreamName], id: BinanceRequestID) throws(BinanceRequestError) -> String {
        try message("UNSUBSCRIBE", streams, id: id)
    }

    /// `{"method":"LIST_SUBSCRIPTIONS","id":…}`; answered with the names in `result`.
    public static func listSubscriptions(id: BinanceRequestID) throws(BinanceRequestError) -> String {
        try id.check(allowingDashes: false)
        return #"{"method":"LIST_SUBSCRIPTIONS","id":"# + id.json + "}"
    }

    private static func message(_ method: String, _ streams: [BinanceStreamName], id: BinanceRequestID) throws(BinanceRequestError) -> String {
        try id.check(allowingDashes: false)
        guard !streams.isEmpty else { throw BinanceRequestError(field: "params", reason: "no stream to \(method.lowercased())") }
        guard streams.count <= maxStreamsPerConnection else {
            throw BinanceRequestError(field: "params", reason: "\(streams.count) streams, over the \(maxStreamsPerConnection) a connection takes")
        }
        for s in streams { try s.check() }
        let params = streams.map { "\"" + $0.name + "\"" }.joined(separator: ",")
        return #"{"method":""# + method + #"","params":["# + params + #"],"id":"# + id.json + "}"
    }
}
