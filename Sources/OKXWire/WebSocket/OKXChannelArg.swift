/// A channel subscription's `arg`, as sent and as OKX echoes it in acks and pushes.
public struct OKXChannelArg: Hashable, Sendable, Decodable {
    public var channel: String
    public var instType: String?
    public var instFamily: String?
    public var instId: String?

    public init(channel: String, instType: String? = nil, instFamily: String? = nil, instId: String? = nil) {
        self.channel = channel
        self.instType = instType
        self.instFamily = instFamily
        self.instId = instId
    }

    public static func tickers(_ instId: String) -> Self { Self(channel: "tickers", instId: instId) }
    public static func trades(_ instId: String) -> Self { Self(channel: "trades", instId: instId) }
    public static func candles(_ bar: OKXBar, _ instId: String) -> Self { Self(channel: "candle" + bar.text, instId: instId) }
    /// Nothing is pushed on subscribe: only new orders and their updates.
    public static func orders(_ type: OKXInstrumentType = .any, instId: String? = nil) -> Self {
        Self(channel: "orders", instType: type.rawValue, instId: instId)
    }
    public static func algoOrders(_ type: OKXInstrumentType = .any, instId: String? = nil) -> Self {
        Self(channel: "orders-algo", instType: type.rawValue, instId: instId)
    }
    public static func positions(_ type: OKXInstrumentType = .any, instId: String? = nil) -> Self {
        Self(channel: "positions", instType: type.rawValue, instId: instId)
    }

    /// The service that carries the channel (OKX refuses it elsewhere with 60018 or 64001).
    public var endpoint: OKXWebSocketEndpoint {
        switch channel {
        case "orders", "positions", "account", "balance_and_position": .privateData
        case "orders-algo", "trades-all", "algo-advance": .business
        default: channel.hasPrefix("candle") || channel.contains("-candle") ? .business : .publicData
        }
    }

    var json: OKXJSONBody {
        var b = OKXJSONBody()
        b.add("channel", channel)
        b.add("instType", instType)
        b.add("instFamily", instFamily)
        b.add("instId", instId)
        return b
    }
}
