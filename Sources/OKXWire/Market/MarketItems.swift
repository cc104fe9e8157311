import BotCore

/// Where in the frame the parser is, for naming the field in an error.
enum MarketFieldPath {
    case none
    case arg(StaticString)
    case data
    case item(Int, StaticString?)
    case cell(Int, Int)

    static let candleColumns = ["ts", "o", "h", "l", "c", "vol", "volCcy", "volCcyQuote", "confirm"]

    var text: String {
        switch self {
        case .none: ""
        case .arg(let f): "arg.\(f)"
        case .data: "data"
        case .item(let i, nil): "data[\(i)]"
        case .item(let i, let f?): "data[\(i)].\(f)"
        case .cell(let i, let c): "data[\(i)][\(c)]" + (c < Self.candleColumns.count ? " (\(Self.candleColumns[c]))" : "")
        }
    }
}

/// The hot channels, as the frame's `arg.channel` names them.
enum MarketChannel {
    case tickers
    case trades
    /// The bar is the channel name after "candle".
    case candles(StringToken)
}

/// The items of `data` for each hot channel. Each reads the fields it needs in any order,
/// skips (and checks) the others, and refuses a field given twice or missing.
extension MarketScanner {
    mutating func tickers(_ path: inout MarketFieldPath) throws(MarketFault) -> [Ticker] {
        try openArray()
        var out: [Ticker] = []
        var first = true
        while try nextElement(&first) {
            path = .item(out.count, nil)
            try openObject()
            var last: Int64?, bid: Int64?, ask: Int64?, ts: Int64?
            var firstKey = true
            while let key = try nextKey(&firstKey) {
                path = .item(out.count, nil)
                if equals(key, "last") {
                    try once(last, "last", &path)
                    last = try fixedPoint(stringValue())
                } else if equals(key, "bidPx") {
                    try once(bid, "bidPx", &path)
                    bid = try fixedPoint(stringValue())
                } else if equals(key, "askPx") {
                    try once(ask, "askPx", &path)
                    ask = try fixedPoint(stringValue())
                } else if equals(key, "ts") {
                    try once(ts, "ts", &path)
                    ts = try milliseconds(stringValue())
                } else {
                    try skipValue()
                }
            }
            let index = out.count
            guard let last else { throw missing(.item(index, "last"), &path) }
            guard let bid else { throw missing(.item(index, "bidPx"), &path) }
            guard let ask else { throw missing(.item(index, "askPx"), &path) }
            guard let ts else { throw missing(.item(index, "ts"), &path) }
            out.append(Ticker(ts: ts, bid: Price(raw: bid), ask: Price(raw: ask), last: Price(raw: last)))
        }
        return out
    }

    mutating func trades(_ path: inout MarketFieldPath) throws(MarketFault) -> [Trade] {
        try openArray()
        var out: [Trade] = []
        var first = true
        while try nextElement(&first) {
            path = .item(out.count, nil)
            try openObject()
            var px: Int64?, sz: Int64?, ts: Int64?, side: Side?
            var firstKey = true
            while let key = try nextKey(&firstKey) {
                path = .item(out.count, nil)
                if equals(key, "px") {
                    try once(px, "px", &path)
                    px = try fixedPoint(stringValue())
                } else if equals(key, "sz") {
                    try once(sz, "sz", &path)
                    sz = try fixedPoint(stringValue())
                } else if equals(key, "side") {
                    try once(side, "side", &path)
                    side = try self.side(stringValue())
                } else if equals(key, "ts") {
                    try once(ts, "ts", &path)
                    ts = try milliseconds(stringValue())
                } else {
                    try skipValue()
                }
            }
            let index = out.count
            guard let px else { throw missing(.item(index, "px"), &path) }
            guard let sz else { throw missing(.item(index, "sz"), &path) }
            guard let side else { throw missing(.item(index, "side"), &path) }
            guard let ts else { throw missing(.item(index, "ts"), &path) }
            out.append(Trade(ts: ts, price: Price(raw: px), quantity: Quantity(raw: sz), side: side))
        }
        return out
    }

    /// Rows `[ts, o, h, l, c, vol, volCcy, volCcyQuote, confirm]`, every one a string; later
    /// columns, if OKX adds any, are skipped. The bar's volume is in base units: `vol` for
    /// spot, `volCcy` for derivatives (whose `vol` counts contracts).
    mutating func candles(derivative: Bool, _ path: inout MarketFieldPath) throws(MarketFault) -> [OKXCandle] {
        try openArray()
        var out: [OKXCandle] = []
        var first = true
        while try nextElement(&first) {
            let index = out.count
            path = .item(index, nil)
            try openArray()
            var ts: Int64 = 0, o: Int64 = 0, h: Int64 = 0, l: Int64 = 0, c: Int64 = 0
            var volume = 0.0, confirmed = false
            var column = 0, firstCell = true
            while try nextElement(&firstCell) {
                path = .cell(index, column)
                switch column {
                case 0: ts = try milliseconds(stringValue())
                case 1: o = try fixedPoint(stringValue())
                case 2: h = try fixedPoint(stringValue())
                case 3: l = try fixedPoint(stringValue())
                case 4: c = try fixedPoint(stringValue())
                case 5:
                    let t = try stringValue()
                    if !derivative { volume = try self.volume(t) }
                case 6:
                    let t = try stringValue()
                    if derivative { volume = try self.volume(t) }
                case 7: _ = try stringValue()
                case 8: confirmed = try confirm(stringValue())
                default: try skipValue()
                }
                column += 1
            }
            guard column >= 9 else {
                path = .item(index, nil)
                throw MarketFault(offset: pos - 1, reason: "a candle has 9 fields", shape: true)
            }
            out.append(OKXCandle(candle: Candle(ts: ts, open: Price(raw: o), high: Price(raw: h), low: Price(raw: l),
                                                close: Price(raw: c), volume: volume),
                                 confirmed: confirmed))
        }
        return out
    }

    private func once<T>(_ seen: T?, _ field: StaticString, _ path: inout MarketFieldPath) throws(MarketFault) {
        if case .item(let i, _) = path { path = .item(i, field) }
        guard seen == nil else { throw shape("field given twice") }
    }

    private func missing(_ at: MarketFieldPath, _ path: inout MarketFieldPath) -> MarketFault {
        path = at
        return MarketFault(offset: pos - 1, reason: "missing", shape: true)
    }
}
