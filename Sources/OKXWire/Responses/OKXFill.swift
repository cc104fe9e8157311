import BotCore

/// One execution from `GET /api/v5/trade/fills`.
public struct OKXFill: Hashable, Sendable, Decodable {
    public var instType: String
    public var instId: String
    public var tradeID: String
    public var orderID: String
    public var clientOrderID: String
    /// The bill: what `after`/`before` page by.
    public var billID: String
    public var side: Side
    public var positionSide: PositionSide?
    public var price: Price
    public var size: Quantity
    /// OKX's sign: negative is a fee charged, positive a rebate.
    public var fee: Money
    public var feeCurrency: String
    /// "T" taker, "M" maker; "" for system orders (liquidation, ADL).
    public var execType: String
    /// When OKX generated the record (ms).
    public var ts: Int64
    /// When it traded (ms), if given.
    public var fillMs: Int64?
    /// The bill's subtype: what kind of execution it was (buy, sell, liquidation, ADL, …).
    public var subType: String

    enum CodingKeys: String, CodingKey {
        case instType, instId, tradeId, ordId, clOrdId, billId, side, posSide, fillPx, fillSz, fee, feeCcy, execType, ts, fillTime
        case subType
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        instType = try c.text(.instType)
        instId = try c.decode(String.self, forKey: .instId)
        tradeID = try c.decode(String.self, forKey: .tradeId)
        orderID = try c.text(.ordId)
        clientOrderID = try c.text(.clOrdId)
        billID = try c.text(.billId)
        side = try c.value(.side)
        positionSide = try c.valueIfPresent(.posSide)
        price = try c.decimal(.fillPx)
        size = try c.decimal(.fillSz)
        fee = try c.decimalIfPresent(.fee) ?? .zero
        feeCurrency = try c.text(.feeCcy)
        execType = try c.text(.execType)
        ts = try c.millis(.ts)
        fillMs = try c.millisIfPresent(.fillTime)
        subType = try c.text(.subType)
    }

    /// What closing of a position OKX did itself, by the bill subtype: 100–103 partial
    /// liquidation, 104–107 liquidation, 125–128 auto-deleveraging (docs-v5, Get bills details).
    public var liquidationKind: VenueLiquidation.Kind? {
        switch subType {
        case "100", "101", "102", "103": .partial
        case "104", "105", "106", "107": .full
        case "125", "126", "127", "128": .autoDeleverage
        default: nil
        }
    }

    /// This execution as a liquidation of the account's leg; nil when it is not one.
    public func liquidation(instrument: Instrument) throws(OKXError) -> VenueLiquidation? {
        guard let kind = liquidationKind else { return nil }
        let paid = try OKXFee.paidInQuote(okxFee: fee, currency: feeCurrency, price: price, instrument: instrument, field: "feeCcy")
        let fill = Fill(orderID: VenueLiquidation.placeholderID, ts: fillMs ?? ts, side: side, positionSide: positionSide ?? .net,
                        price: price, quantity: size, fee: paid, liquidity: .taker, reduceOnly: true, tradeID: tradeID)
        return VenueLiquidation(kind: kind, venueOrderID: orderID, fill: fill, lotSize: instrument.lotSize)
    }

    public var runtimeOrderID: ClientOrderID? { ClientOrderID(clientOrderID) }

    /// The runtime's fill: the fee as paid in quote currency, maker or taker from `execType`.
    /// `orderID`: the runtime's id when the fill's order has no client id of its own (the order
    /// a stop placed when it triggered is known by the stop's).
    public func fill(instrument: Instrument, orderID: ClientOrderID? = nil) throws(OKXError) -> Fill {
        guard let id = runtimeOrderID ?? orderID else {
            throw OKXError.malformed("clOrdId", "'\(clientOrderID.prefix(40))' is not one of this runtime's order ids")
        }
        let paid = try OKXFee.paidInQuote(okxFee: fee, currency: feeCurrency, price: price, instrument: instrument, field: "feeCcy")
        return Fill(orderID: id, ts: fillMs ?? ts, side: side, positionSide: positionSide ?? .net, price: price, quantity: size,
                    fee: paid, liquidity: execType == "M" ? .maker : .taker, tradeID: tradeID)
    }
}
