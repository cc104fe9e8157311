import BotCore

/// The REST calls the runtime makes, as values. Each checks its arguments first (client ids,
/// positive sizes and prices, a price where the order type needs one) so that a mistake is
/// named here rather than coming back as OKX's 51000 "Parameter error".
public enum OKXRest {
    /// `POST /api/v5/trade/order`. The body lists its keys in the docs' order, so the docs'
    /// example order signs to test vector O2.
    public static func placeOrder(_ o: OKXOrderParams) throws(OKXRequestError) -> OKXRequest {
        try OKXCheck.instId(o.instId)
        try OKXCheck.clientID(o.clientOrderID, field: "clOrdId")
        try OKXCheck.positive(o.size, field: "sz")
        if o.orderType.needsPrice {
            guard let px = o.price else { throw OKXRequestError(field: "px", reason: "a \(o.orderType.rawValue) order needs a price") }
            try OKXCheck.positive(px, field: "px")
        } else if o.price != nil {
            throw OKXRequestError(field: "px", reason: "a market order takes no price")
        }
        if o.sizeInBase && o.orderType != .market {
            throw OKXRequestError(field: "tgtCcy", reason: "only market orders choose the size's currency")
        }
        var b = OKXJSONBody()
        b.add("instId", o.instId)
        b.add("tdMode", o.tdMode.rawValue)
        b.add("clOrdId", o.clientOrderID)
        b.add("side", o.side.rawValue)
        b.add("ordType", o.orderType.rawValue)
        b.add("px", o.price)
        b.add("sz", o.size)
        b.add("posSide", o.positionSide?.rawValue)
        if o.reduceOnly { b.add("reduceOnly", true) }
        if o.sizeInBase { b.add("tgtCcy", "base_ccy") }
        return OKXRequest(.post, "/api/v5/trade/order", body: b.bytes, endpoint: .placeOrder, acceptsExpiry: true)
    }

    /// `POST /api/v5/trade/cancel-order`. OKX's `sCode` 0 only says the cancel was accepted:
    /// the order is gone when the orders channel or a query says `canceled`.
    public static func cancelOrder(instId: String, _ order: OKXOrderRef) throws(OKXRequestError) -> OKXRequest {
        try OKXCheck.instId(instId)
        var b = OKXJSONBody()
        b.add("instId", instId)
        try order.add(to: &b, clientKey: "clOrdId", venueKey: "ordId")
        return OKXRequest(.post, "/api/v5/trade/cancel-order", body: b.bytes, endpoint: .cancelOrder)
    }

    /// `POST /api/v5/trade/amend-order`: a new price and/or size (the size is the order's whole
    /// new size, filled part included). `cancelOnFail` asks OKX to cancel the order if the
    /// amendment fails; `requestID` (letters and digits) comes back in the answer.
    public static func amendOrder(instId: String, _ order: OKXOrderRef, newPrice: Price?, newSize: Quantity?,
                                  cancelOnFail: Bool = false, requestID: String? = nil) throws(OKXRequestError) -> OKXRequest {
        try OKXCheck.instId(instId)
        guard newPrice != nil || newSize != nil else {
            throw OKXRequestError(field: "newPx", reason: "an amendment needs a new price or a new size")
        }
        if let newPrice { try OKXCheck.positive(newPrice, field: "newPx") }
        if let newSize { try OKXCheck.positive(newSize, field: "newSz") }
        if let requestID { try OKXCheck.clientID(requestID, field: "reqId") }
        var b = OKXJSONBody()
        b.add("instId", instId)
        try order.add(to: &b, clientKey: "clOrdId", venueKey: "ordId")
        if cancelOnFail { b.add("cxlOnFail", true) }
        b.add("reqId", requestID)
        b.add("newSz", newSize)
        b.add("newPx", newPrice)
        return OKXRequest(.post, "/api/v5/trade/amend-order", body: b.bytes, endpoint: .amendOrder, acceptsExpiry: true)
    }

