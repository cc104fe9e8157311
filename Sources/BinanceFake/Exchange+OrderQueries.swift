extension Exchange {
    /// `GET /api/v3/order`: an order open or not, by either id (-2013 when there is none).
    func queryOrder(_ c: RESTCall) throws(APIError) -> JSON {
        let s = try symbol(c.params)
        guard let o = try findOrder(c, symbol: s.symbol) else { throw .noSuchOrder }
        return o.queryJSON
    }

    /// Open orders of one symbol, or of all, oldest first.
    func openOrders(_ c: RESTCall) throws(APIError) -> JSON {
        let a = c.signedAccount
        var name: String?
        if c.params["symbol"] != nil { name = try symbol(c.params).symbol }
        return .array(a.orders.filter { o in o.isOpen && (name.map { o.symbol == $0 } ?? true) }.map(\.queryJSON))
    }

    /// Every order of a symbol from `orderId` on, or within `startTime`…`endTime`, oldest
    /// first, at most `limit` (500, at most 1000).
    func allOrders(_ c: RESTCall) throws(APIError) -> JSON {
        let a = c.signedAccount
        let s = try symbol(c.params)
        let limit = Int(try c.params.int("limit") ?? 500)
        guard (1...1000).contains(limit) else { throw .invalidValue("limit") }
        let from = try c.params.int("orderId"), start = try c.params.int("startTime"), end = try c.params.int("endTime")
        let list = a.orders.filter { o in
            o.symbol == s.symbol && (from.map { o.orderId >= $0 } ?? true) && (start.map { o.time >= $0 } ?? true)
                && (end.map { o.time <= $0 } ?? true)
        }
        return .array((from == nil && start == nil ? Array(list.suffix(limit)) : Array(list.prefix(limit))).map(\.queryJSON))
    }
}
