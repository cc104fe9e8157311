import BotCore

/// The answer to `POST /api/v3/order`, in the form `newOrderRespType` asked for: ACK (ids
/// only), or RESULT and FULL (the order's state; FULL adds the fills made as it was placed).
public enum BinanceNewOrderAnswer: Hashable, Sendable, Decodable {
    case ack(BinanceOrderAck)
    case result(BinanceOrder)

    enum CodingKeys: String, CodingKey { case status }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self = c.contains(.status) ? .result(try BinanceOrder(from: decoder)) : .ack(try BinanceOrderAck(from: decoder))
    }

    public var orderID: Int64 {
        switch self {
        case .ack(let a): a.orderID
        case .result(let o): o.orderID
        }
    }

    public var clientOrderID: String {
        switch self {
        case .ack(let a): a.clientOrderID
        case .result(let o): o.clientOrderID
        }
    }
}

/// An ACK answer: the ids Binance knows the order by, and when it took it.
public struct BinanceOrderAck: Hashable, Sendable, Decodable {
    public var symbol: String
    public var orderID: Int64
    public var orderListID: Int64
    public var clientOrderID: String
    public var transactMs: Int64

    enum CodingKeys: String, CodingKey { case symbol, orderId, orderListId, clientOrderId, transactTime }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        symbol = try c.decode(String.self, forKey: .symbol)
        orderID = try c.decode(Int64.self, forKey: .orderId)
        orderListID = try c.decodeIfPresent(Int64.self, forKey: .orderListId) ?? -1
        clientOrderID = try c.decode(String.self, forKey: .clientOrderId)
        transactMs = try c.decode(Int64.self, forKey: .transactTime)
    }
}

/// One fill of a FULL answer.
public struct BinanceOrderFill: Hashable, Sendable, Decodable {
    public var price: Price
    public var quantity: Quantity
    public var commission: BinanceCommission
    public var tradeID: Int64

    enum CodingKeys: String, CodingKey { case price, qty, commission, commissionAsset, tradeId }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        price = try c.decimal(.price)
        quantity = try c.decimal(.qty)
        commission = BinanceCommission(amount: try c.decimal(.commission), asset: try c.text(.commissionAsset))
        tradeID = try c.decode(Int64.self, forKey: .tradeId)
    }
}
