/// A limit Binance enforces, from `exchangeInfo.rateLimits` or a WebSocket API answer's
/// `rateLimits` (which adds how much of it is used). Read the live values: the documented
/// ones change.
public struct BinanceRateLimit: Hashable, Sendable, Decodable {
    /// `REQUEST_WEIGHT` (per IP), `ORDERS` (unfilled orders, per account), `RAW_REQUESTS`, or one
    /// Binance adds later.
    public var type: String
    public var interval: BinanceLimitInterval
    public var intervalNum: Int
    public var limit: Int
    /// Used so far in the window (WebSocket API answers only).
    public var count: Int?

    public init(type: String, interval: BinanceLimitInterval, intervalNum: Int, limit: Int, count: Int? = nil) {
        self.type = type
        self.interval = interval
        self.intervalNum = intervalNum
        self.limit = limit
        self.count = count
    }

    enum CodingKeys: String, CodingKey { case rateLimitType, interval, intervalNum, limit, count }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        type = try c.decode(String.self, forKey: .rateLimitType)
        interval = try c.value(.interval)
        intervalNum = try c.decode(Int.self, forKey: .intervalNum)
        limit = try c.decode(Int.self, forKey: .limit)
        count = try c.decodeIfPresent(Int.self, forKey: .count)
        guard (1...100_000).contains(intervalNum) else {
            throw DecodingError.dataCorruptedError(forKey: .intervalNum, in: c, debugDescription: "\(intervalNum) is not 1…100000")
        }
    }

    /// The window's length in seconds (a day is 86,400).
    public var windowSeconds: Int {
        let (s, overflow) = intervalNum.multipliedReportingOverflow(by: interval.seconds)
        return overflow ? .max : s
    }
}

public enum BinanceLimitInterval: String, Hashable, Sendable, CaseIterable {
    case second = "SECOND", minute = "MINUTE", hour = "HOUR", day = "DAY"

    public var seconds: Int {
        switch self {
        case .second: 1
        case .minute: 60
        case .hour: 3600
        case .day: 86_400
        }
    }

    /// The letter of the limit headers (`X-MBX-USED-WEIGHT-1M`): S, M, H or D.
    public init?(letter: Character) {
        switch letter {
        case "S", "s": self = .second
        case "M", "m": self = .minute
        case "H", "h": self = .hour
        case "D", "d": self = .day
        default: return nil
        }
    }
}
