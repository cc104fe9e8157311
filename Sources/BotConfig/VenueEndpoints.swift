/// Which of a real venue's environments an account trades in: there is no default, so real money
/// is never the accident of a missing line.
public enum VenueEnvironment: String, Sendable, Codable, CaseIterable {
    /// The venue's simulated trading (OKX demo: the `x-simulated-trading: 1` header and its demo
    /// WebSocket hosts; Binance's spot testnet), with a demo (testnet) API key.
    case demo
    case live
}

/// Where a venue's servers are: its documented hosts by default, any URL in configuration
/// (the tests point every one at a local fake on loopback).
public struct VenueEndpoints: Sendable, Equatable {
    public var rest: String
    /// Public market data: trades, tickers (OKX `/ws/v5/public`; Binance's stream host).
    public var wsPublic: String
    /// The signed private stream (OKX `/ws/v5/private`; Binance's WebSocket API).
    public var wsPrivate: String
    /// OKX's candles (`/ws/v5/business`); the stream host again on Binance.
    public var wsBusiness: String

    public init(rest: String, wsPublic: String, wsPrivate: String, wsBusiness: String) {
        self.rest = rest
        self.wsPublic = wsPublic
        self.wsPrivate = wsPrivate
        self.wsBusiness = wsBusiness
    }

    /// The venue's documented hosts (protocols.md sections 1.1, 2, 3.1 and 4.1).
    public static func documented(venue: String, _ environment: VenueEnvironment) -> VenueEndpoints? {
        switch (venue, environment) {
        case ("okx", .live):
            okx(rest: "https://www.okx.com", ws: "wss://ws.okx.com:8443")
        case ("okx", .demo):
            // Demo REST stays on the live host with the simulated-trading header.
            okx(rest: "https://www.okx.com", ws: "wss://wspap.okx.com:8443")
        case ("binance", .live):
            VenueEndpoints(rest: "https://api.binance.com", wsPublic: "wss://stream.binance.com:9443",
                           wsPrivate: "wss://ws-api.binance.com:443/ws-api/v3", wsBusiness: "wss://stream.binance.com:9443")
        case ("binance", .demo):
            // Binance's spot testnet: its keys are made at testnet.binance.vision and move no
            // real money.
            VenueEndpoints(rest: "https://testnet.binance.vision", wsPublic: "wss://stream.testnet.binance.vision",
                           wsPrivate: "wss://ws-api.testnet.binance.vision/ws-api/v3", wsBusiness: "wss://stream.testnet.binance.vision")
        default:
            nil
        }
    }

    static func okx(rest: String, ws: String) -> VenueEndpoints {
        VenueEndpoints(rest: rest, wsPublic: "\(ws)/ws/v5/public", wsPrivate: "\(ws)/ws/v5/private",
                       wsBusiness: "\(ws)/ws/v5/business")
    }
}
