/// Where Binance spot is: production, the testnet, or demo mode, each with its REST host,
/// market streams and WebSocket API. A test's fake gives its own host instead.
public enum BinanceEnvironment: String, Hashable, Sendable, CaseIterable {
    case live
    case testnet
    case demo

    /// Paths (`/api/v3/…`, `/sapi/v1/…`) go after it.
    public var restHost: String {
        switch self {
        case .live: "https://api.binance.com"
        case .testnet: "https://testnet.binance.vision"
        case .demo: "https://demo-api.binance.com"
        }
    }

    /// The market streams' host; `/stream` (combined, framed with the stream's name) or
    /// `/ws/<stream>` (raw) go after it.
    public var marketStreamHost: String {
        switch self {
        case .live: "wss://stream.binance.com:9443"
        case .testnet: "wss://stream.testnet.binance.vision"
        case .demo: "wss://demo-stream.binance.com"
        }
    }

    /// The WebSocket API, which carries the user data stream since the listenKey stream was retired.
    public var webSocketAPIURL: String {
        switch self {
        case .live: "wss://ws-api.binance.com:443/ws-api/v3"
        case .testnet: "wss://ws-api.testnet.binance.vision/ws-api/v3"
        case .demo: "wss://demo-ws-api.binance.com/ws-api/v3"
        }
    }

    /// `/stream?streams=a/b` on `host` (the environment's unless given): every message comes
    /// wrapped as `{"stream":…,"data":…}`. No streams: the bare `/stream`, to SUBSCRIBE on.
    public func combinedStreamURL(_ streams: [BinanceStreamName] = [], host: String? = nil) -> String {
        let base = (host ?? marketStreamHost) + "/stream"
        return streams.isEmpty ? base : base + "?streams=" + streams.map(\.name).joined(separator: "/")
    }

    /// Only production serves `/sapi` (the testnet and demo mode have `/api` alone).
    public func serves(_ request: BinanceRequest) -> Bool { self == .live || !request.isSAPI }
}
