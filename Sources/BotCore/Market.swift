/// Bar length. Parsed from the venue notation (`1m`, `5m`, `1h`, `4h`, `1d`).
public struct Timeframe: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public let seconds: Int
    public init(seconds: Int) {
        precondition(seconds > 0, "timeframe must be positive")
        self.seconds = seconds
    }
    public var milliseconds: Int64 { Int64(seconds) * 1000 }
    public static let supported = ["1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d"]

    public init?(_ text: String) {
        guard Timeframe.supported.contains(text), let n = Int(text.dropLast()) else { return nil }
        switch text.last {
        case "m": self.init(seconds: n * 60)
        case "h": self.init(seconds: n * 3600)
        case "d": self.init(seconds: n * 86400)
        default: return nil
        }
    }

    public var description: String {
        if seconds % 86400 == 0 { return "\(seconds / 86400)d" }
        if seconds % 3600 == 0 { return "\(seconds / 3600)h" }
        return "\(seconds / 60)m"
    }
    /// Open time of the bar containing `ts` (bars are aligned to the Unix epoch, UTC).
    @inlinable public func barOpen(_ ts: Int64) -> Int64 {
        let ms = Int64(seconds) * 1000
        return ts - ((ts % ms) + ms) % ms
    }
    public static func < (a: Self, b: Self) -> Bool { a.seconds < b.seconds }
    public init(from decoder: any Decoder) throws {
        let s = try decoder.singleValueContainer().decode(String.self)
        guard let t = Timeframe(s) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown timeframe \(s)"))
        }
        self = t
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// One OHLCV bar. `ts` is the bar's open time in ms since the Unix epoch (UTC).
public struct Candle: Hashable, Sendable, Codable {
    public var ts: Int64
    public var open: Price
    public var high: Price
    public var low: Price
    public var close: Price
    /// Base-asset volume; informational, never on the order path.
    public var volume: Double

    public init(ts: Int64, open: Price, high: Price, low: Price, close: Price, volume: Double) {
        self.ts = ts
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
    }
}

public enum Side: String, Sendable, Codable, Hashable {
    case buy, sell
    public var opposite: Side { self == .buy ? .sell : .buy }
    /// +1 for buy, -1 for sell.
    public var sign: Int64 { self == .buy ? 1 : -1 }
}

/// A public trade print.
public struct Trade: Hashable, Sendable, Codable {
    public var ts: Int64
    public var price: Price
    public var quantity: Quantity
    /// Taker side.
    public var side: Side
    public init(ts: Int64, price: Price, quantity: Quantity, side: Side) {
        self.ts = ts
        self.price = price
        self.quantity = quantity
        self.side = side
    }
}

/// Best bid and ask with the last trade price.
public struct Ticker: Hashable, Sendable, Codable {
    public var ts: Int64
    public var bid: Price
    public var ask: Price
    public var last: Price
    public init(ts: Int64, bid: Price, ask: Price, last: Price) {
        self.ts = ts
        self.bid = bid
        self.ask = ask
        self.last = last
    }
}
