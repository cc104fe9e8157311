import BotCore

/// A `POST /api/v3/order` request read and checked as Binance does: mandatory and
/// unexpected parameters, enumerations, number formats, then the symbol's filters. What
/// depends on the account and the book (balance, duplicates, would-take) is the caller's.
struct NewOrder {
    enum ResponseType: String {
        case ack = "ACK", result = "RESULT", full = "FULL"
    }

    var symbol: BinanceFake.Symbol
    var side: Side
    var kind: SpotOrder.Kind
    var timeInForce: String
    var quantity: Quantity?
    var quoteOrderQty: Money?
    var price: Price
    var stopPrice: Price
    var clientOrderId: String?
    var responseType: ResponseType

    static let reads: Set<String> = [
        "symbol", "side", "type", "timeInForce", "quantity", "quoteOrderQty", "price", "newClientOrderId", "stopPrice",
        "newOrderRespType", "selfTradePreventionMode", "strategyId", "strategyType", "icebergQty", "trailingDelta",
    ]

    init(_ p: Params, symbols: [String: BinanceFake.Symbol]) throws(APIError) {
        let name = try p.required("symbol")
        let sideText = try p.required("side")
        let typeText = try p.required("type")
        guard let s = symbols[name] else { throw .badSymbol }
        symbol = s
        switch sideText {
        case "BUY": side = .buy
        case "SELL": side = .sell
        default: throw .badSide
        }
        guard let k = SpotOrder.Kind(rawValue: typeText) else { throw .badOrderType }
        kind = k
        // What the fake does not model is refused, not ignored.
        if let t = p["trailingDelta"], t != "0" { throw .unsupported }
        if let i = p["icebergQty"], Quantity(i) != .zero { throw .unsupported }
        if let m = p["selfTradePreventionMode"], m != "NONE" { throw .unsupported }

        if k.needsTimeInForce {
            let tif = try p.required("timeInForce")
            guard ["GTC", "IOC", "FOK"].contains(tif) else { throw .badTimeInForce }
            timeInForce = tif
        } else {
            if p["timeInForce"] != nil { throw .notRequired("timeInForce") }
            timeInForce = "GTC"
        }
        quantity = try p.decimal("quantity")
        quoteOrderQty = try p.decimal("quoteOrderQty")
        if k == .market {
            if quantity != nil, quoteOrderQty != nil { throw .notRequired("quoteOrderQty") }
            if quantity == nil, quoteOrderQty == nil { throw .mandatory("quantity") }
        } else {
            if quantity == nil { throw .mandatory("quantity") }
            if quoteOrderQty != nil { throw .notRequired("quoteOrderQty") }
        }
        let px: Price? = try p.decimal("price")
        if k.hasPrice {
            guard let px else { throw .mandatory("price") }
            price = px
        } else {
            if px != nil { throw .notRequired("price") }
            price = .zero
        }
        let stop: Price? = try p.decimal("stopPrice")
        if k.isConditional {
            guard let stop else { throw .mandatory("stopPrice") }
            stopPrice = stop
        } else {
            if stop != nil { throw .notRequired("stopPrice") }
            stopPrice = .zero
        }
        if let id = p["newClientOrderId"] {
            guard Self.isValidClientId(id) else { throw .illegalClientId("newClientOrderId") }
            clientOrderId = id
        }
        if let rt = p["newOrderRespType"] {
            guard let t = ResponseType(rawValue: rt) else { throw .invalidValue("newOrderRespType") }
            responseType = t
        } else {
            // FULL for MARKET and LIMIT, ACK for the other types.
            responseType = k == .market || k == .limit ? .full : .ack
        }
        guard s.orderTypes.contains(k.rawValue) else { throw .unsupportedCombination }
        if k == .market, quoteOrderQty != nil, !s.quoteOrderQtyMarketAllowed { throw .quoteQtyNotAllowed }
        guard s.status == "TRADING" else { throw .marketClosed }
        if k.hasPrice { try Self.checkPrice(price, s) }
        if k.isConditional { try Self.checkPrice(stopPrice, s) }
        if let q = quantity { try Self.checkLot(q, s, market: k == .market) }
    }

    /// `^[\.A-Z\:/a-z0-9_-]{1,36}$`.
    static func isValidClientId(_ s: String) -> Bool {
        let u = s.utf8
        return (1...36).contains(u.count) && u.allSatisfy { c in
            (48...57).contains(c) || (65...90).contains(c) || (97...122).contains(c) || c == UInt8(ascii: ".")
                || c == UInt8(ascii: ":") || c == UInt8(ascii: "/") || c == UInt8(ascii: "_") || c == UInt8(ascii: "-")
        }
    }

    /// PRICE_FILTER: within the bounds, on the tick from `minPrice`.
    static func checkPrice(_ px: Price, _ s: BinanceFake.Symbol) throws(APIError) {
        if px.raw <= 0 { throw .filter("PRICE_FILTER") }
        if s.minPrice.raw > 0, px < s.minPrice { throw .filter("PRICE_FILTER") }
        if s.maxPrice.raw > 0, px > s.maxPrice { throw .filter("PRICE_FILTER") }
        if s.tickSize.raw > 0, !(px - s.minPrice).isMultiple(of: s.tickSize) {
            throw .filter("PRICE_FILTER")
        }
    }

    /// LOT_SIZE, and for MARKET orders MARKET_LOT_SIZE too.
    static func checkLot(_ q: Quantity, _ s: BinanceFake.Symbol, market: Bool) throws(APIError) {
        func check(_ min: Quantity, _ max: Quantity, _ step: Quantity, _ name: String) throws(APIError) {
            if q.raw <= 0 || q < min { throw .filter(name) }
            if max.raw > 0, q > max { throw .filter(name) }
            if step.raw > 0, !(q - min).isMultiple(of: step) { throw .filter(name) }
        }
        try check(s.minQty, s.maxQty, s.stepSize, "LOT_SIZE")
        if market { try check(s.marketMinQty, s.marketMaxQty, s.marketStepSize, "MARKET_LOT_SIZE") }
    }

    /// NOTIONAL: price × quantity within bounds; for MARKET orders only as the filter says.
    static func checkNotional(_ notional: Money, _ s: BinanceFake.Symbol, market: Bool) throws(APIError) {
        if (!market || s.applyMinToMarket), notional < s.minNotional { throw .filter("NOTIONAL") }
        if (!market || s.applyMaxToMarket), s.maxNotional.raw > 0, notional > s.maxNotional { throw .filter("NOTIONAL") }
    }
}
