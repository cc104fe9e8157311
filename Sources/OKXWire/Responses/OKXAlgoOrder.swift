import BotCore

/// `state` of an algo order.
public enum OKXAlgoState: String, Hashable, Sendable, CaseIterable {
    /// Waiting for its trigger.
    case live
    case pause
    /// Triggered: its order is placed and reports on its own (carrying `algoClOrdId`).
    case effective
    case partiallyEffective = "partially_effective"
    case canceled
    /// Triggered, but the order it placed failed (`failCode` says why, e.g. 51008).
    case orderFailed = "order_failed"
    case partiallyFailed = "partially_failed"

    /// A triggered stop stays `accepted` here: what becomes of it is its placed order's story.
    public var status: OrderStatus {
        switch self {
        case .live, .pause, .effective, .partiallyEffective: .accepted
        case .canceled: .cancelled
        case .orderFailed, .partiallyFailed: .rejected
        }
    }
}

/// An algo order (this runtime places `conditional` stops) from `orders-algo-pending`,
/// `order-algo` or the `orders-algo` channel.
public struct OKXAlgoOrder: Hashable, Sendable, Decodable {
    public var instId: String
    public var algoID: String
    public var algoClientOrderID: String
    public var orderType: String
    public var side: Side
    public var positionSide: PositionSide?
    public var size: Quantity
    public var state: OKXAlgoState
    public var stopTrigger: Price?
    /// nil: market on trigger (OKX's -1).
    public var stopOrderPrice: Price?
    public var reduceOnly: Bool
    /// Why a triggered order failed; "" (or "0", as OKX's own example shows) otherwise.
    public var failCode: String
    public var createdMs: Int64
    public var triggeredMs: Int64?
    /// The order the stop placed when it triggered ("" before): its fills carry this id, not
    /// the stop's client id.
    public var orderID: String

    enum CodingKeys: String, CodingKey {
        case instId, algoId, algoClOrdId, ordType, side, posSide, sz, state, slTriggerPx, slOrdPx, reduceOnly, failCode
        case cTime, triggerTime, ordId
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        instId = try c.decode(String.self, forKey: .instId)
        algoID = try c.text(.algoId)
        algoClientOrderID = try c.text(.algoClOrdId)
        orderType = try c.text(.ordType)
        side = try c.value(.side)
        positionSide = try c.valueIfPresent(.posSide)
        size = try c.decimalIfPresent(.sz) ?? .zero
        state = try c.value(.state)
        stopTrigger = try c.decimalIfPresent(.slTriggerPx)
        stopOrderPrice = try c.decimalIfPresent(.slOrdPx).flatMap { (p: Price) in p.raw > 0 ? p : nil }
        reduceOnly = try c.flag(.reduceOnly)
        failCode = try c.text(.failCode)
        createdMs = try c.millis(.cTime)
        triggeredMs = try c.millisIfPresent(.triggerTime)
        orderID = try c.text(.ordId)
    }

    public var runtimeOrderID: ClientOrderID? { ClientOrderID(algoClientOrderID) }

    /// The stop as the runtime's reconciliation sees it.
    public func venueOrder(venue: String = "okx") throws(OKXError) -> VenueOrder {
        guard let id = runtimeOrderID else {
            throw OKXError.malformed("algoClOrdId", "'\(algoClientOrderID.prefix(40))' is not one of this runtime's order ids")
        }
        guard let trigger = stopTrigger else { throw OKXError.malformed("slTriggerPx", "a stop without a trigger") }
        let type: OrderType = stopOrderPrice.map { .stopLimit(trigger: trigger, price: $0) } ?? .stopMarket(trigger: trigger)
        let request = OrderRequest(id: id, side: side, type: type, quantity: size, reduceOnly: reduceOnly,
                                   positionSide: positionSide ?? .net)
        return VenueOrder(request: request, instrument: InstrumentID(venue: venue, symbol: instId), status: state.status,
                          filled: .zero, reason: failCode.isEmpty || failCode == "0" ? nil : "order failed \(failCode)",
                          createdMs: createdMs)
    }
}
