import BotCore

/// The shapes Binance answers an order in, fields in its documented order.
extension SpotOrder {
    /// `newOrderRespType=ACK`: the ids, and when the call was handled.
    func ackJSON(transactTime: Int64) -> JSON {
        .object([("symbol", .string(symbol)), ("orderId", .int(orderId)), ("orderListId", .int(-1)),
                 ("clientOrderId", .string(clientOrderId)), ("transactTime", .int(transactTime))])
    }

    /// RESULT, and FULL with the fills made as it was placed.
    func resultJSON(transactTime: Int64, full: Bool) -> JSON {
        var f: [(String, JSON)] = [
            ("symbol", .string(symbol)), ("orderId", .int(orderId)), ("orderListId", .int(-1)),
            ("clientOrderId", .string(clientOrderId)), ("transactTime", .int(transactTime)),
        ]
        f += state
        f.append(("workingTime", .int(workingTime ?? -1)))
        f.append(("selfTradePreventionMode", "NONE"))
        if full { f.append(("fills", .array(fills.map(\.json)))) }
        return .object(f)
    }

    /// `GET /api/v3/order` and `openOrders`.
    var queryJSON: JSON {
        .object([
            ("symbol", .string(symbol)), ("orderId", .int(orderId)), ("orderListId", .int(-1)),
            ("clientOrderId", .string(clientOrderId)), ("price", .dec(price)), ("origQty", .dec(origQty)),
            ("executedQty", .dec(executedQty)), ("cummulativeQuoteQty", .dec(cummulativeQuoteQty)),
            ("status", .string(status.rawValue)), ("timeInForce", .string(timeInForce)), ("type", .string(kind.rawValue)),
            ("side", .string(side == .buy ? "BUY" : "SELL")), ("stopPrice", .dec(stopPrice)), ("icebergQty", .dec(Price.zero)),
            ("time", .int(time)), ("updateTime", .int(updateTime)), ("isWorking", .bool(isWorking)),
            ("workingTime", .int(workingTime ?? -1)), ("origQuoteOrderQty", .dec(origQuoteOrderQty)),
            ("selfTradePreventionMode", "NONE"),
        ])
    }

    /// `DELETE /api/v3/order`: `clientOrderId` is the cancellation's own id.
    func cancelJSON(cancelClientOrderId: String, transactTime: Int64) -> JSON {
        var f: [(String, JSON)] = [
            ("symbol", .string(symbol)), ("origClientOrderId", .string(clientOrderId)), ("orderId", .int(orderId)),
            ("orderListId", .int(-1)), ("clientOrderId", .string(cancelClientOrderId)), ("transactTime", .int(transactTime)),
        ]
        f += state
        f.append(("selfTradePreventionMode", "NONE"))
        return .object(f)
    }

    /// From `price` to `side`, and `stopPrice` where it applies.
    private var state: [(String, JSON)] {
        var f: [(String, JSON)] = [
            ("price", .dec(price)), ("origQty", .dec(origQty)), ("executedQty", .dec(executedQty)),
            ("origQuoteOrderQty", .dec(origQuoteOrderQty)), ("cummulativeQuoteQty", .dec(cummulativeQuoteQty)),
            ("status", .string(status.rawValue)), ("timeInForce", .string(timeInForce)), ("type", .string(kind.rawValue)),
            ("side", .string(side == .buy ? "BUY" : "SELL")),
        ]
        if kind.isConditional { f.append(("stopPrice", .dec(stopPrice))) }
        return f
    }
}
