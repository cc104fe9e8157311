import BotCore

/// `state` of a plain order.
public enum OKXOrderState: String, Hashable, Sendable, CaseIterable {
    case live
    case partiallyFilled = "partially_filled"
    case filled
    case canceled
    /// Canceled by market-maker protection.
    case mmpCanceled = "mmp_canceled"

    public var status: OrderStatus {
        switch self {
        case .live: .accepted
        case .partiallyFilled: .partiallyFilled
        case .filled: .filled
        case .canceled, .mmpCanceled: .cancelled
        }
    }
}

/// A plain order as OKX reports it: the REST order queries (`trade/order`, `orders-pending`)
/// and the `orders` channel, which adds the fill of the update that pushed it (`fill*`,
/// `tradeId`, `execType`).
public struct OKXOrder: Hashable, Sendable, Decodable {
    public var instType: String
    public var instId: String
    public var orderID: String
    public var clientOrderID: String
    /// Set on an order an algo order placed when it triggered (and then `clOrdId` is empty).
    public var algoClientOrderID: String
    public var side: Side
    public var positionSide: PositionSide?
    /// OKX's ordType text (market, limit, post_only, fok, ioc, optimal_limit_ioc, …).
    public var orderType: String
    public var tdMode: String
    public var price: Price?
    public var size: Quantity
    public var state: OKXOrderState
    /// Cumulative.
    public var filledSize: Quantity
    public var averagePrice: Price?
    public var reduceOnly: Bool
    public var createdMs: Int64
    public var updatedMs: Int64?
    /// The fill of this update (orders channel), or the last fill (REST).
    public var lastFillPrice: Price?
    public var lastFillSize: Quantity?
    public var lastFillMs: Int64?
    public var tradeID: String
    /// This update's fill fee (`fillFee`, orders channel only), OKX's sign: negative is paid.
    public var lastFillFee: Money?
    public var lastFillFeeCurrency: String
    /// "T" taker, "M" maker, "" when not a fill.
    public var execType: String
    /// "normal" for an order someone placed; OKX's own orders say why it placed them
    /// (`full_liquidation`, `partial_liquidation`, `adl`, …).
    public var category: String

    enum CodingKeys: String, CodingKey {
        case instType, instId, ordId, clOrdId, algoClOrdId, side, posSide, ordType, tdMode, px, sz, state, accFillSz, avgPx
        case reduceOnly, cTime, uTime, fillPx, fillSz, fillTime, tradeId, fillFee, fillFeeCcy, execType, category
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        instType = try c.text(.instType)
        instId = try c.decode(String.self, forKey: .instId)
        orderID = try c.text(.ordId)
        clientOrderID = try c.text(.clOrdId)
        algoClientOrderID = try c.text(.algoClOrdId)
        side = try c.value(.side)
        positionSide = try c.valueIfPresent(.posSide)
        orderType = try c.decode(String.self, forKey: .ordType)
        tdMode = try c.text(.tdMode)
        // Market orders report px as "" (and some as "-1"): a price only where it is one.
        price = try c.decimalIfPresent(.px).flatMap { (p: Price) in p.raw > 0 ? p : nil }
        size = try c.decimal(.sz)
        state = try c.value(.state)
        filledSize = try c.decimalIfPresent(.accFillSz) ?? .zero
        averagePrice = try c.decimalIfPresent(.avgPx)
        reduceOnly = try c.flag(.reduceOnly)
        createdMs = try c.millis(.cTime)
        updatedMs = try c.millisIfPresent(.uTime)
        lastFillPrice = try c.decimalIfPresent(.fillPx)
        lastFillSize = try c.decimalIfPresent(.fillSz)
        lastFillMs = try c.millisIfPresent(.fillTime)
        tradeID = try c.text(.tradeId)
        lastFillFee = try c.decimalIfPresent(.fillFee)
        lastFillFeeCurrency = try c.text(.fillFeeCcy)
        execType = try c.text(.execType)
        category = try c.text(.category)
    }

    /// What closing of a position OKX did itself, when this is one of its liquidation orders.
    public var liquidationKind: VenueLiquidation.Kind? {
        switch category {
        case "full_liquidation": .full
        case "partial_liquidation": .partial
        case "adl": .autoDeleverage
        default: nil
        }
    }

