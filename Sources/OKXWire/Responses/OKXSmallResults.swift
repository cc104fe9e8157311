import BotCore

/// `GET /api/v5/public/time`'s item.
public struct OKXServerTime: Hashable, Sendable, Decodable {
    public var ms: Int64
    enum CodingKeys: String, CodingKey { case ts }
    public init(from decoder: any Decoder) throws {
        ms = try decoder.container(keyedBy: CodingKeys.self).millis(.ts)
    }
}

/// `POST /api/v5/account/set-leverage`'s item: the leverage now in force.
public struct OKXLeverage: Hashable, Sendable, Decodable {
    public var instId: String
    public var leverage: Ratio
    public var marginMode: OKXMarginMode
    public var positionSide: PositionSide?

    enum CodingKeys: String, CodingKey { case instId, lever, mgnMode, posSide }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        instId = try c.text(.instId)
        leverage = try c.decimal(.lever)
        marginMode = try c.value(.mgnMode)
        positionSide = try c.valueIfPresent(.posSide)
    }
}
