import BotCore

/// One instrument's market: the last price, recent public trades and one-minute candles,
/// all driven by the test (`OKXFake.setPrice`, `OKXFake.printTrade`).
struct MarketTape {
    struct Print {
        var tradeId: Int64
        var px: Price
        var sz: Quantity
        var side: Side
        var ts: Int64
        var seqId: Int64
    }

    var last: Price?
    var lastSz: Quantity = .zero
    var lastTs: Int64 = 0
    /// Newest last, capped: market/trades serves at most 500.
    var trades: [Print] = []
    /// Closed one-minute candles, oldest first.
    var closed: [FakeCandle] = []
    var forming: FakeCandle?
    var nextTradeId: Int64 = 1_000_000
    var seqId: Int64 = 100

    static let maxTrades = 1000

    /// Records a trade; returns the minute it closed, if the trade opened a new one.
    mutating func record(px: Price, sz: Quantity, side: Side, ts: Int64, inst: FakeInstrument) -> (Print, FakeCandle?) {
        let closedNow = closeMinutes(before: ts)
        nextTradeId += 1
        seqId += 1
        let p = Print(tradeId: nextTradeId, px: px, sz: sz, side: side, ts: ts, seqId: seqId)
        trades.append(p)
        if trades.count > Self.maxTrades { trades.removeFirst(trades.count - Self.maxTrades) }
        last = px
        lastSz = sz
        lastTs = ts
        let base: Quantity = sz.times(inst.ctVal, .halfEven)
        let quote: Money = px.times(base, .halfEven)
        let minute = ISOTime.floorDiv(ts, 60_000) * 60_000
        let one = FakeCandle(ts: minute, open: px, high: px, low: px, close: px, vol: sz, volCcy: base,
                             volCcyQuote: quote, confirmed: false)
        if var f = forming {
            f.absorb(one)
            forming = f
        } else {
            forming = one
        }
        return (p, closedNow.last)
    }

    /// Confirms the forming candle once the clock has left its minute; returns it then.
    mutating func closeMinutes(before nowMs: Int64) -> [FakeCandle] {
        guard var f = forming, nowMs >= f.ts + 60_000 else { return [] }
        f.confirmed = true
        closed.append(f)
        forming = nil
        return [f]
    }

    /// Candles the test supplies as history, merged by open time (a later copy wins).
    mutating func seed(_ candles: [FakeCandle]) {
        var byTs: [Int64: FakeCandle] = [:]
        for c in closed { byTs[c.ts] = c }
        for var c in candles {
            c.ts = ISOTime.floorDiv(c.ts, 60_000) * 60_000
            c.confirmed = true
            byTs[c.ts] = c
        }
        closed = byTs.values.sorted { $0.ts < $1.ts }
        if let l = closed.last, last == nil { last = l.close }
    }

    /// Every one-minute candle, oldest first, the forming one last.
    var oneMinute: [FakeCandle] { forming.map { closed + [$0] } ?? closed }

    func tradeJSON(_ p: Print, instId: String) -> JSON {
        .object([("instId", .string(instId)), ("tradeId", JSON(p.tradeId)), ("px", JSON(p.px)), ("sz", JSON(p.sz)),
                 ("side", .string(p.side.rawValue)), ("ts", JSON(p.ts)), ("count", "1"), ("source", "0"),
                 ("seqId", .number(String(p.seqId)))])
    }

    /// The ticker, its 24-hour figures taken from the candles of the last 24 hours.
    func tickerJSON(inst: FakeInstrument, nowMs: Int64) -> JSON? {
        guard let last else { return nil }
        let day = oneMinute.filter { $0.ts > nowMs - 86_400_000 }
        let open24h = day.first?.open ?? last
        let high = day.map(\.high).max() ?? last
        let low = day.map(\.low).min() ?? last
        let vol = day.reduce(Quantity.zero) { $0 + $1.vol }
        let volCcy = day.reduce(Quantity.zero) { $0 + $1.volCcy }
        let midnight = ISOTime.floorDiv(nowMs, 86_400_000) * 86_400_000
        let sod0 = oneMinute.first { $0.ts >= midnight }?.open ?? last
        let hkMidnight = ISOTime.floorDiv(nowMs + 28_800_000, 86_400_000) * 86_400_000 - 28_800_000
        let sod8 = oneMinute.first { $0.ts >= hkMidnight }?.open ?? last
        return .object([
            ("instType", .string(inst.instType)), ("instId", .string(inst.instId)), ("last", JSON(last)),
            ("lastSz", JSON(lastSz)), ("askPx", JSON(last + inst.tickSz)), ("askSz", "100"),
            ("bidPx", JSON(last - inst.tickSz)), ("bidSz", "100"), ("open24h", JSON(open24h)),
            ("high24h", JSON(high)), ("low24h", JSON(low)), ("volCcy24h", JSON(volCcy)), ("vol24h", JSON(vol)),
            ("ts", JSON(nowMs)), ("sodUtc0", JSON(sod0)), ("sodUtc8", JSON(sod8)),
        ])
    }
}
