import BotCore

/// A position from `GET /api/v5/account/positions` or the `positions` channel.
public struct OKXPosition: Hashable, Sendable, Decodable {
    public var instType: String
    public var instId: String
    public var marginMode: String
    public var positionSide: PositionSide
    /// As OKX writes it: signed in net mode (negative short); in hedge mode each leg's size,
    /// its side given by `positionSide`.
    public var position: Quantity
    public var averagePrice: Price?
    public var markPrice: Price?
    public var liquidationPrice: Price?
    public var unrealizedPnL: Money?
    public var leverage: Ratio?
    public var updatedMs: Int64?

    enum CodingKeys: String, CodingKey {
        case instType, instId, mgnMode, posSide, pos, avgPx, markPx, liqPx, upl, lever, uTime
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        instType = try c.text(.instType)
        instId = try c.decode(String.self, forKey: .instId)
        marginMode = try c.text(.mgnMode)
        positionSide = try c.valueIfPresent(.posSide) ?? .net
        position = try c.decimalIfPresent(.pos) ?? .zero
        averagePrice = try c.decimalIfPresent(.avgPx)
        markPrice = try c.decimalIfPresent(.markPx)
        liquidationPrice = try c.decimalIfPresent(.liqPx)
        unrealizedPnL = try c.decimalIfPresent(.upl)
        leverage = try c.decimalIfPresent(.lever)
        updatedMs = try c.millisIfPresent(.uTime)
    }

    /// The signed size the runtime's ledgers use: a short leg is negative in hedge mode too.
    public var signedQuantity: Quantity {
        switch positionSide {
        case .net: position
        case .long: position.magnitude
        case .short: -position.magnitude
        }
    }

    public func venuePosition(venue: String = "okx") -> VenuePosition {
        VenuePosition(instrument: InstrumentID(venue: venue, symbol: instId), side: positionSide, quantity: signedQuantity)
    }
}
