import BotCore

/// The payloads of the hot streams. Each reads the fields it needs in any order, skips (and
/// checks) the others, and refuses a field given twice or missing. `path` names the field
/// being read when a fault is thrown.
extension StreamScanner {
    /// `{"e":"trade","E":…,"s":…,"t":…,"p":…,"q":…,"T":…,"m":…}`: `m` true means the buyer
    /// made the market, so the taker sold.
    mutating func trade(_ path: inout StreamFieldPath) throws(StreamFault) -> (StreamToken, BinanceStreamTrade) {
        path = .data
        try openObject()
        var symbol: StreamToken?, id: Int64?, price: Int64?, quantity: Int64?, tradeMs: Int64?, eventMs: Int64?
        var buyerIsMaker: Bool?
        var first = true
        while let key = try nextKey(&first) {
            switch singleByte(key) {
            case UInt8(ascii: "s"):
                try once(symbol, .field("s"), &path)
                symbol = try symbolValue()
            case UInt8(ascii: "t"):
                try once(id, .field("t"), &path)
                id = try integerValue()
            case UInt8(ascii: "p"):
                try once(price, .field("p"), &path)
                price = try fixedPoint(stringValue())
            case UInt8(ascii: "q"):
                try once(quantity, .field("q"), &path)
                quantity = try fixedPoint(stringValue())
            case UInt8(ascii: "T"):
                try once(tradeMs, .field("T"), &path)
                tradeMs = try integerValue()
            case UInt8(ascii: "E"):
                try once(eventMs, .field("E"), &path)
                eventMs = try integerValue()
            case UInt8(ascii: "m"):
                try once(buyerIsMaker, .field("m"), &path)
                buyerIsMaker = try boolValue()
            default:
                path = .data
                try skipValue()
            }
        }
        guard let symbol else { throw missing(.field("s"), &path) }
        guard let id else { throw missing(.field("t"), &path) }
        guard let price else { throw missing(.field("p"), &path) }
        guard let quantity else { throw missing(.field("q"), &path) }
        guard let tradeMs else { throw missing(.field("T"), &path) }
        guard let eventMs else { throw missing(.field("E"), &path) }
        guard let buyerIsMaker else { throw missing(.field("m"), &path) }
        let trade = Trade(ts: tradeMs, price: Price(raw: price), quantity: Quantity(raw: quantity), side: buyerIsMaker ? .sell : .buy)
        return (symbol, BinanceStreamTrade(trade: trade, tradeID: id, eventMs: eventMs))
    }

    /// `{"e":"kline","E":…,"s":…,"k":{"t","T","i","o","c","h","l","v","x",…}}`.
    mutating func kline(_ path: inout StreamFieldPath) throws(StreamFault) -> (StreamToken, BinanceKline) {
        path = .data
        try openObject()
        var symbol: StreamToken?, kline: BinanceKline?
        var first = true
        while let key = try nextKey(&first) {
            switch singleByte(key) {
            case UInt8(ascii: "s"):
                try once(symbol, .field("s"), &path)
                symbol = try symbolValue()
            case UInt8(ascii: "k"):
                try once(kline, .field("k"), &path)
                kline = try klineBody(&path)
            default:
                path = .data
                try skipValue()
            }
        }
        guard let symbol else { throw missing(.field("s"), &path) }
        guard let kline else { throw missing(.field("k"), &path) }
        return (symbol, kline)
    }

    private mutating func klineBody(_ path: inout StreamFieldPath) throws(StreamFault) -> BinanceKline {
        try openObject()
        var openMs: Int64?, closeMs: Int64?, interval: BinanceKlineInterval?
        var o: Int64?, h: Int64?, l: Int64?, c: Int64?, volume: Double?, closed: Bool?
        var first = true
        while let key = try nextKey(&first) {
            switch singleByte(key) {
            case UInt8(ascii: "t"):
                try once(openMs, .kline("t"), &path)
                openMs = try integerValue()
            case UInt8(ascii: "T"):
                try once(closeMs, .kline("T"), &path)
                closeMs = try integerValue()
            case UInt8(ascii: "i"):
                try once(interval, .kline("i"), &path)
                interval = try self.interval(stringValue())
            case UInt8(ascii: "o"):
                try once(o, .kline("o"), &path)
                o = try fixedPoint(stringValue())
            case UInt8(ascii: "h"):
                try once(h, .kline("h"), &path)
                h = try fixedPoint(stringValue())
            case UInt8(ascii: "l"):
                try once(l, .kline("l"), &path)
                l = try fixedPoint(stringValue())
            case UInt8(ascii: "c"):
                try once(c, .kline("c"), &path)
                c = try fixedPoint(stringValue())
            case UInt8(ascii: "v"):
                try once(volume, .kline("v"), &path)
                volume = try self.volume(stringValue())
            case UInt8(ascii: "x"):
                try once(closed, .kline("x"), &path)
                closed = try boolValue()
            default:
                path = .field("k")
                try skipValue()
            }
        }
        guard let openMs else { throw missing(.kline("t"), &path) }
        guard let closeMs else { throw missing(.kline("T"), &path) }
        guard let interval else { throw missing(.kline("i"), &path) }
        guard let o else { throw missing(.kline("o"), &path) }
        guard let h else { throw missing(.kline("h"), &path) }
        guard let l else { throw missing(.kline("l"), &path) }
        guard let c else { throw missing(.kline("c"), &path) }
        guard let volume else { throw missing(.kline("v"), &path) }
        guard let closed else { throw missing(.kline("x"), &path) }
        path = .data
        let candle = Candle(ts: openMs, open: Price(raw: o), high: Price(raw: h), low: Price(raw: l), close: Price(raw: c),
                            volume: volume)
        return BinanceKline(candle: candle, interval: interval, closeMs: closeMs, closed: closed)
    }

