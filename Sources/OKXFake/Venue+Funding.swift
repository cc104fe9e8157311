import BotCore

extension Venue {
    /// Settles funding on `instId` now at `rate`: the history entry, then every open position
    /// on it pays or receives notional (at the mark, the fake's last price) × rate, billed.
    /// A long pays a positive rate and a short receives it; a negative rate runs the other way.
    func settleFunding(instId: String, rate: Ratio) throws(FakeError) {
        guard let inst = instruments[instId] else { throw FakeError("no instrument \(instId)") }
        guard let mark = last(instId) else { throw FakeError("\(instId) has no price to charge funding at") }
        let t = now
        // OKX settles once per funding time: settling again at the same time replaces the rate.
        var history = fundingHistory[instId, default: []].filter { $0.fundingTime != t }
        history.append(FakeFundingRate(instId: instId, rate: rate, fundingTime: t))
        fundingHistory[instId] = history

        for book in accounts.values.sorted(by: { $0.uid < $1.uid }) {
            var charged = false
            for key in book.positions.keys.sorted() {
                guard var p = book.positions[key], p.instId == instId, !p.size.isZero else { continue }
                let amount: Money = inst.notional(px: mark, sz: p.size).times(rate, .halfEven)
                let balChg = p.direction > 0 ? -amount : amount
                guard !balChg.isZero else { continue }
                book.cash += balChg
                p.fundingFee += balChg
                book.positions[key] = p
                book.bills.append(.funding(billId: makeId(), ts: t, instId: instId, balChg: balChg, bal: book.cash,
                                           sz: p.size, px: mark))
                counters.fundingBills += 1
                charged = true
            }
            if charged { publishAccount(book) }
        }
    }

    /// Settled rates, newest first; `after` and `before` are fundingTime cursors (older than,
    /// newer than).
    func fundingRateHistory(_ c: RESTCall) -> RESTResponse {
        guard let id = c.param("instId"), !id.isEmpty else { return .error(.empty("instId")) }
        guard instruments[id] != nil else { return .error(.noInstrument) }
        if let bad = c.nonInteger("after", "before", "limit") { return .error(.param(bad)) }
        let list = fundingHistory[id] ?? []
        return .ok(Self.page(list, id: { String($0.fundingTime) }, after: c.param("after"), before: c.param("before"),
                             limit: c.param("limit")).map(\.json))
    }
}
