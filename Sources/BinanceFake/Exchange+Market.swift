import BotCore

extension Exchange {
    /// Prints a public trade: the last price, the candles, the book around it, the trade and
    /// bookTicker streams; then resting orders it reached fill and stops it reached trigger.
    func printTrade(_ symbol: String, price: Price, qty: Quantity, buyerIsMaker: Bool) throws(FakeError) {
        guard let s = symbols[symbol] else { throw FakeError("no symbol \(symbol)") }
        guard price.raw > 0, qty.raw > 0 else { throw FakeError("a trade needs a positive price and quantity") }
        let t = now
        var tape = tapes[symbol]!
        let id = tape.makeTradeId()
        let closed = tape.record(px: price, qty: qty, buyerIsMaker: buyerIsMaker, tradeId: id, at: t)
        tape.reset(around: price, symbol: s)
        tapes[symbol] = tape
        for m in closed { publishClosed(s, minute: m) }
        publish(s.streamSymbol + "@trade", .object([
            ("e", "trade"), ("E", .int(t)), ("s", .string(symbol)), ("t", .int(id)), ("p", .dec(price)), ("q", .dec(qty)),
            ("T", .int(t)), ("m", .bool(buyerIsMaker)), ("M", .bool(true)),
        ]))
        publishBook(s)
        marketMoved(s, price: price, qty: qty)
        flushAccountPositions()
    }

    /// Sets the best bid and ask. Resting orders the new touch crosses trade against it, at
    /// their own price, as far as its quantity goes.
    func setBook(_ symbol: String, bid: Price, bidQty: Quantity, ask: Price, askQty: Quantity) throws(FakeError) {
        guard let s = symbols[symbol] else { throw FakeError("no symbol \(symbol)") }
        guard bid.raw > 0, bid < ask else { throw FakeError("the bid must be positive and below the ask") }
        var tape = tapes[symbol]!
        tape.bid = bid
        tape.ask = ask
        tape.bidQty = bidQty
        tape.askQty = askQty
        tapes[symbol] = tape
        for a in accounts.values.sorted(by: { $0.account.uid < $1.account.uid }) {
            for o in a.orders where o.symbol == symbol && o.isWorking {
                guard let limit = o.limitPrice else { continue }
                var tape = tapes[symbol]!
                let depth = o.side == .buy ? tape.askQty : tape.bidQty
                guard o.side == .buy ? limit >= ask : limit <= bid, depth.raw > 0 else { continue }
                let q = min(depth, o.remaining)
                if o.side == .buy { tape.askQty -= q } else { tape.bidQty -= q }
                tapes[symbol] = tape
                fill(o, a, s, price: limit, qty: q, maker: true)
            }
        }
        publishBook(s)
        flushAccountPositions()
    }
}