    /// The execution of this `orders` push when OKX liquidated a position: nil when it is not
    /// a liquidation or the update is not a fill.
    public func liquidation(instrument: Instrument) throws(OKXError) -> VenueLiquidation? {
        guard let kind = liquidationKind, !tradeID.isEmpty, let size = lastFillSize, size.raw > 0 else { return nil }
        guard let price = lastFillPrice else { throw OKXError.malformed("fillPx", "a fill without a price") }
        let fee = try OKXFee.paidInQuote(okxFee: lastFillFee ?? .zero, currency: lastFillFeeCurrency, price: price,
                                         instrument: instrument, field: "fillFeeCcy")
        let fill = Fill(orderID: VenueLiquidation.placeholderID, ts: lastFillMs ?? updatedMs ?? createdMs, side: side,
                        positionSide: positionSide ?? .net, price: price, quantity: size, fee: fee, liquidity: .taker,
                        reduceOnly: true, tradeID: tradeID)
        return VenueLiquidation(kind: kind, venueOrderID: orderID, fill: fill, lotSize: instrument.lotSize)
    }

    /// This runtime's id for the order: its clOrdId, or for an order a stop placed, the stop's.
    public var runtimeOrderID: ClientOrderID? { ClientOrderID(clientOrderID) ?? ClientOrderID(algoClientOrderID) }

    /// The order as the runtime's reconciliation sees it.
    public func venueOrder(venue: String = "okx") throws(OKXError) -> VenueOrder {
        guard let id = runtimeOrderID else {
            throw OKXError.malformed("clOrdId", "'\(clientOrderID.prefix(40))' is not one of this runtime's order ids")
        }
        let type: OrderType, tif: TimeInForce
        switch orderType {
        case "market":
            (type, tif) = (.market, .gtc)
        case "limit", "post_only", "ioc", "fok", "optimal_limit_ioc":
            guard let price else { throw OKXError.malformed("px", "a \(orderType) order without a price") }
            type = .limit(price)
            tif = orderType == "limit" ? .gtc : orderType == "post_only" ? .postOnly : .ioc
        default:
            throw OKXError.malformed("ordType", "'\(orderType.prefix(30))' is not an order type this runtime places")
        }
        let request = OrderRequest(id: id, side: side, type: type, quantity: size, reduceOnly: reduceOnly,
                                   positionSide: positionSide ?? .net, timeInForce: tif)
        return VenueOrder(request: request, instrument: InstrumentID(venue: venue, symbol: instId), status: state.status,
                          filled: filledSize, createdMs: createdMs)
    }

    /// The fill this `orders` push reports, nil when the update is not a fill.
    public func fill(instrument: Instrument) throws(OKXError) -> Fill? {
        guard !tradeID.isEmpty, let size = lastFillSize, size.raw > 0 else { return nil }
        guard let id = runtimeOrderID else {
            throw OKXError.malformed("clOrdId", "'\(clientOrderID.prefix(40))' is not one of this runtime's order ids")
        }
        guard let price = lastFillPrice else { throw OKXError.malformed("fillPx", "a fill without a price") }
        let fee = try OKXFee.paidInQuote(okxFee: lastFillFee ?? .zero, currency: lastFillFeeCurrency, price: price,
                                         instrument: instrument, field: "fillFeeCcy")
        return Fill(orderID: id, ts: lastFillMs ?? updatedMs ?? createdMs, side: side, positionSide: positionSide ?? .net,
                    price: price, quantity: size, fee: fee, liquidity: execType == "M" ? .maker : .taker,
                    reduceOnly: reduceOnly, tradeID: tradeID)
    }
}

/// OKX's fee sign and currency, turned into the runtime's: OKX writes a fee charged as negative
/// and a rebate as positive, in `feeCcy`; a `Fill` holds the fee paid (negative for a rebate)
/// in quote currency. A spot buy is charged in the base currency, converted at the fill price.
enum OKXFee {
    static func paidInQuote(okxFee: Money, currency: String, price: Price, instrument: Instrument,
                            field: String) throws(OKXError) -> Money {
        let paid = -okxFee
        if currency == instrument.quote || paid.isZero { return paid }
        if currency == instrument.base { return paid.times(price, .halfEven) }
        throw OKXError.malformed(field, "fee in \(currency.prefix(12)), neither \(instrument.base) nor \(instrument.quote)")
    }
}