    /// `GET /api/v5/trade/order`: one order, by our id or OKX's.
    public static func order(instId: String, _ order: OKXOrderRef) throws(OKXRequestError) -> OKXRequest {
        try OKXCheck.instId(instId)
        var q = OKXQuery()
        q.add("instId", instId)
        switch order {
        case .client(let s):
            try OKXCheck.clientID(s, field: "clOrdId")
            q.add("clOrdId", s)
        case .venue(let s):
            q.add("ordId", s)
        }
        return OKXRequest(.get, "/api/v5/trade/order", query: q)
    }

    /// `GET /api/v5/trade/orders-pending`: live and partially filled orders, newest first,
    /// at most `limit` (≤ 100) a page; `after` (an ordId) pages to older ones.
    public static func pendingOrders(instType: OKXInstrumentType? = nil, instId: String? = nil, after: String? = nil,
                                     limit: Int? = nil) throws(OKXRequestError) -> OKXRequest {
        if let instId { try OKXCheck.instId(instId) }
        try OKXCheck.limit(limit, max: 100)
        var q = OKXQuery()
        q.add("instType", instType?.rawValue)
        q.add("instId", instId)
        q.add("after", after)
        q.add("limit", limit)
        return OKXRequest(.get, "/api/v5/trade/orders-pending", query: q)
    }

    /// `GET /api/v5/trade/orders-history`: finished orders of the last 7 days, newest first, a
    /// page of at most `limit` (≤ 100); `after` an order id gives older ones. It has what
    /// `trade/order` no longer keeps (an order cancelled unfilled, after 2 hours).
    public static func ordersHistory(instType: OKXInstrumentType, instId: String? = nil, category: String? = nil,
                                     after: String? = nil, limit: Int? = nil) throws(OKXRequestError) -> OKXRequest {
        guard instType != .any else { throw OKXRequestError(field: "instType", reason: "ANY is only for subscriptions") }
        if let instId { try OKXCheck.instId(instId) }
        try OKXCheck.limit(limit, max: 100)
        var q = OKXQuery()
        q.add("instType", instType.rawValue)
        q.add("instId", instId)
        q.add("category", category)
        q.add("after", after)
        q.add("limit", limit)
        return OKXRequest(.get, "/api/v5/trade/orders-history", query: q)
    }

    /// `GET /api/v5/trade/fills`: executions of the last 3 days, newest first, a page of at
    /// most `limit` (≤ 100). Paging is by `billId`: `after` gives older bills than it, `before`
    /// newer; `begin`/`end` bound `ts` (epoch ms).
    public static func fills(instType: OKXInstrumentType? = nil, instId: String? = nil, orderID: String? = nil,
                             after: String? = nil, before: String? = nil, begin: Int64? = nil, end: Int64? = nil,
                             limit: Int? = nil) throws(OKXRequestError) -> OKXRequest {
        if let instId { try OKXCheck.instId(instId) }
        try OKXCheck.limit(limit, max: 100)
        var q = OKXQuery()
        q.add("instType", instType?.rawValue)
        q.add("instId", instId)
        q.add("ordId", orderID)
        q.add("after", after)
        q.add("before", before)
        q.add("begin", begin)
        q.add("end", end)
        q.add("limit", limit)
        return OKXRequest(.get, "/api/v5/trade/fills", query: q)
    }

    /// `GET /api/v5/trade/fills-history`: executions of the last 3 months (its `instType` is
    /// required), paged as `fills`.
    public static func fillsHistory(instType: OKXInstrumentType, instId: String? = nil, orderID: String? = nil,
                                    after: String? = nil, begin: Int64? = nil, limit: Int? = nil) throws(OKXRequestError) -> OKXRequest {
        guard instType != .any else { throw OKXRequestError(field: "instType", reason: "ANY is only for subscriptions") }
        if let instId { try OKXCheck.instId(instId) }
        try OKXCheck.limit(limit, max: 100)
        var q = OKXQuery()
        q.add("instType", instType.rawValue)
        q.add("instId", instId)
        q.add("ordId", orderID)
        q.add("after", after)
        q.add("begin", begin)
        q.add("limit", limit)
        return OKXRequest(.get, "/api/v5/trade/fills-history", query: q)
    }
}
