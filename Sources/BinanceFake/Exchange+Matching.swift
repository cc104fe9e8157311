import BotCore

extension Exchange {
    /// A working order takes what the book's touch offers: all of it at most (then the rest
    /// rests if GTC, else expires); a FOK that cannot fill whole, and a market order with no
    /// book, expire without trading.
    func take(_ o: SpotOrder, _ a: AccountState, _ s: BinanceFake.Symbol) {
        var tape = tapes[s.symbol]!
        let touch = o.side == .buy ? tape.ask : tape.bid
        let depth = o.side == .buy ? tape.askQty : tape.bidQty
        var taken = Quantity.zero
        if let px = touch, o.limitPrice.map({ o.side == .buy ? $0 >= px : $0 <= px }) ?? true,
           !(o.timeInForce == "FOK" && depth < o.remaining) {
            taken = min(o.remaining, depth)
            if o.side == .buy { tape.askQty -= taken } else { tape.bidQty -= taken }
            tapes[s.symbol] = tape
            if taken.raw > 0 {
                fill(o, a, s, price: px, qty: taken, maker: false)
                publishBook(s)
            }
        }
        guard o.isOpen else { return }
        if o.limitPrice == nil || o.timeInForce != "GTC" { expire(o, a) }
    }

    /// Executes `qty` of `o` at `price`: balances (what the order locked is released as it
    /// fills), the commission, the order, the trade record, and an executionReport.
    ///
    /// The commission is charged in the asset received (base on a buy, quote on a sell), or in
    /// BNB at 25 % off for an account paying with BNB that holds enough of it.
    func fill(_ o: SpotOrder, _ a: AccountState, _ s: BinanceFake.Symbol, price: Price, qty: Quantity, maker: Bool) {
        let t = now
        let tradeId = tapes[s.symbol]!.makeTradeId()
        let quote = Decimal8.round(price.times(qty, .halfEven) as Money, .halfEven)
        let last = qty >= o.remaining
        let rate = maker ? a.account.makerCommission : a.account.takerCommission
        let (commission, commissionAsset) = self.commission(a, s, side: o.side, qty: qty, quote: quote, rate: rate)

        // What this part of the order had locked: all that is left on its last fill.
        let release: Money
        if last {
            release = o.locked
        } else if o.side == .sell {
            release = Money(raw: qty.raw)
        } else {
            let lockPx = o.kind.hasPrice ? o.price : o.stopPrice
            release = min(o.locked, Decimal8.round(lockPx.times(qty, .halfEven), .up))
        }
        o.locked -= release
        if o.side == .buy {
            move(a, s.quoteAsset, free: release - quote, locked: -release)
            move(a, s.baseAsset, free: Money(raw: qty.raw))
        } else {
            move(a, s.baseAsset, free: release - Money(raw: qty.raw), locked: -release)
            move(a, s.quoteAsset, free: quote)
        }
        if !commission.isZero { move(a, commissionAsset, free: -commission) }

        if o.executedQty.isZero { uncountFilled(o, a) }
        o.executedQty += qty
        o.cummulativeQuoteQty += quote
        o.status = last ? .filled : .partiallyFilled
        o.updateTime = t
        let f = SpotOrder.Fill(price: price, qty: qty, commission: commission, commissionAsset: commissionAsset, tradeId: tradeId,
                               maker: maker, time: t)
        o.fills.append(f)
        a.trades.append(AccountTrade(symbol: s.symbol, id: tradeId, orderId: o.orderId, price: price, qty: qty, quoteQty: quote,
                                     commission: commission, commissionAsset: commissionAsset, time: t, isBuyer: o.side == .buy,
                                     isMaker: maker))
        report(o, a, .trade(f))
    }

    func commission(_ a: AccountState, _ s: BinanceFake.Symbol, side: Side, qty: Quantity, quote: Money,
                    rate: Ratio) -> (Money, String) {
        if a.account.payFeesInBNB, let bnb = bnbPrice(in: s.quoteAsset) {
            let full: Money = quote.times(rate, .halfEven)
            let inQuote: Money = full.times(Ratio.of("0.75"), .halfEven)
            let inBNB = Decimal8.round(inQuote.divided(by: bnb, .up) as Money, .up)
            if inBNB <= a.balance("BNB").free { return (inBNB, "BNB") }
        }
        if side == .buy { return (Decimal8.round(Money(raw: qty.raw).times(rate, .up) as Money, .up), s.baseAsset) }
        return (Decimal8.round(quote.times(rate, .up) as Money, .up), s.quoteAsset)
    }

    /// BNB's last price in `quote`, from the `BNB<quote>` symbol's tape.
    func bnbPrice(in quote: String) -> Price? {
        if quote == "BNB" { return 1 }
        return symbolOrder.compactMap { symbols[$0] }.first { $0.baseAsset == "BNB" && $0.quoteAsset == quote }
            .flatMap { tapes[$0.symbol]?.last }
    }

    /// Ends an open order: its lock goes back to free, and the client hears of it.
    func cancel(_ o: SpotOrder, _ a: AccountState, cancelClientOrderId: String) {
        release(o, a)
        o.status = .canceled
        o.updateTime = now
        report(o, a, .canceled(by: cancelClientOrderId))
    }

    func expire(_ o: SpotOrder, _ a: AccountState) {
        release(o, a)
        o.status = .expired
        o.updateTime = now
        report(o, a, .expired)
    }

    private func release(_ o: SpotOrder, _ a: AccountState) {
        if !o.locked.isZero { move(a, o.lockAsset, free: o.locked, locked: -o.locked) }
        o.locked = .zero
    }

    /// Changes a balance and notes the asset for the next `outboundAccountPosition`.
    func move(_ a: AccountState, _ asset: String, free: Money = .zero, locked: Money = .zero) {
        var b = a.balance(asset)
        b.free += free
        b.locked += locked
        a.balances[asset] = b
        a.updateTime = now
        changedAssets[a.account.apiKey, default: []].insert(asset)
    }
}
