import BotCore

extension Venue {
    /// Bills of the last seven days, newest first, paged by billId (`after` older, `before`
    /// newer); `begin` and `end` bound `ts`, inclusive.
    func accountBills(_ c: RESTCall) -> RESTResponse {
        guard let book = c.account else { return .error(.invalidKey) }
        if let bad = c.nonInteger("begin", "end", "after", "before", "limit") { return .error(.param(bad)) }
        let since = now - 7 * 86_400_000
        let begin = c.param("begin").flatMap { Int64($0) } ?? since
        let end = c.param("end").flatMap { Int64($0) } ?? Int64.max
        let list = book.bills.filter { b in
            b.ts >= max(since, begin) && b.ts <= end && c.allows("instType", "SWAP") && c.allows("instId", b.instId)
                && c.allows("ccy", "USDT") && c.allows("mgnMode", "isolated") && c.allows("type", b.type)
                && c.allows("subType", b.subType)
        }
        return .ok(Self.page(list, id: \.billId, after: c.param("after"), before: c.param("before"), limit: c.param("limit"))
            .map(\.json))
    }
}
