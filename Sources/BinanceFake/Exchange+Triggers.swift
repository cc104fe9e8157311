import BotCore

extension Exchange {
    /// A public trade at `price`: resting orders it reached fill at their own price (as
    /// makers; only up to the trade's size with partial fills on), then the conditional
    /// orders it triggered start working.
    func marketMoved(_ s: BinanceFake.Symbol, price: Price, qty: Quantity) {
        var available: Quantity? = partialFills ? qty : nil
        for a in accounts.values.sorted(by: { $0.account.uid < $1.account.uid }) {
            for o in a.orders where o.symbol == s.symbol && o.isWorking {
                guard let limit = o.limitPrice, o.side == .buy ? limit >= price : limit <= price else { continue }
                let q = available.map { min($0, o.remaining) } ?? o.remaining
                guard q.raw > 0 else { continue }
                fill(o, a, s, price: limit, qty: q, maker: true)
                available = available.map { $0 - q }
            }
        }
        for a in accounts.values.sorted(by: { $0.account.uid < $1.account.uid }) {
            for o in a.orders where o.symbol == s.symbol && o.isOpen && !o.isWorking
                && Self.triggers(o.kind, o.side, stop: o.stopPrice, last: price) {
                trigger(o, a, s)
            }
        }
    }

    /// A conditional order reached its stop: it goes on the book as a limit order, or trades
    /// at market. A stop market buy locked at its stop price pays what the book asks now.
    func trigger(_ o: SpotOrder, _ a: AccountState, _ s: BinanceFake.Symbol) {
        o.workingTime = now
        o.updateTime = now
        report(o, a, .new)
        if o.limitPrice == nil, o.side == .buy {
            let ask = tapes[s.symbol]!.ask ?? o.stopPrice
            let cost = Decimal8.round(ask.times(o.remaining, .halfEven) as Money, .up)
            if cost > a.balance(s.quoteAsset).free + o.locked { return expire(o, a) }
            move(a, s.quoteAsset, free: o.locked - cost, locked: cost - o.locked)
            o.locked = cost
        }
        take(o, a, s)
    }
}
