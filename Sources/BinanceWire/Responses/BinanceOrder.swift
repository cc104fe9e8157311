import BotCore

/// An order as Binance reports it: the RESULT and FULL answers to a placement, the answer to a
/// cancel, `GET /api/v3/order` and `GET /api/v3/openOrders`.
public struct BinanceOrder: Hashable, Sendable, Decodable {
    public var symbol: String
    public var orderID: Int64
    /// -1 unless the order belongs to an order list.
    public var orderListID: Int64
    /// The order's client id; on a cancel's answer, the cancellation's own.
    public var clientOrderID: String
    /// A cancel's answer only: the cancelled order's client id.
    public var originalClientOrderID: String?
    /// 0 for a MARKET order.
    public var price: Price
    public var originalQuantity: Quantity
    public var executedQuantity: Quantity
    /// Quote asset spent or received so far; negative for some old orders (unknown).
    public var cumulativeQuoteQuantity: Money
    public var status: BinanceOrderStatus
    /// GTC, IOC or FOK; "" when the answer has none.
    public var timeInForce: String
    public var type: BinanceOrderType
    public var side: Side
    public var stopPrice: Price?
    /// When the order was placed (`time`) or the call handled (`transactTime`), ms.
    public var timeMs: Int64?
    public var updateMs: Int64?
    public var workingMs: Int64?
    public var originalQuoteQuantity: Money?
    /// FULL answers only: the fills made as it was placed.
    public var fills: [BinanceOrderFill]

    enum CodingKeys: String, CodingKey {
        case symbol, orderId, orderListId, clientOrderId, origClientOrderId, price, origQty, executedQty, cummulativeQuoteQty
        case status, timeInForce, type, side, stopPrice, time, transactTime, updateTime, workingTime, origQuoteOrderQty, fills
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        symbol = try c.decode(String.self, forKey: .symbol)
        orderID = try c.decode(Int64.self, forKey: .orderId)
        orderListID = try c.decodeIfPresent(Int64.self, forKey: .orderListId) ?? -1
        clientOrderID = try c.text(.clientOrderId)
        originalClientOrderID = try c.decodeIfPresent(String.self, forKey: .origClientOrderId)
        price = try c.decimalIfPresent(.price) ?? .zero
        originalQuantity = try c.decimal(.origQty)
        executedQuantity = try c.decimal(.executedQty)
        cumulativeQuoteQuantity = try c.decimalIfPresent(.cummulativeQuoteQty) ?? .zero
        status = try c.value(.status)
        timeInForce = try c.text(.timeInForce)
        type = BinanceOrderType(rawValue: try c.decode(String.self, forKey: .type))
        side = try c.side(.side)
        stopPrice = try c.decimalIfPresent(.stopPrice).flatMap { (p: Price) in p.raw > 0 ? p : nil }
        timeMs = try c.decodeIfPresent(Int64.self, forKey: .time) ?? c.decodeIfPresent(Int64.self, forKey: .transactTime)
        updateMs = try c.decodeIfPresent(Int64.self, forKey: .updateTime)
        workingMs = try c.decodeIfPresent(Int64.self, forKey: .workingTime)
        originalQuoteQuantity = try c.decimalIfPresent(.origQuoteOrderQty)
        fills = try c.decodeIfPresent([BinanceOrderFill].self, forKey: .fills) ?? []
    }

    /// This runtime's id for the order: the cancelled order's on a cancel's answer, else its own.
    public var runtimeOrderID: ClientOrderID? { ClientOrderID(originalClientOrderID ?? clientOrderID) }

    /// The order as the runtime's reconciliation sees it.
    public func venueOrder(venue: String = "binance") throws(BinanceError) -> VenueOrder {
        guard let id = runtimeOrderID else {
            let field = originalClientOrderID == nil ? "clientOrderId" : "origClientOrderId"
            throw BinanceError.malformed(field, "'\((originalClientOrderID ?? clientOrderID).prefix(40))' is not one of this runtime's order ids")
        }
        guard let (orderType, tif) = type.runtime(price: price, stopPrice: stopPrice, timeInForce: timeInForce) else {
            throw BinanceError.malformed("type", "'\(type.rawValue.prefix(30))' is not an order type this runtime places")
        }
        // A MARKET order sized in quote says so by its origQuoteOrderQty (0 otherwise).
        let quote = originalQuoteQuantity.flatMap { $0.raw > 0 && orderType == .market ? $0 : nil }
        let request = OrderRequest(id: id, side: side, type: orderType, quantity: originalQuantity, timeInForce: tif, quoteQuantity: quote)
        return VenueOrder(request: request, instrument: InstrumentID(venue: venue, symbol: symbol), status: status.status,
                          filled: executedQuantity, createdMs: timeMs)
    }

    /// The fills of a FULL answer as the runtime's, all taker (they matched as the order
    /// arrived). A commission in a third asset (BNB) is converted at `thirdAssetPrice` (its
    /// price in the quote currency), or booked as zero: `fills` keeps it as charged.
    public func runtimeFills(instrument: Instrument, thirdAssetPrice: Price? = nil) throws(BinanceError) -> [Fill] {
        guard !fills.isEmpty else { return [] }
        guard let id = runtimeOrderID else {
            throw BinanceError.malformed("clientOrderId", "'\(clientOrderID.prefix(40))' is not one of this runtime's order ids")
        }
        var out: [Fill] = []
        for f in fills {
            let fee = try f.commission.feeForFill(price: f.price, instrument: instrument, thirdAssetPrice: thirdAssetPrice,
                                                  field: "fills[\(out.count)].commission")
            out.append(Fill(orderID: id, ts: timeMs ?? updateMs ?? 0, side: side, positionSide: .net, price: f.price,
                            quantity: f.quantity, fee: fee, liquidity: .taker, tradeID: String(f.tradeID),
                            baseFee: f.commission.inBase(instrument)))
        }
        return out
    }
}
