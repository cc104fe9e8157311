import BotCore

extension Venue {
    /// The book follows a new last price: `books` subscribers get an update, `books5` a new
    /// five-level snapshot.
    func moveBook(instId: String, last: Price) {
        guard let inst = instruments[instId] else { return }
        var book = books[instId] ?? OrderBook()
        let changes = book.move(to: last, tick: inst.tickSz, lot: inst.lotSz)
        let (prev, seq) = book.advance()
        book.lastUpdateMs = now
        books[instId] = book
        publish(Push(channel: "books", instId: instId, action: "update", data: [.object([
            ("asks", OrderBook.json(changes.asks)), ("bids", OrderBook.json(changes.bids)), ("ts", JSON(now)),
            ("checksum", .number("0")), ("prevSeqId", .number(String(prev))), ("seqId", .number(String(seq))),
        ])]))
        publish(Push(channel: "books5", instId: instId, data: [books5JSON(instId)]))
    }

    func books5JSON(_ instId: String) -> JSON {
        let b = books[instId] ?? OrderBook()
        return .object([("asks", OrderBook.json(Array(b.asks.prefix(5)))), ("bids", OrderBook.json(Array(b.bids.prefix(5)))),
                        ("instId", .string(instId)), ("ts", JSON(now)), ("seqId", .number(String(b.seqId)))])
    }

    func bookSnapshot(_ s: WSSession, sub: WSSubscription, instId: String) {
        if sub.channel == "books5" {
            send(JSON.object([("arg", sub.arg), ("data", [books5JSON(instId)])]).text, to: s)
            return
        }
        guard bookSnapshots else { return }
        let b = books[instId] ?? OrderBook()
        send(JSON.object([("arg", sub.arg), ("action", "snapshot"), ("data", [.object([
            ("asks", OrderBook.json(b.asks)), ("bids", OrderBook.json(b.bids)), ("ts", JSON(now)), ("checksum", .number("0")),
            ("prevSeqId", .number("-1")), ("seqId", .number(String(b.seqId))),
        ])])]).text, to: s)
    }

    /// "About every 60 s with no changes": an update with no levels and prevSeqId == seqId.
    func bookHeartbeats() {
        for id in instrumentIds {
            guard var b = books[id], now - b.lastUpdateMs >= 60_000 else { continue }
            b.lastUpdateMs = now
            books[id] = b
            publish(Push(channel: "books", instId: id, action: "update", data: [.object([
                ("asks", .array([])), ("bids", .array([])), ("ts", JSON(now)), ("checksum", .number("0")),
                ("prevSeqId", .number(String(b.seqId))), ("seqId", .number(String(b.seqId))),
            ])]))
        }
    }

    func marketBooks(_ c: RESTCall) -> RESTResponse {
        guard let id = c.param("instId"), !id.isEmpty else { return .error(.empty("instId")) }
        guard instruments[id] != nil else { return .error(.noInstrument) }
        let n = min(max(Int(c.param("sz") ?? "1") ?? 1, 1), 400)
        let b = books[id] ?? OrderBook()
        return .ok([.object([("asks", OrderBook.json(Array(b.asks.prefix(n)))), ("bids", OrderBook.json(Array(b.bids.prefix(n)))),
                             ("ts", JSON(now)), ("seqId", .number(String(b.seqId)))])])
    }
}
