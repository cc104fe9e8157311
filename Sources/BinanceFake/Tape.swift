import BotCore

/// One symbol's market as the test drives it: the last trade, the best bid and ask, the
/// one-minute candles (closed and forming), and the ids Binance numbers per symbol.
///
/// The book is one level deep on each side: by default one tick either side of the last
/// trade, `touchQuantity` deep, until the test sets it (`BinanceFake.setBook`) or the next
/// trade moves it.
struct Tape {
    var last: Price?
    var lastTradeTime: Int64 = 0
    var bid: Price?
    var ask: Price?
    var bidQty: Quantity = .zero
    var askQty: Quantity = .zero
    /// bookTicker's `u` and depth's `lastUpdateId`: one more for every change published.
    var bookUpdateId: Int64 = 400_000_000
    /// The book as last published, to tell the depth stream which levels changed.
    var publishedBook: BookLevels?
    var nextTradeId: Int64 = 1_000_000
    var nextOrderId: Int64 = 10_000
    /// Closed one-minute candles, oldest first, and the minute being formed.
    var closed: [BinanceFake.Kline] = []
    var forming: BinanceFake.Kline?
    /// The forming candle changed since the kline streams last pushed it.
    var klineDirty = false
    var lastKlinePushMs: Int64 = 0

    static let maxClosed = 100_000
    /// A jump of the clock longer than this does not fill the gap with empty minutes.
    static let maxGapMinutes: Int64 = 10_000

    var levels: BookLevels { BookLevels(bid: bid, bidQty: bidQty, ask: ask, askQty: askQty) }

    mutating func makeTradeId() -> Int64 {
        nextTradeId += 1
        return nextTradeId
    }

    mutating func makeOrderId() -> Int64 {
        nextOrderId += 1
        return nextOrderId
    }

    /// The book after a trade at `px`: one tick either side, full depth again.
    mutating func reset(around px: Price, symbol: BinanceFake.Symbol) {
        bid = px - symbol.tickSize
        ask = px + symbol.tickSize
        bidQty = symbol.touchQuantity
        askQty = symbol.touchQuantity
    }

    /// Records a public trade in the forming minute (closing earlier minutes first); returns
    /// the minutes that closed.
    mutating func record(px: Price, qty: Quantity, buyerIsMaker: Bool, tradeId: Int64, at t: Int64) -> [BinanceFake.Kline] {
        let closedNow = closeMinutes(before: t)
        last = px
        lastTradeTime = t
        let quote: Money = px.times(qty, .halfEven)
        let one = BinanceFake.Kline(openTime: KlineInterval.oneMinute.start(of: t), open: px, high: px, low: px, close: px,
                                    volume: qty, quoteVolume: quote, trades: 1,
                                    takerBuyVolume: buyerIsMaker ? .zero : qty, takerBuyQuoteVolume: buyerIsMaker ? .zero : quote,
                                    firstTradeId: tradeId, lastTradeId: tradeId)
        // A minute without trades so far is a placeholder at the last close: its first trade opens it.
        if var f = forming, f.trades > 0 {
            f.absorb(one)
            forming = f
        } else {
            forming = one
        }
        klineDirty = true
        return closedNow
    }

    /// Closes the forming minute once the clock has left it, and the minutes without trades
    /// after it (flat at its close, as Binance prints them), and opens the current one. Only
    /// a tape that has traded forms minutes: seeded history alone stays as seeded.
    mutating func closeMinutes(before nowMs: Int64) -> [BinanceFake.Kline] {
        let current = KlineInterval.oneMinute.start(of: nowMs)
        guard let f = forming, f.openTime < current else { return [] }
        var out = [f]
        var t = f.openTime + 60_000
        if (current - t) / 60_000 > Self.maxGapMinutes { t = current }
        while t < current {
            out.append(.empty(openTime: t, at: f.close))
            t += 60_000
        }
        forming = .empty(openTime: current, at: f.close)
        closed += out
        if closed.count > Self.maxClosed { closed.removeFirst(closed.count - Self.maxClosed) }
        return out
    }

    /// Candles the test supplies as history, merged by open time (a later copy wins).
    mutating func seed(_ klines: [BinanceFake.Kline]) {
        var byTime: [Int64: BinanceFake.Kline] = [:]
        for k in closed { byTime[k.openTime] = k }
        for var k in klines {
            k.openTime = KlineInterval.oneMinute.start(of: k.openTime)
            byTime[k.openTime] = k
        }
        closed = byTime.values.sorted { $0.openTime < $1.openTime }
        if let l = closed.last, last == nil { last = l.close }
    }

    /// Every one-minute candle, oldest first, the forming one last.
    var oneMinute: [BinanceFake.Kline] { forming.map { closed + [$0] } ?? closed }
}

/// The fake's book: one level a side.
struct BookLevels: Equatable {
    var bid: Price?
    var bidQty: Quantity
    var ask: Price?
    var askQty: Quantity
}
