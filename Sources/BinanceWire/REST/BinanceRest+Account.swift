import BotCore

extension BinanceRest {
    /// `GET /api/v3/account`: balances, commission rates, what the account may do. Weight 20.
    /// `omitZeroBalances` leaves out the assets with nothing free or locked.
    public static func account(omitZeroBalances: Bool = false) -> BinanceRequest {
        var q = BinanceQuery()
        if omitZeroBalances { q.add("omitZeroBalances", true) }
        return BinanceRequest(.get, "/api/v3/account", query: q, security: .signed, weight: 20)
    }

    /// `GET /sapi/v1/account/apiRestrictions`: what the API key may do (trade, withdraw) and
    /// whether it is bound to IPs. A wallet endpoint: production only, weight 1 against the
    /// SAPI limits.
    public static func apiRestrictions() -> BinanceRequest {
        BinanceRequest(.get, "/sapi/v1/account/apiRestrictions", security: .signed, weight: 1)
    }

    /// `GET /api/v3/myTrades`: the account's executions on `symbol`, oldest first, at most
    /// `limit` (1…1000, default 500). Binance takes these combinations only: nothing else,
    /// `orderID` (with or without `fromID`), `startTime` and/or `endTime` (at most 24 hours
    /// apart), or `fromID` (trades from that trade id on). Weight 5 with `orderID`, else 20.
    public static func myTrades(symbol: String, orderID: Int64? = nil, startTime: Int64? = nil, endTime: Int64? = nil,
                                fromID: Int64? = nil, limit: Int? = nil) throws(BinanceRequestError) -> BinanceRequest {
        try BinanceCheck.symbol(symbol)
        try BinanceCheck.id(orderID, field: "orderId")
        try BinanceCheck.id(fromID, field: "fromId")
        try BinanceCheck.time(startTime, field: "startTime")
        try BinanceCheck.time(endTime, field: "endTime")
        let timed = startTime != nil || endTime != nil
        if timed && orderID != nil {
            throw BinanceRequestError(field: startTime != nil ? "startTime" : "endTime", reason: "cannot be combined with orderId")
        }
        if timed && fromID != nil {
            throw BinanceRequestError(field: "fromId", reason: "cannot be combined with startTime or endTime")
        }
        if let startTime, let endTime {
            guard endTime >= startTime else { throw BinanceRequestError(field: "endTime", reason: "\(endTime) is before startTime \(startTime)") }
            guard endTime - startTime <= 86_400_000 else {
                throw BinanceRequestError(field: "endTime", reason: "more than 24 hours after startTime")
            }
        }
        try BinanceCheck.limit(limit, max: 1000)
        var q = BinanceQuery()
        q.add("symbol", symbol)
        q.add("orderId", orderID)
        q.add("startTime", startTime)
        q.add("endTime", endTime)
        q.add("fromId", fromID)
        q.add("limit", limit)
        return BinanceRequest(.get, "/api/v3/myTrades", query: q, security: .signed, weight: orderID == nil ? 20 : 5)
    }
}
