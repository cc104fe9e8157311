import BotCore

extension Exchange {
    static let tradeRoutes: [Route] = [
        Route(method: "POST", path: "/api/v3/order", security: .trade, reads: NewOrder.reads, orderCall: .place,
              weight: { _ in 1 }) { x, c throws(APIError) in try x.placeOrder(&c) },
        Route(method: "POST", path: "/api/v3/order/test", security: .trade, reads: NewOrder.reads.union(["computeCommissionRates"]),
              weight: { p in p["computeCommissionRates"] == "true" ? 20 : 1 }) { x, c throws(APIError) in
            _ = try NewOrder(c.params, symbols: x.symbols)
            return .object([])
        },
        Route(method: "DELETE", path: "/api/v3/order", security: .trade,
              reads: ["symbol", "orderId", "origClientOrderId", "newClientOrderId", "cancelRestrictions"], orderCall: .cancel,
              weight: { _ in 1 }) { x, c throws(APIError) in try x.cancelOrder(c) },
        Route(method: "DELETE", path: "/api/v3/openOrders", security: .trade, reads: ["symbol"], orderCall: .cancel,
              weight: { _ in 1 }) { x, c throws(APIError) in try x.cancelOpenOrders(c) },
        .get("/api/v3/order", .userData, reads: ["symbol", "orderId", "origClientOrderId"], weight: 4) { x, c throws(APIError) in
            try x.queryOrder(c)
        },
        Route(method: "GET", path: "/api/v3/openOrders", security: .userData, reads: ["symbol"],
              weight: { p in p["symbol"] == nil ? 80 : 6 }) { x, c throws(APIError) in try x.openOrders(c) },
        .get("/api/v3/allOrders", .userData, reads: ["symbol", "orderId", "startTime", "endTime", "limit"], weight: 20) {
            x, c throws(APIError) in try x.allOrders(c)
        },
    ]

    /// Places an order: checks, locks what it may spend, accepts it (NEW), then lets it take
    /// what the book offers; answers in ACK, RESULT or FULL.
    func placeOrder(_ c: inout RESTCall) throws(APIError) -> JSON {
        let a = c.signedAccount
        let req = try NewOrder(c.params, symbols: symbols)
        let s = req.symbol
        var tape = tapes[s.symbol]!
        if let id = req.clientOrderId, a.openOrder(s.symbol, clientOrderId: id) != nil { throw .duplicateOrder }
        let touch = req.side == .buy ? tape.ask : tape.bid
        var quantity = req.quantity ?? .zero
        if let quote = req.quoteOrderQty, let px = touch {
            // Sized in quote: as much base as the amount buys (or sells for) at the touch.
            let step = max(s.stepSize, s.marketStepSize)
            let raw: Quantity = quote.divided(by: px, .down)
            quantity = step.raw > 0 ? raw.rounded(toMultipleOf: step, .down) : raw
            try NewOrder.checkLot(quantity, s, market: true)
        }
        let market = req.kind == .market
        if let quote = req.quoteOrderQty {
            try NewOrder.checkNotional(quote, s, market: true)
        } else if let px = req.kind.hasPrice ? req.price : (req.kind.isConditional ? req.stopPrice : touch) {
            try NewOrder.checkNotional(Decimal8.round(px.times(quantity, .halfEven), .halfEven), s, market: !req.kind.hasPrice)
        }
        if req.kind == .limitMaker, wouldTake(side: req.side, price: req.price, tape) { throw .wouldTake }
        if req.kind.isConditional, let last = tape.last, Self.triggers(req.kind, req.side, stop: req.stopPrice, last: last) {
            throw .stopWouldTrigger
        }
        // What it holds until it trades: quote for a buy (at its price, or its stop price for a
        // stop market), base for a sell. A MARKET order spends at once.
        let lockAsset = req.side == .buy ? s.quoteAsset : s.baseAsset
        var lock = Money.zero
        if req.side == .sell {
            lock = Money(raw: quantity.raw)
        } else if !market {
            let px = req.kind.hasPrice ? req.price : req.stopPrice
            lock = Decimal8.round(px.times(quantity, .halfEven), .up)
        }
        var needed = lock
        if market, req.side == .buy {
            // A market buy spends its quote amount, or its quantity at the ask.
            needed = req.quoteOrderQty ?? touch.map { Decimal8.round($0.times(quantity, .halfEven), .up) } ?? .zero
        }
        if needed > a.balance(lockAsset).free { throw .insufficientBalance }

        let t = now
        let o = SpotOrder(symbol: s.symbol, orderId: tape.makeOrderId(), clientOrderId: req.clientOrderId ?? makeClientOrderId(),
                          side: req.side, kind: req.kind, timeInForce: req.timeInForce, price: req.price, stopPrice: req.stopPrice,
                          origQty: quantity, origQuoteOrderQty: req.quoteOrderQty ?? .zero, time: t, lockAsset: lockAsset)
        tapes[s.symbol] = tape
        a.add(o)
        if !lock.isZero { move(a, lockAsset, free: -lock, locked: lock) }
        o.locked = lock
        counters.ordersPlaced += 1
        report(o, a, .new)
        if !req.kind.isConditional { take(o, a, s) }
        // Only an order still without a fill counts as unfilled.
        if o.isOpen, o.executedQty.isZero { countUnfilled(o, a) }
        flushAccountPositions()
        c.headers = orderCountHeaders(a)
        switch req.responseType {
        case .ack: return o.ackJSON(transactTime: t)
        case .result: return o.resultJSON(transactTime: t, full: false)
        case .full: return o.resultJSON(transactTime: t, full: true)
        }
    }

    /// Whether a priced order would trade against the book now.
    func wouldTake(side: Side, price: Price, _ tape: Tape) -> Bool {
        if side == .buy { return tape.ask.map { price >= $0 } ?? false }
        return tape.bid.map { price <= $0 } ?? false
    }

    /// Binance's trigger rule on the last trade: a stop-loss sells as the price falls to its
    /// stop (buys as it rises), a take-profit the other way round.
    static func triggers(_ kind: SpotOrder.Kind, _ side: Side, stop: Price, last: Price) -> Bool {
        let stopLoss = kind == .stopLoss || kind == .stopLossLimit
        let whenFalling = stopLoss == (side == .sell)
        return whenFalling ? last <= stop : last >= stop
    }
}
