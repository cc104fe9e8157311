import BotCore

extension OKXRest {
    /// `POST /api/v5/trade/order-algo` with `ordType` `conditional`: the stop rides on the
    /// stop-loss leg (`slTriggerPx`, `slOrdPx`), triggered by the last price; `slOrdPx` -1 is
    /// OKX's "market on trigger".
    public static func placeStop(_ s: OKXStopParams) throws(OKXRequestError) -> OKXRequest {
        try OKXCheck.instId(s.instId)
        try OKXCheck.clientID(s.algoClientOrderID, field: "algoClOrdId")
        try OKXCheck.positive(s.size, field: "sz")
        try OKXCheck.positive(s.trigger, field: "slTriggerPx")
        if let p = s.limitPrice { try OKXCheck.positive(p, field: "slOrdPx") }
        if s.sizeInBase && s.limitPrice != nil {
            throw OKXRequestError(field: "tgtCcy", reason: "only a market stop chooses the size's currency")
        }
        var b = OKXJSONBody()
        b.add("instId", s.instId)
        b.add("tdMode", s.tdMode.rawValue)
        b.add("side", s.side.rawValue)
        b.add("ordType", "conditional")
        b.add("sz", s.size)
        b.add("algoClOrdId", s.algoClientOrderID)
        b.add("slTriggerPx", s.trigger)
        b.add("slOrdPx", s.limitPrice?.description ?? "-1")
        b.add("slTriggerPxType", "last")
        b.add("posSide", s.positionSide?.rawValue)
        if s.reduceOnly { b.add("reduceOnly", true) }
        if s.sizeInBase { b.add("tgtCcy", "base_ccy") }
        return OKXRequest(.post, "/api/v5/trade/order-algo", body: b.bytes, endpoint: .placeOrder)
    }

    /// `POST /api/v5/trade/cancel-algos`: up to 10 algo orders, each by instrument and our id.
    public static func cancelStops(_ orders: [(instId: String, algoClientOrderID: String)]) throws(OKXRequestError) -> OKXRequest {
        guard (1...10).contains(orders.count) else {
            throw OKXRequestError(field: "algoClOrdId", reason: "cancel 1 to 10 algo orders at a time, not \(orders.count)")
        }
        var items: [OKXJSONBody] = []
        for o in orders {
            try OKXCheck.instId(o.instId)
            try OKXCheck.clientID(o.algoClientOrderID, field: "algoClOrdId")
            var b = OKXJSONBody()
            b.add("instId", o.instId)
            b.add("algoClOrdId", o.algoClientOrderID)
            items.append(b)
        }
        return OKXRequest(.post, "/api/v5/trade/cancel-algos", body: OKXJSONBody.array(items), endpoint: .cancelOrder)
    }

    /// `GET /api/v5/trade/orders-algo-pending` for `conditional` orders: stops not yet
    /// triggered, optionally one by our id.
    public static func pendingStops(instType: OKXInstrumentType? = nil, instId: String? = nil,
                                    algoClientOrderID: String? = nil, after: String? = nil,
                                    limit: Int? = nil) throws(OKXRequestError) -> OKXRequest {
        if let instId { try OKXCheck.instId(instId) }
        if let algoClientOrderID { try OKXCheck.clientID(algoClientOrderID, field: "algoClOrdId") }
        try OKXCheck.limit(limit, max: 100)
        var q = OKXQuery()
        q.add("ordType", "conditional")
        q.add("algoClOrdId", algoClientOrderID)
        q.add("instType", instType?.rawValue)
        q.add("instId", instId)
        q.add("after", after)
        q.add("limit", limit)
        return OKXRequest(.get, "/api/v5/trade/orders-algo-pending", query: q)
    }

    /// `GET /api/v5/trade/order-algo`: one algo order by our id, whatever its state
    /// (a triggered or canceled stop no longer shows as pending).
    public static func stop(algoClientOrderID: String) throws(OKXRequestError) -> OKXRequest {
        try OKXCheck.clientID(algoClientOrderID, field: "algoClOrdId")
        var q = OKXQuery()
        q.add("algoClOrdId", algoClientOrderID)
        return OKXRequest(.get, "/api/v5/trade/order-algo", query: q)
    }
}
