import BotCore

extension Venue {
    /// Liquidates in full every position on `instId` whose liquidation price the last price
    /// `px` reached: a long at or below it, a short at or above.
    func liquidateReached(instId: String, px: Price) {
        guard let inst = instruments[instId] else { return }
        for book in accounts.values.sorted(by: { $0.uid < $1.uid }) {
            for key in book.positions.keys.sorted() {
                guard let p = book.positions[key], p.instId == instId, !p.size.isZero else { continue }
                let liqPx = p.liquidationPrice(inst: inst, lever: book.lever(instId))
                guard p.direction > 0 ? px <= liqPx : px >= liqPx else { continue }
                liquidate(p, book: book, sz: nil)
            }
        }
    }

    /// The test's liquidation of one leg: in full (`size` nil) or partly, `size` contracts.
    func liquidate(instId: String, uid: String, posSide: String, size: Quantity?) throws(FakeError) {
        guard let inst = instruments[instId] else { throw FakeError("no instrument \(instId)") }
        guard let book = account(uid: uid) else { throw FakeError("no account with uid \(uid)") }
        guard let p = book.position(instId, posSide), !p.size.isZero else {
            throw FakeError("account \(uid) has no \(posSide) position in \(instId)")
        }
        if let size {
            guard size.raw > 0, size <= p.size else { throw FakeError("cannot liquidate \(size) of \(p.size) contracts") }
            guard size.isMultiple(of: inst.lotSz) else { throw FakeError("\(size) is not a multiple of the lot \(inst.lotSz)") }
        }
        liquidate(p, book: book, sz: size)
    }

    /// OKX's risk engine closing `sz` contracts of `p` (all of them when nil) with an order of
    /// its own: no client id, reduce-only, filled at once as a taker at the bankruptcy price,
    /// and billed (type 5). A leg closed this way leaves its closing orders nothing to reduce:
    /// OKX cancels them (cancelSource 13). Algo orders stay; they fail when they trigger.
    func liquidate(_ p: FakePosition, book: AccountBook, sz: Quantity?) {
        guard let inst = instruments[p.instId] else { return }
        let lever = book.lever(p.instId)
        let size = sz ?? p.size
        let o = FakeOrder(ordId: makeId(), clOrdId: "", tag: "", instId: p.instId, tdMode: "isolated",
                          side: p.direction > 0 ? .sell : .buy, posSide: p.posSide, ordType: .market, px: nil, sz: size,
                          reduceOnly: true, lever: lever, now: now)
        o.category = sz == nil ? .fullLiquidation : .partialLiquidation
        book.orders[o.ordId] = o
        book.orderIds.append(o.ordId)
        counters.liquidations += 1
        guard let f = fill(o, book: book, px: p.bankruptcyPrice(inst: inst, lever: lever), sz: size, maker: false) else { return }
        book.bills.append(.liquidation(fill: f, bal: book.cash))
        guard book.position(p.instId, p.posSide) == nil else { return }
        var cancelled = false
        for id in book.orderIds {
            guard let c = book.orders[id], c.state.isOpen, c.instId == p.instId, c.posSide == p.posSide,
                  c.closesPosition else { continue }
            cancel(c, book: book, source: "13", reason: "Order canceled: the position was liquidated")
            cancelled = true
        }
        // The fill's account push went out before these cancels freed their margin.
        if cancelled { publishAccount(book) }
    }
}