    /// `{"u":…,"s":…,"b":…,"B":…,"a":…,"A":…}`.
    mutating func bookTicker(_ path: inout StreamFieldPath) throws(StreamFault) -> (StreamToken, BinanceBookTicker) {
        path = .data
        try openObject()
        var symbol: StreamToken?, update: Int64?, bid: Int64?, bidQty: Int64?, ask: Int64?, askQty: Int64?
        var first = true
        while let key = try nextKey(&first) {
            switch singleByte(key) {
            case UInt8(ascii: "s"):
                try once(symbol, .field("s"), &path)
                symbol = try symbolValue()
            case UInt8(ascii: "u"):
                try once(update, .field("u"), &path)
                update = try integerValue()
            case UInt8(ascii: "b"):
                try once(bid, .field("b"), &path)
                bid = try fixedPoint(stringValue())
            case UInt8(ascii: "B"):
                try once(bidQty, .field("B"), &path)
                bidQty = try fixedPoint(stringValue())
            case UInt8(ascii: "a"):
                try once(ask, .field("a"), &path)
                ask = try fixedPoint(stringValue())
            case UInt8(ascii: "A"):
                try once(askQty, .field("A"), &path)
                askQty = try fixedPoint(stringValue())
            default:
                path = .data
                try skipValue()
            }
        }
        guard let symbol else { throw missing(.field("s"), &path) }
        guard let update else { throw missing(.field("u"), &path) }
        guard let bid else { throw missing(.field("b"), &path) }
        guard let bidQty else { throw missing(.field("B"), &path) }
        guard let ask else { throw missing(.field("a"), &path) }
        guard let askQty else { throw missing(.field("A"), &path) }
        return (symbol, BinanceBookTicker(updateID: update, bid: Price(raw: bid), bidQuantity: Quantity(raw: bidQty),
                                          ask: Price(raw: ask), askQuantity: Quantity(raw: askQty)))
    }

    /// A non-empty string.
    private mutating func symbolValue() throws(StreamFault) -> StreamToken {
        let t = try stringValue()
        guard t.count > 0 else { throw StreamFault(offset: t.start, reason: "empty symbol", shape: true) }
        return t
    }

    private static let intervals: [(StaticString, BinanceKlineInterval)] = [
        ("1s", .oneSecond), ("1m", .oneMinute), ("3m", .threeMinutes), ("5m", .fiveMinutes), ("15m", .fifteenMinutes),
        ("30m", .thirtyMinutes), ("1h", .oneHour), ("2h", .twoHours), ("4h", .fourHours), ("6h", .sixHours),
        ("8h", .eightHours), ("12h", .twelveHours), ("1d", .oneDay), ("3d", .threeDays), ("1w", .oneWeek), ("1M", .oneMonth),
    ]

    private func interval(_ t: StreamToken) throws(StreamFault) -> BinanceKlineInterval {
        for (text, interval) in Self.intervals where equals(t, text) { return interval }
        throw StreamFault(offset: t.start, reason: "not a kline interval", shape: true)
    }

    private func once<T>(_ seen: T?, _ field: StreamFieldPath, _ path: inout StreamFieldPath) throws(StreamFault) {
        path = field
        guard seen == nil else { throw shape("field given twice") }
    }

    private func missing(_ at: StreamFieldPath, _ path: inout StreamFieldPath) -> StreamFault {
        path = at
        return StreamFault(offset: pos - 1, reason: "missing", shape: true)
    }
}
