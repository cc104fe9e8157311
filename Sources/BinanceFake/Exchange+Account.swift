import BotCore

extension Exchange {
    static let accountRoutes: [Route] = [
        .get("/api/v3/account", .userData, reads: ["omitZeroBalances"], weight: 20) { x, c throws(APIError) in x.accountJSON(c) },
        Route(method: "GET", path: "/api/v3/myTrades", security: .userData,
              reads: ["symbol", "orderId", "startTime", "endTime", "fromId", "limit"],
              weight: { p in p["orderId"] == nil ? 20 : 5 }) { x, c throws(APIError) in try x.myTrades(c) },
        .get("/api/v3/rateLimit/order", .userData, weight: 40) { x, c throws(APIError) in x.orderRateLimits(c) },
        .get("/sapi/v1/account/apiRestrictions", .sapi, weight: 1) { x, c throws(APIError) in x.apiRestrictions(c) },
    ]

    /// Commission rates in Binance's two forms: hundredths of a percent, and fractions.
    func accountJSON(_ c: RESTCall) -> JSON {
        let a = c.signedAccount
        let acc = a.account
        let omitZero = c.params["omitZeroBalances"] == "true"
        func bps(_ r: Ratio) -> JSON { .int(r.raw / 100_000) }
        let balances = a.balances.keys.sorted().compactMap { asset -> JSON? in
            let b = a.balance(asset)
            if omitZero, b.free.isZero, b.locked.isZero { return nil }
            return .object([("asset", .string(asset)), ("free", .dec(b.free)), ("locked", .dec(b.locked))])
        }
        return .object([
            ("makerCommission", bps(acc.makerCommission)), ("takerCommission", bps(acc.takerCommission)),
            ("buyerCommission", .int(0)), ("sellerCommission", .int(0)),
            ("commissionRates", .object([("maker", .dec(acc.makerCommission)), ("taker", .dec(acc.takerCommission)),
                                         ("buyer", .dec(Ratio.zero)), ("seller", .dec(Ratio.zero))])),
            ("canTrade", .bool(acc.canTrade)), ("canWithdraw", .bool(acc.canWithdraw)), ("canDeposit", .bool(acc.canDeposit)),
            ("brokered", .bool(false)), ("requireSelfTradePrevention", .bool(false)), ("preventSor", .bool(false)),
            ("updateTime", .int(a.updateTime)), ("accountType", "SPOT"), ("balances", .array(balances)),
            ("permissions", ["SPOT"]), ("uid", .int(acc.uid)),
        ])
    }

    /// The account's executions on a symbol, oldest first: by `orderId`, from `fromId`, or
    /// within `startTime`…`endTime` (at most 24 h apart); at most `limit` (500, at most 1000).
    func myTrades(_ c: RESTCall) throws(APIError) -> JSON {
        let a = c.signedAccount
        let s = try symbol(c.params)
        let limit = Int(try c.params.int("limit") ?? 500)
        guard (1...1000).contains(limit) else { throw .invalidValue("limit") }
        let orderId = try c.params.int("orderId"), fromId = try c.params.int("fromId")
        let start = try c.params.int("startTime"), end = try c.params.int("endTime")
        if let start, let end, end - start > 86_400_000 {
            throw APIError(code: -1127, msg: "More than 24 hours between startTime and endTime.")
        }
        let list = a.trades.filter { t in
            t.symbol == s.symbol && (orderId.map { t.orderId == $0 } ?? true) && (fromId.map { t.id >= $0 } ?? true)
                && (start.map { t.time >= $0 } ?? true) && (end.map { t.time <= $0 } ?? true)
        }
        let newest = orderId == nil && fromId == nil && start == nil
        return .array((newest ? Array(list.suffix(limit)) : Array(list.prefix(limit))).map(\.json))
    }

    /// The account's unfilled-order counts in each window.
    func orderRateLimits(_ c: RESTCall) -> JSON {
        let a = c.signedAccount
        func entry(_ interval: String, _ num: Int, _ limit: Int, _ count: Int) -> JSON {
            .object([("rateLimitType", "ORDERS"), ("interval", .string(interval)), ("intervalNum", .int(num)),
                     ("limit", .int(limit)), ("count", .int(count))])
        }
        return [entry("SECOND", 10, limits.ordersPer10s, a.orders10s.used(at: now)),
                entry("DAY", 1, limits.ordersPerDay, a.ordersDay.used(at: now))]
    }

    /// What the key may do.
    func apiRestrictions(_ c: RESTCall) -> JSON {
        let acc = c.signedAccount.account
        return .object([
            ("ipRestrict", .bool(acc.ipRestrict)), ("createTime", .int(1_700_000_000_000)),
            ("enableInternalTransfer", .bool(false)), ("enableFutures", .bool(false)),
            ("enablePortfolioMarginTrading", .bool(false)), ("enableVanillaOptions", .bool(false)),
            ("permitsUniversalTransfer", .bool(false)), ("enableReading", .bool(acc.enableReading)),
            ("enableSpotAndMarginTrading", .bool(acc.enableSpotAndMarginTrading)),
            ("enableWithdrawals", .bool(acc.enableWithdrawals)), ("enableMargin", .bool(false)),
        ])
    }
}
