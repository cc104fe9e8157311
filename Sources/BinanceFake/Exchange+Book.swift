import BotCore

extension Exchange {
    /// Publishes a change of `s`'s book, if there was one, under a new update id:
    /// `@bookTicker`, the diff stream `@depth` (`U`…`u`, the levels that changed, 0 for one
    /// gone) and the partial book `@depth5/10/20`, each with and without `@100ms`.
    func publishBook(_ s: BinanceFake.Symbol) {
        var t = tapes[s.symbol]!
        let now = t.levels
        guard now != t.publishedBook else { return }
        let before = t.publishedBook
        t.bookUpdateId += 1
        t.publishedBook = now
        tapes[s.symbol] = t
        let u = t.bookUpdateId, name = s.streamSymbol

        publish(name + "@bookTicker", .object([
            ("u", .int(u)), ("s", .string(s.symbol)), ("b", .dec(now.bid ?? .zero)), ("B", .dec(now.bidQty)),
            ("a", .dec(now.ask ?? .zero)), ("A", .dec(now.askQty)),
        ]))
        func diff(_ old: Price?, _ new: Price?, _ qty: Quantity) -> JSON {
            var levels: [JSON] = []
            if let old, old != new { levels.append([.dec(old), .dec(Quantity.zero)]) }
            if let new { levels.append([.dec(new), .dec(qty)]) }
            return .array(levels)
        }
        let update = JSON.object([
            ("e", "depthUpdate"), ("E", .int(self.now)), ("s", .string(s.symbol)), ("U", .int(u)), ("u", .int(u)),
            ("b", diff(before?.bid, now.bid, now.bidQty)), ("a", diff(before?.ask, now.ask, now.askQty)),
        ])
        publish(name + "@depth", update)
        publish(name + "@depth@100ms", update)
        let partial = depthJSON(t)
        for levels in [5, 10, 20] {
            publish(name + "@depth\(levels)", partial)
            publish(name + "@depth\(levels)@100ms", partial)
        }
    }

    /// `{"lastUpdateId","bids","asks"}`: the REST snapshot and the partial depth streams.
    func depthJSON(_ t: Tape) -> JSON {
        func level(_ px: Price?, _ qty: Quantity) -> JSON { px.map { [[.dec($0), .dec(qty)]] } ?? [] }
        return .object([("lastUpdateId", .int(t.bookUpdateId)), ("bids", level(t.bid, t.bidQty)), ("asks", level(t.ask, t.askQty))])
    }
}
