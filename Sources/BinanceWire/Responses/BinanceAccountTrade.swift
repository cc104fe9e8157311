import BotCore

/// One execution of the account, from `GET /api/v3/myTrades`. It names Binance's order id,
/// not the client's: the caller maps it to the runtime's order.
public struct BinanceAccountTrade: Hashable, Sendable, Decodable {
    public var symbol: String
    public var tradeID: Int64
    public var orderID: Int64
    public var orderListID: Int64
    public var price: Price
    public var quantity: Quantity
    public var quoteQuantity: Money
    public var commission: BinanceCommission
    public var timeMs: Int64
    public var isBuyer: Bool
    public var isMaker: Bool

    enum CodingKeys: String, CodingKey {
        case symbol, id, orderId, orderListId, price, qty, quoteQty, commission, commissionAsset, time, isBuyer, isMaker
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        symbol = try c.decode(String.self, forKey: .symbol)
        tradeID = try c.decode(Int64.self, forKey: .id)
        orderID = try c.decode(Int64.self, forKey: .orderId)
        orderListID = try c.decodeIfPresent(Int64.self, forKey: .orderListId) ?? -1
        price = try c.decimal(.price)
        quantity = try c.decimal(.qty)
        quoteQuantity = try c.decimalIfPresent(.quoteQty) ?? .zero
        commission = BinanceCommission(amount: try c.decimal(.commission), asset: try c.text(.commissionAsset))
        timeMs = try c.decode(Int64.self, forKey: .time)
        isBuyer = try c.decode(Bool.self, forKey: .isBuyer)
        isMaker = try c.decode(Bool.self, forKey: .isMaker)
    }

    public var side: Side { isBuyer ? .buy : .sell }

    /// The runtime's fill for the order the caller knows as `orderID`; a commission in a third
    /// asset (BNB) is converted at `thirdAssetPrice` (its price in quote), or booked as zero.
    public func fill(instrument: Instrument, orderID id: ClientOrderID, thirdAssetPrice: Price? = nil) throws(BinanceError) -> Fill {
        let fee = try commission.feeForFill(price: price, instrument: instrument, thirdAssetPrice: thirdAssetPrice, field: "commission")
        return Fill(orderID: id, ts: timeMs, side: side, positionSide: .net, price: price, quantity: quantity, fee: fee,
                    liquidity: isMaker ? .maker : .taker, tradeID: String(tradeID), baseFee: commission.inBase(instrument))
    }
}
