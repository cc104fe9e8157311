import BotCore

/// The REST calls the runtime makes, as values, each with its documented weight. Each checks
/// its arguments first (symbol, client ids, positive sizes and prices, ranges) so that a
/// mistake is named here rather than coming back as -1100 or -1102.
public enum BinanceRest {
    /// `POST /api/v3/order`. Parameters go in the order of Binance's own example (symbol,
    /// side, type, timeInForce, quantity, price), then stopPrice, newClientOrderId and
    /// newOrderRespType; so that example, built from parameters, signs to vector B1.
    public static func placeOrder(_ o: BinanceOrderParams) throws(BinanceRequestError) -> BinanceRequest {
        try BinanceCheck.symbol(o.symbol)
        if let id = o.clientOrderID { try BinanceCheck.clientOrderID(id, field: "newClientOrderId") }
        var q = BinanceQuery()
        q.add("symbol", o.symbol)
        q.add("side", o.side == .buy ? "BUY" : "SELL")
        q.add("type", o.kind.typeName)
        switch o.kind {
        case .limit(let price, let quantity, let tif):
            try BinanceCheck.positive(quantity, field: "quantity")
            try BinanceCheck.positive(price, field: "price")
            q.add("timeInForce", tif.rawValue)
            q.add("quantity", quantity.description)
            q.add("price", price.description)
        case .market(let quantity):
            try BinanceCheck.positive(quantity, field: "quantity")
            q.add("quantity", quantity.description)
        case .marketQuote(let quote):
            try BinanceCheck.positive(quote, field: "quoteOrderQty")
            q.add("quoteOrderQty", quote.description)
        case .limitMaker(let price, let quantity):
            try BinanceCheck.positive(quantity, field: "quantity")
            try BinanceCheck.positive(price, field: "price")
            q.add("quantity", quantity.description)
            q.add("price", price.description)
        case .stopLoss(let stop, let quantity):
            try BinanceCheck.positive(quantity, field: "quantity")
            try BinanceCheck.positive(stop, field: "stopPrice")
            q.add("quantity", quantity.description)
            q.add("stopPrice", stop.description)
        case .stopLossLimit(let stop, let price, let quantity, let tif):
            try BinanceCheck.positive(quantity, field: "quantity")
            try BinanceCheck.positive(price, field: "price")
            try BinanceCheck.positive(stop, field: "stopPrice")
            q.add("timeInForce", tif.rawValue)
            q.add("quantity", quantity.description)
            q.add("price", price.description)
            q.add("stopPrice", stop.description)
        }
        q.add("newClientOrderId", o.clientOrderID)
        q.add("newOrderRespType", o.responseType?.rawValue)
        return BinanceRequest(.post, "/api/v3/order", query: q, security: .signed, weight: 1, countsAsOrder: true,
                              endpoint: .placeOrder)
    }

    /// `DELETE /api/v3/order`. Cancelling an order Binance does not know is -2011 "Unknown
    /// order sent."; `newClientOrderID` names the cancellation itself (executionReport's `c`,
    /// the order's own id then being `C`).
    public static func cancelOrder(symbol: String, _ order: BinanceOrderRef,
                                   newClientOrderID: String? = nil) throws(BinanceRequestError) -> BinanceRequest {
        try BinanceCheck.symbol(symbol)
        if let id = newClientOrderID { try BinanceCheck.clientOrderID(id, field: "newClientOrderId") }
        var q = BinanceQuery()
        q.add("symbol", symbol)
        try order.add(to: &q)
        q.add("newClientOrderId", newClientOrderID)
        return BinanceRequest(.delete, "/api/v3/order", query: q, security: .signed, weight: 1, endpoint: .cancelOrder)
    }

    /// `GET /api/v3/order`: one order, open or not (-2013 "Order does not exist." when
    /// Binance has none by that id).
    public static func order(symbol: String, _ order: BinanceOrderRef) throws(BinanceRequestError) -> BinanceRequest {
        try BinanceCheck.symbol(symbol)
        var q = BinanceQuery()
        q.add("symbol", symbol)
        try order.add(to: &q)
        return BinanceRequest(.get, "/api/v3/order", query: q, security: .signed, weight: 4)
    }

    /// `GET /api/v3/openOrders`: one symbol's open orders (weight 6), or every symbol's (80).
    public static func openOrders(symbol: String? = nil) throws(BinanceRequestError) -> BinanceRequest {
        var q = BinanceQuery()
        if let symbol {
            try BinanceCheck.symbol(symbol)
            q.add("symbol", symbol)
        }
        return BinanceRequest(.get, "/api/v3/openOrders", query: q, security: .signed, weight: symbol == nil ? 80 : 6)
    }
}
