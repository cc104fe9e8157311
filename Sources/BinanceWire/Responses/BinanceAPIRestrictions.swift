/// `GET /sapi/v1/account/apiRestrictions`'s answer: what the API key may do. A trading bot's
/// key should trade spot, not withdraw, and be bound to the daemon's IPs.
public struct BinanceAPIRestrictions: Hashable, Sendable, Decodable {
    /// The key only works from its whitelisted IPs.
    public var ipRestrict: Bool
    public var enableReading: Bool
    public var enableSpotAndMarginTrading: Bool
    public var enableWithdrawals: Bool
    public var enableMargin: Bool
    public var enableFutures: Bool
    public var createMs: Int64?
    /// Set on keys without an IP whitelist, whose trading right lapses then (ms).
    public var tradingAuthorityExpirationMs: Int64?

    enum CodingKeys: String, CodingKey {
        case ipRestrict, enableReading, enableSpotAndMarginTrading, enableWithdrawals, enableMargin, enableFutures, createTime
        case tradingAuthorityExpirationTime
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        ipRestrict = try c.decode(Bool.self, forKey: .ipRestrict)
        enableReading = try c.decodeIfPresent(Bool.self, forKey: .enableReading) ?? false
        enableSpotAndMarginTrading = try c.decode(Bool.self, forKey: .enableSpotAndMarginTrading)
        enableWithdrawals = try c.decode(Bool.self, forKey: .enableWithdrawals)
        enableMargin = try c.decodeIfPresent(Bool.self, forKey: .enableMargin) ?? false
        enableFutures = try c.decodeIfPresent(Bool.self, forKey: .enableFutures) ?? false
        createMs = try c.decodeIfPresent(Int64.self, forKey: .createTime)
        tradingAuthorityExpirationMs = try c.decodeIfPresent(Int64.self, forKey: .tradingAuthorityExpirationTime)
    }
}
