import BotCore

extension BinanceFake {
    /// Prints a public trade on `symbol`: the new last price (and a book one tick either side
    /// of it), the trade, bookTicker and kline streams; resting orders it reaches fill at
    /// their price, stops it reaches trigger. `buyerIsMaker` is the stream's `m` (true: the
    /// taker sold).
    public func printTrade(_ symbol: String, price: Price, quantity: Quantity = 1, buyerIsMaker: Bool = false) throws(FakeError) {
        try core.with { x throws(FakeError) in try x.printTrade(symbol, price: price, qty: quantity, buyerIsMaker: buyerIsMaker) }
    }

    /// Sets the best bid and ask until the next trade: resting orders the new touch crosses
    /// trade against it; taker orders take at most these quantities.
    public func setBook(_ symbol: String, bid: Price, bidQuantity: Quantity = 100, ask: Price,
                        askQuantity: Quantity = 100) throws(FakeError) {
        try core.with { x throws(FakeError) in
            try x.setBook(symbol, bid: bid, bidQty: bidQuantity, ask: ask, askQty: askQuantity)
        }
    }

    public func lastPrice(_ symbol: String) -> Price? { core.with { $0.tapes[symbol]?.last } }

    /// The best bid and ask, nil before the first trade or `setBook`.
    public func book(_ symbol: String) -> (bid: Price, ask: Price)? {
        core.with { x in
            guard let t = x.tapes[symbol], let b = t.bid, let a = t.ask else { return nil }
            return (b, a)
        }
    }

    /// Adds closed one-minute candles to the history `klines` serves (open times are rounded
    /// down to the minute; a later copy of a minute wins).
    public func seedKlines(_ symbol: String, _ klines: [Kline]) throws(FakeError) {
        try core.with { x throws(FakeError) in
            guard x.tapes[symbol] != nil else { throw FakeError("no symbol \(symbol)") }
            x.tapes[symbol]!.seed(klines)
        }
    }

    public func addSymbol(_ symbol: Symbol) { core.with { $0.add(symbol) } }

    /// Sets a symbol's `status` (`HALT`, `BREAK`: listed, orders refused "Market is closed.").
    public func setSymbolStatus(_ symbol: String, _ status: String) throws(FakeError) {
        try core.with { x throws(FakeError) in
            guard x.symbols[symbol] != nil else { throw FakeError("no symbol \(symbol)") }
            x.symbols[symbol]!.status = status
        }
    }

    /// Whether a trade fills resting orders only up to its own size (so a large order fills
    /// in parts, PARTIALLY_FILLED), or whole (the default).
    public func setPartialFills(_ on: Bool) { core.with { $0.partialFills = on } }
}
