import BotCore

public enum BinanceTimeInForce: String, Hashable, Sendable, CaseIterable, Codable {
    case gtc = "GTC", ioc = "IOC", fok = "FOK"
}

/// How much of the order the answer to a placement carries: ids only, the order's state, or
/// the state and its fills.
public enum BinanceOrderResponseType: String, Hashable, Sendable, CaseIterable {
    case ack = "ACK", result = "RESULT", full = "FULL"
}

/// The order types this runtime places, each with exactly the parameters Binance requires
/// for it, so a LIMIT without a price cannot be built.
public enum BinanceOrderKind: Hashable, Sendable {
    case limit(price: Price, quantity: Quantity, timeInForce: BinanceTimeInForce)
    /// A quantity of the base asset.
    case market(quantity: Quantity)
    /// A market order that spends (buy) or receives (sell) this much of the quote asset
    /// (`quoteOrderQty`); the symbol must allow it (`quoteOrderQtyMarketAllowed`).
    case marketQuote(quoteQuantity: Money)
    /// Post-only: refused (-2010) rather than taking liquidity.
    case limitMaker(price: Price, quantity: Quantity)
    /// A market order once the last price reaches `stopPrice`.
    case stopLoss(stopPrice: Price, quantity: Quantity)
    /// A limit order at `price` once the last price reaches `stopPrice`.
    case stopLossLimit(stopPrice: Price, price: Price, quantity: Quantity, timeInForce: BinanceTimeInForce)

    /// Binance's `type`.
    public var typeName: String {
        switch self {
        case .limit: "LIMIT"
        case .market, .marketQuote: "MARKET"
        case .limitMaker: "LIMIT_MAKER"
        case .stopLoss: "STOP_LOSS"
        case .stopLossLimit: "STOP_LOSS_LIMIT"
        }
    }
}

/// A new order for `POST /api/v3/order`. Sizes and prices are already rounded to the symbol's
/// step and tick by the caller; they are written as their exact decimal text.
public struct BinanceOrderParams: Hashable, Sendable {
    public var symbol: String
    public var side: Side
    public var kind: BinanceOrderKind
    /// `newClientOrderId`; nil lets Binance make one (the runtime always sends its own).
    public var clientOrderID: String?
    /// nil leaves Binance's default (FULL for MARKET and LIMIT, ACK for the others).
    public var responseType: BinanceOrderResponseType?

    public init(symbol: String, side: Side, kind: BinanceOrderKind, clientOrderID: String? = nil,
                responseType: BinanceOrderResponseType? = .full) {
        self.symbol = symbol
        self.side = side
        self.kind = kind
        self.clientOrderID = clientOrderID
        self.responseType = responseType
    }

    /// A strategy's order on a spot `instrument`, answered in FULL. Spot has no position
    /// sides and nothing to reduce: a reduce-only sell is a plain sell (selling more than is
    /// held fails on the balance).
    public init(_ request: OrderRequest, instrument: Instrument) throws(BinanceRequestError) {
        guard instrument.kind == .spot else {
            throw BinanceRequestError(field: "symbol", reason: "\(instrument.id) is not spot: BinanceWire trades spot only")
        }
        guard request.positionSide == .net else {
            throw BinanceRequestError(field: "positionSide", reason: "spot has no \(request.positionSide.rawValue) leg")
        }
        if request.quoteQuantity != nil, request.type != .market {
            throw BinanceRequestError(field: "quoteOrderQty", reason: "only a MARKET order is sized in quote, not a \(request.type.name) order")
        }
        let q = request.quantity
        let kind: BinanceOrderKind
        switch (request.type, request.timeInForce) {
        case (.market, _) where request.quoteQuantity != nil:
            // Binance takes at most 8 decimals of an asset; down, never spending more than asked.
            kind = .marketQuote(quoteQuantity: request.quoteQuantity!.rounded(toMultipleOf: Money(raw: 10), .down))
        case (.market, _): kind = .market(quantity: q)
        case (.limit(let p), .gtc): kind = .limit(price: p, quantity: q, timeInForce: .gtc)
        case (.limit(let p), .ioc): kind = .limit(price: p, quantity: q, timeInForce: .ioc)
        case (.limit(let p), .postOnly): kind = .limitMaker(price: p, quantity: q)
        case (.stopMarket(let t), _): kind = .stopLoss(stopPrice: t, quantity: q)
        case (.stopLimit(let t, let p), let tif):
            guard tif != .postOnly else { throw BinanceRequestError(field: "timeInForce", reason: "a stop-limit cannot be post-only") }
            kind = .stopLossLimit(stopPrice: t, price: p, quantity: q, timeInForce: tif == .ioc ? .ioc : .gtc)
        }
        self.init(symbol: instrument.id.symbol, side: request.side, kind: kind, clientOrderID: request.id.description)
    }
}

/// Which order a cancel or a query means: ours by client id, or Binance's order id.
public enum BinanceOrderRef: Hashable, Sendable {
    case client(String)
    case venue(Int64)

    public init(_ id: ClientOrderID) { self = .client(id.description) }

    func add(to q: inout BinanceQuery) throws(BinanceRequestError) {
        switch self {
        case .client(let s):
            try BinanceCheck.clientOrderID(s, field: "origClientOrderId")
            q.add("origClientOrderId", s)
        case .venue(let id):
            try BinanceCheck.id(id, field: "orderId")
            q.add("orderId", id)
        }
    }
}
