extension Exchange {
    /// The order a cancel or query names: by `orderId` (then `origClientOrderId`, if also
    /// sent, must match it), else the latest with that client id.
    func findOrder(_ c: RESTCall, symbol: String) throws(APIError) -> SpotOrder? {
        let a = c.signedAccount
        let clientId = c.params["origClientOrderId"]
        if let id = try c.params.int("orderId") {
            guard let o = a.order(symbol, id: id) else { return nil }
            if let clientId, clientId != o.clientOrderId { return nil }
            return o
        }
        guard let clientId else { throw .mandatory("orderId") }
        return a.latestOrder(symbol, clientOrderId: clientId)
    }

    /// `DELETE /api/v3/order`: an open order, by `orderId` or `origClientOrderId`; the answer's
    /// `clientOrderId` is the cancellation's own (`newClientOrderId`, or one made up).
    func cancelOrder(_ c: RESTCall) throws(APIError) -> JSON {
        let a = c.signedAccount
        let s = try symbol(c.params)
        let cancelId = c.params["newClientOrderId"]
        if let id = cancelId, !NewOrder.isValidClientId(id) { throw .illegalClientId("newClientOrderId") }
        guard let o = try findOrder(c, symbol: s.symbol), o.isOpen else { throw .unknownOrderCancel }
        switch c.params["cancelRestrictions"] {
        case nil: break
        case "ONLY_NEW" where o.status != .new, "ONLY_PARTIALLY_FILLED" where o.status != .partiallyFilled:
            throw APIError(code: -2011, msg: "Order was not canceled due to cancel restrictions.")
        case "ONLY_NEW", "ONLY_PARTIALLY_FILLED": break
        default: throw .invalidValue("cancelRestrictions")
        }
        let id = cancelId ?? makeClientOrderId()
        cancel(o, a, cancelClientOrderId: id)
        flushAccountPositions()
        return o.cancelJSON(cancelClientOrderId: id, transactTime: now)
    }

    /// `DELETE /api/v3/openOrders`: every open order of one symbol; -2011 when there is none.
    func cancelOpenOrders(_ c: RESTCall) throws(APIError) -> JSON {
        let a = c.signedAccount
        let s = try symbol(c.params)
        let open = a.orders.filter { $0.symbol == s.symbol && $0.isOpen }
        guard !open.isEmpty else { throw .unknownOrderCancel }
        var out: [JSON] = []
        for o in open {
            let id = makeClientOrderId()
            cancel(o, a, cancelClientOrderId: id)
            out.append(o.cancelJSON(cancelClientOrderId: id, transactTime: now))
        }
        flushAccountPositions()
        return .array(out)
    }
}
