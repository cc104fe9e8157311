/// Which leg of a hedge-mode account an order or position belongs to; `net` in one-way mode.
public enum PositionSide: String, Sendable, Codable, Hashable, CaseIterable {
    case net, long, short
}

public enum OrderType: Hashable, Sendable, Codable {
    case market
    case limit(Price)
    /// A stop that becomes a market order when the last trade crosses `trigger`
    /// (at or above for a buy, at or below for a sell).
    case stopMarket(trigger: Price)
    /// A stop that becomes a limit order at `price` when `trigger` is crossed.
    case stopLimit(trigger: Price, price: Price)

    public var limitPrice: Price? {
        switch self {
        case .limit(let p), .stopLimit(_, let p): p
        default: nil
        }
    }
    /// The type's name as the record and the messages write it.
    public var name: String {
        switch self {
        case .market: "market"
        case .limit: "limit"
        case .stopMarket: "stop_market"
        case .stopLimit: "stop_limit"
        }
    }
    public var triggerPrice: Price? {
        switch self {
        case .stopMarket(let t), .stopLimit(let t, _): t
        default: nil
        }
    }

    /// The order type after an amendment to `price`: a limit's or stop-limit's limit price, a
    /// stop-market's trigger. A market order has no price to amend.
    public func amended(price p: Price) -> OrderType {
        switch self {
        case .limit: .limit(p)
        case .stopLimit(let t, _): .stopLimit(trigger: t, price: p)
        case .stopMarket: .stopMarket(trigger: p)
        case .market: .market
        }
    }
}

public enum TimeInForce: String, Sendable, Codable, Hashable {
    case gtc, ioc, postOnly
}

/// What a strategy asks for. Amounts are fixed-point; before the order leaves, RiskGuard rounds
/// the size to the lot with `quantityRounding` (toward zero unless stated: never more than
/// asked) and the prices to the tick with `priceRounding` (by default the passive side: a buy
/// rounds down, a sell up, so a limit never pays more than the strategy allowed).
public struct OrderRequest: Hashable, Sendable, Codable {
    public var id: ClientOrderID
    public var side: Side
    public var type: OrderType
    public var quantity: Quantity
    public var reduceOnly: Bool
    public var positionSide: PositionSide
    public var timeInForce: TimeInForce
    public var priceRounding: RoundingRule
    public var quantityRounding: RoundingRule
    /// A market order sized in the quote currency: spend (a buy) or take in (a sell) this much,
    /// the venue working out the base quantity as it fills (Binance's `quoteOrderQty`). Then
    /// `quantity` is only what the runtime reserves against until the fills tell (RiskGuard
    /// works it out at the reference price) and never reaches the venue; the order ends when
    /// the venue says so (`OrderEvent.completed`), not when its fills reach `quantity`. A venue
    /// that cannot size an order in quote refuses it, naming this field.
    public var quoteQuantity: Money?

    public init(id: ClientOrderID, side: Side, type: OrderType, quantity: Quantity, reduceOnly: Bool = false,
                positionSide: PositionSide = .net, timeInForce: TimeInForce = .gtc,
                priceRounding: RoundingRule? = nil, quantityRounding: RoundingRule = .towardZero, quoteQuantity: Money? = nil) {
        self.id = id
        self.side = side
        self.type = type
        self.quantity = quantity
        self.reduceOnly = reduceOnly
        self.positionSide = positionSide
        self.timeInForce = timeInForce
        self.priceRounding = priceRounding ?? (side == .buy ? .down : .up)
        self.quantityRounding = quantityRounding
        self.quoteQuantity = quoteQuantity
    }

    /// A market order that spends (a buy) or takes in (a sell) `quote` of the quote currency.
    public static func marketQuote(id: ClientOrderID, side: Side, quote: Money, positionSide: PositionSide = .net) -> OrderRequest {
        OrderRequest(id: id, side: side, type: .market, quantity: .zero, positionSide: positionSide, quoteQuantity: quote)
    }
}

public enum OrderStatus: String, Sendable, Codable, Hashable {
    /// Persisted and handed to the venue, no answer yet (a timeout stays here until reconciled).
    case pendingNew
    case accepted
    case partiallyFilled
    case filled
    case cancelled
    case rejected
    case expired

    public var isOpen: Bool { self == .pendingNew || self == .accepted || self == .partiallyFilled }
}

public enum Liquidity: String, Sendable, Codable, Hashable { case maker, taker }

/// One execution of (part of) an order.
public struct Fill: Hashable, Sendable, Codable {
    public var orderID: ClientOrderID
    public var ts: Int64
    public var side: Side
    public var positionSide: PositionSide
    public var price: Price
    public var quantity: Quantity
    /// Fee paid, in quote currency (negative for a rebate).
    public var fee: Money
    public var liquidity: Liquidity
    public var reduceOnly: Bool
    /// The venue's id of this execution: with the order's id, what makes a fill reported twice
    /// (by a REST answer and a stream, or again after a restart) recognisable as one.
    public var tradeID: String?
    /// The part of the fee the venue took in the base asset (Binance charges a spot buy's fee
    /// in what it bought): the holder gets that much less than `quantity`. `fee` is its cost in
    /// quote currency all the same. Nil when the fee is not in base.
    public var baseFee: Quantity?

    public init(orderID: ClientOrderID, ts: Int64, side: Side, positionSide: PositionSide, price: Price,
                quantity: Quantity, fee: Money, liquidity: Liquidity, reduceOnly: Bool = false, tradeID: String? = nil,
                baseFee: Quantity? = nil) {
        self.orderID = orderID
        self.ts = ts
        self.side = side
        self.positionSide = positionSide
        self.price = price
        self.quantity = quantity
        self.fee = fee
        self.liquidity = liquidity
        self.reduceOnly = reduceOnly
        self.tradeID = tradeID
        self.baseFee = baseFee
    }

    /// The base quantity the fill moved for its holder, signed (buys add): a buy brings its
    /// quantity less a fee taken in base, a sell takes its quantity plus one.
    public var heldChange: Quantity {
        let fee = baseFee ?? .zero
        return side == .buy ? quantity - fee : -(quantity + fee)
    }
}
