import BotCore

extension Venue {
    func last(_ instId: String) -> Price? { tapes[instId]?.last }

    /// Whether a priced order would take liquidity at the current last price.
    func isMarketable(side: Side, px: Price, instId: String) -> Bool {
        guard let l = last(instId) else { return false }
        return side == .buy ? px >= l : px <= l
    }

    /// Executes `sz` of `order` at `px`: fees (maker or taker rate, charged as a negative
    /// `fee`), the position and its realised PnL, the cash, the fill record, and the orders,
    /// positions and account pushes. Returns the fill recorded (a liquidation bills it).
    @discardableResult
    func fill(_ o: FakeOrder, book: AccountBook, px: Price, sz: Quantity, maker: Bool) -> FakeFill? {
        guard let inst = instruments[o.instId], sz.raw > 0 else { return nil }
        let t = now
        let notional = inst.notional(px: px, sz: sz)
        let rate = maker ? inst.makerFee : inst.takerFee
        let fee = -notional.times(rate, .up) as Money
        let posSide = o.posSide
        let key = o.instId + "|" + posSide
        var p = book.positions[key] ?? FakePosition(instId: o.instId, posSide: posSide, posId: makeId(), cTime: t, uTime: t)
        if p.size.isZero { p.cTime = t }
        let pnl = p.apply(side: o.side, px: px, sz: sz, inst: inst, now: t)
        let tradeId = makeId()
        p.fee += fee
        p.tradeId = tradeId
        book.positions[key] = p
        book.cash += pnl + fee

        o.accFillSz += sz
        o.fillValue += px.times(sz, .halfEven) as Money
        o.fee += fee
        o.pnl += pnl
        o.state = o.accFillSz >= o.sz ? .filled : .partiallyFilled
        o.lastFill = FakeOrder.LastFill(px: px, sz: sz, fee: fee, pnl: pnl, tradeId: tradeId, ts: t, maker: maker)
        o.uTime = t
        let record = FakeFill(billId: makeId(), tradeId: tradeId, ordId: o.ordId, clOrdId: o.clOrdId, tag: o.tag,
                              instId: o.instId, side: o.side, posSide: posSide, px: px, sz: sz, fee: fee,
                              feeRate: rate, pnl: pnl, maker: maker, ts: t, subType: o.fillSubType)
        book.fills.append(record)
        publishOrder(o, book: book)
        publishPosition(p, book: book)
        if p.size.isZero { book.positions[key] = nil }
        publishAccount(book)
        return record
    }

    func cancel(_ o: FakeOrder, book: AccountBook, source: String, reason: String) {
        o.state = .canceled
        o.cancelSource = source
        o.cancelSourceReason = reason
        o.uTime = now
        publishOrder(o, book: book)
    }

    /// An order just accepted: it fills now if it can, rests, or is cancelled as its type says.
    func execute(_ o: FakeOrder, book: AccountBook) {
        switch o.ordType {
        case .market:
            fill(o, book: book, px: last(o.instId)!, sz: o.sz, maker: false)
        case .limit, .postOnly, .ioc, .fok:
            let px = o.px!
            if isMarketable(side: o.side, px: px, instId: o.instId) {
                if o.ordType == .postOnly {
                    cancel(o, book: book, source: "31", reason: "POST_ONLY would take liquidity")
                } else {
                    // The fake's book is one level deep at the last price: a crossing order takes it.
                    fill(o, book: book, px: last(o.instId)!, sz: o.sz, maker: false)
                }
            } else if o.ordType == .ioc || o.ordType == .fok {
                cancel(o, book: book, source: "", reason: "")
            } else {
                publishOrder(o, book: book)
            }
        }
    }

    /// The last price moved to `px` on a trade of `sz`: resting orders it crossed fill at their
    /// own price (as makers), positions whose liquidation price it reached are liquidated, then
    /// stops it crossed trigger.
    func marketMoved(instId: String, px: Price, sz: Quantity) {
        var available = partialFills ? sz : nil
        for book in accounts.values.sorted(by: { $0.uid < $1.uid }) {
            for id in book.orderIds {
                guard let o = book.orders[id], o.instId == instId, o.state.isOpen, let limit = o.px,
                      o.side == .buy ? limit >= px : limit <= px else { continue }
                var q = o.remaining
                if let a = available { q = min(q, a) }
                guard q.raw > 0 else { continue }
                fill(o, book: book, px: limit, sz: q, maker: true)
                if let a = available { available = a - q }
            }
        }
        // After the fills: they are part of the trade that moved the price, and may have
        // changed or closed a position (a take-profit resting in the book). Before the stops:
        // OKX's risk engine takes a position over as soon as its liqPx is reached, so a
        // reduce-only stop on a liquidated leg finds nothing left to close (it fails, 51169).
        liquidateReached(instId: instId, px: px)
        triggerAlgos(instId: instId, px: px)
    }

    // MARK: Private pushes.

    func publishOrder(_ o: FakeOrder, book: AccountBook) {
        publish(Push(channel: "orders", instId: o.instId, instFamily: instruments[o.instId]?.instFamily ?? "",
                     uid: book.uid, data: [o.json(push: true)]))
        o.amendResult = ""
        o.reqId = ""
    }

    func publishPosition(_ p: FakePosition, book: AccountBook) {
        guard let inst = instruments[p.instId] else { return }
        publish(Push(channel: "positions", instId: p.instId, instFamily: inst.instFamily, uid: book.uid,
                     data: [p.json(inst: inst, last: last(p.instId) ?? p.avgPx, lever: book.lever(p.instId))]))
    }

    func publishAccount(_ book: AccountBook) {
        publish(Push(channel: "account", instId: "", uid: book.uid, data: [balanceJSON(book)]))
    }
}
