/// Unfilled orders per account in fixed 10 s and day windows: a placement that rests counts,
/// its first fill takes it back (in the windows it is still in), and a full window refuses
/// new orders with 429 and -1015.
extension Exchange {
    /// The unfilled-order windows of `a` that are full, as a -1015 refusal.
    func checkOrderCount(_ a: AccountState) -> LimitRefusal? {
        let t = now
        if a.orders10s.used(at: t) >= limits.ordersPer10s {
            counters.orderLimited += 1
            return LimitRefusal(error: .orders(limit: limits.ordersPer10s, per: "10 SECOND"), retryAtMs: a.orders10s.windowEnd(after: t))
        }
        if a.ordersDay.used(at: t) >= limits.ordersPerDay {
            counters.orderLimited += 1
            return LimitRefusal(error: .orders(limit: limits.ordersPerDay, per: "1 DAY"), retryAtMs: a.ordersDay.windowEnd(after: t))
        }
        return nil
    }

    /// An order that rests unfilled counts toward the account's windows until it fills.
    func countUnfilled(_ o: SpotOrder, _ a: AccountState) {
        let t = now
        counters.maxOrdersPer10s = max(counters.maxOrdersPer10s, a.orders10s.add(1, at: t))
        counters.maxOrdersPerDay = max(counters.maxOrdersPerDay, a.ordersDay.add(1, at: t))
        o.countedIn = (a.orders10s.windowIndex(at: t), a.ordersDay.windowIndex(at: t))
    }

    /// Its first fill takes an order off the unfilled count, in the windows it is still in.
    func uncountFilled(_ o: SpotOrder, _ a: AccountState) {
        guard let c = o.countedIn else { return }
        let t = now
        if a.orders10s.windowIndex(at: t) == c.short { a.orders10s.add(-1, at: t) }
        if a.ordersDay.windowIndex(at: t) == c.day { a.ordersDay.add(-1, at: t) }
        o.countedIn = nil
    }

    /// `X-MBX-ORDER-COUNT-10S` and `-1D`.
    func orderCountHeaders(_ a: AccountState) -> [(String, String)] {
        [("X-MBX-ORDER-COUNT-10S", String(a.orders10s.used(at: now))), ("X-MBX-ORDER-COUNT-1D", String(a.ordersDay.used(at: now)))]
    }

    /// `rateLimits` as `exchangeInfo` lists them, with `count` added for the WebSocket API.
    func rateLimitsJSON(weightCount: Int? = nil) -> JSON {
        func entry(_ type: String, _ interval: String, _ num: Int, _ limit: Int, count: Int?) -> JSON {
            var f: [(String, JSON)] = [("rateLimitType", .string(type)), ("interval", .string(interval)),
                                       ("intervalNum", .int(num)), ("limit", .int(limit))]
            if let count { f.append(("count", .int(count))) }
            return .object(f)
        }
        if let weightCount { return [entry("REQUEST_WEIGHT", "MINUTE", 1, limits.weightPerMinute, count: weightCount)] }
        return [entry("REQUEST_WEIGHT", "MINUTE", 1, limits.weightPerMinute, count: nil),
                entry("ORDERS", "SECOND", 10, limits.ordersPer10s, count: nil),
                entry("ORDERS", "DAY", 1, limits.ordersPerDay, count: nil),
                entry("RAW_REQUESTS", "MINUTE", 5, 300_000, count: nil)]
    }
}
