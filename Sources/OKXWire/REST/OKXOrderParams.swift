import BotCore

/// `tdMode`: `cash` for spot in a spot account; `cross` or `isolated` for margin and derivatives.
public enum OKXTradeMode: String, Hashable, Sendable, CaseIterable {
    case cash, cross, isolated
}

/// The plain (non-algo) order types this runtime sends.
public enum OKXOrderType: String, Hashable, Sendable, CaseIterable {
    case market, limit
    case postOnly = "post_only"
    case ioc, fok

    public var needsPrice: Bool { self != .market }
}

public enum OKXInstrumentType: String, Hashable, Sendable, CaseIterable, Codable {
    case spot = "SPOT", margin = "MARGIN", swap = "SWAP", futures = "FUTURES", option = "OPTION"
    /// Only for subscriptions (`orders`, `orders-algo`, `positions`).
    case any = "ANY"
}

/// A plain order for `POST /api/v5/trade/order`. Sizes and prices are already rounded to the
/// instrument's lot and tick by the caller; they are written as their exact decimal text.
public struct OKXOrderParams: Hashable, Sendable {
    public var instId: String
    public var tdMode: OKXTradeMode
    public var side: Side
    public var orderType: OKXOrderType
    /// Base currency for spot, contracts for derivatives.
    public var size: Quantity
    public var price: Price?
    public var clientOrderID: String
    /// Sent only when set: hedge mode needs `long`/`short`; spot must not send it.
    public var positionSide: PositionSide?
    public var reduceOnly: Bool
    /// Spot market orders: `sz` is in the base currency (`tgtCcy=base_ccy`). OKX's default for a
    /// market buy is the quote currency, which would buy a number of USDT's worth instead.
    public var sizeInBase: Bool

    public init(instId: String, tdMode: OKXTradeMode, side: Side, orderType: OKXOrderType, size: Quantity, price: Price? = nil,
                clientOrderID: String, positionSide: PositionSide? = nil, reduceOnly: Bool = false, sizeInBase: Bool = false) {
        self.instId = instId
        self.tdMode = tdMode
        self.side = side
        self.orderType = orderType
        self.size = size
        self.price = price
        self.clientOrderID = clientOrderID
        self.positionSide = positionSide
        self.reduceOnly = reduceOnly
        self.sizeInBase = sizeInBase
    }

    /// A strategy's plain order on `instrument`. Stops go to `OKXStopParams`.
    public init(_ request: OrderRequest, instrument: Instrument, tdMode: OKXTradeMode) throws(OKXRequestError) {
        if let quote = request.quoteQuantity {
            throw OKXRequestError(field: "sz", reason: "an order sized in quote (quote_quantity=\(quote)) is not sent to OKX: "
                + "size it in base (spot) or contracts (swaps)")
        }
        let type: OKXOrderType
        switch (request.type, request.timeInForce) {
        case (.market, _): type = .market
        case (.limit, .gtc): type = .limit
        case (.limit, .ioc): type = .ioc
        case (.limit, .postOnly): type = .postOnly
        case (.stopMarket, _), (.stopLimit, _):
            throw OKXRequestError(field: "ordType", reason: "a stop is an algo order (OKXStopParams)")
        }
        let spot = instrument.kind == .spot
        self.init(instId: instrument.id.symbol, tdMode: tdMode, side: request.side, orderType: type, size: request.quantity,
                  price: request.type.limitPrice, clientOrderID: request.id.description,
                  positionSide: spot || request.positionSide == .net ? nil : request.positionSide,
                  reduceOnly: request.reduceOnly, sizeInBase: spot && type == .market)
    }
}

/// A stop for `POST /api/v5/trade/order-algo`: a one-way `conditional` order on its stop-loss
/// leg, which fires when the last price reaches the trigger from the side a stop expects (at or
/// above for a buy, at or below for a sell), then sends a market order (`slOrdPx` = -1) or a
/// limit order at `limitPrice`.
public struct OKXStopParams: Hashable, Sendable {
    public var instId: String
    public var tdMode: OKXTradeMode
    public var side: Side
    public var size: Quantity
    public var trigger: Price
    /// nil: market on trigger.
    public var limitPrice: Price?
    public var algoClientOrderID: String
    public var positionSide: PositionSide?
    public var reduceOnly: Bool
    public var sizeInBase: Bool

    public init(instId: String, tdMode: OKXTradeMode, side: Side, size: Quantity, trigger: Price, limitPrice: Price? = nil,
                algoClientOrderID: String, positionSide: PositionSide? = nil, reduceOnly: Bool = false, sizeInBase: Bool = false) {
        self.instId = instId
        self.tdMode = tdMode
        self.side = side
        self.size = size
        self.trigger = trigger
        self.limitPrice = limitPrice
        self.algoClientOrderID = algoClientOrderID
        self.positionSide = positionSide
        self.reduceOnly = reduceOnly
        self.sizeInBase = sizeInBase
    }

    public init(_ request: OrderRequest, instrument: Instrument, tdMode: OKXTradeMode) throws(OKXRequestError) {
        guard let trigger = request.type.triggerPrice else {
            throw OKXRequestError(field: "ordType", reason: "only stops are algo orders (OKXOrderParams)")
        }
        let spot = instrument.kind == .spot
        let limit: Price? = if case .stopLimit(_, let p) = request.type { p } else { nil }
        self.init(instId: instrument.id.symbol, tdMode: tdMode, side: request.side, size: request.quantity, trigger: trigger,
                  limitPrice: limit, algoClientOrderID: request.id.description,
                  positionSide: spot || request.positionSide == .net ? nil : request.positionSide,
                  reduceOnly: request.reduceOnly, sizeInBase: spot && limit == nil)
    }
}

/// Which order a cancel, amend or query means: ours by client id, or the venue's id.
public enum OKXOrderRef: Hashable, Sendable {
    case client(String)
    case venue(String)

    public init(_ id: ClientOrderID) { self = .client(id.description) }

    func add(to body: inout OKXJSONBody, clientKey: String, venueKey: String) throws(OKXRequestError) {
        switch self {
        case .client(let s):
            try OKXCheck.clientID(s, field: clientKey)
            body.add(clientKey, s)
        case .venue(let s):
            guard !s.isEmpty, s.utf8.allSatisfy({ (48...57).contains($0) }) else {
                throw OKXRequestError(field: venueKey, reason: "'\(s.prefix(40))' is not an order id")
            }
            body.add(venueKey, s)
        }
    }
}
