import BotCore

extension Venue {
    // MARK: The test drives the market.

    /// Prints a public trade: it sets the last price, feeds the candles and the ticker, and
    /// fills resting orders and triggers stops that the price crossed.
    func printTrade(instId: String, px: Price, sz: Quantity, side: Side) throws(FakeError) {
        guard let inst = instruments[instId] else { throw FakeError("no instrument \(instId)") }
        guard px.raw > 0, sz.raw > 0 else { throw FakeError("a trade needs a positive price and size") }
        let t = now
        let (print, closedMinute) = tapes[instId]!.record(px: px, sz: sz, side: side, ts: t, inst: inst)
        if let closedMinute { publishCandles(instId: instId, closed: closedMinute) }
        let tape = tapes[instId]!
        let trade = tape.tradeJSON(print, instId: instId)
        publish(Push(channel: "trades", instId: instId, data: [trade]))
        publish(Push(channel: "trades-all", instId: instId, data: [trade]))
        publishCandles(instId: instId, closed: nil)
        if let ticker = tape.tickerJSON(inst: inst, nowMs: t) { publish(Push(channel: "tickers", instId: instId, data: [ticker])) }
        moveBook(instId: instId, last: px)
        marketMoved(instId: instId, px: px, sz: sz)
    }

    /// Confirms candles whose minute the clock has left, and pushes them with confirm "1".
    func closeCandles() {
        for id in instrumentIds {
            for c in tapes[id]!.closeMinutes(before: now) { publishCandles(instId: id, closed: c) }
        }
    }

    /// Pushes the candle channels subscribed for `instId`: the minute just closed (`closed`),
    /// or the forming bar of every subscribed size.
    func publishCandles(instId: String, closed: FakeCandle?) {
        let tape = tapes[instId]!
        for (bar, minutes) in CandleBar.minutes {
            let channel = "candle" + bar
            guard isSubscribed(channel: channel, instId: instId) else { continue }
            let span = minutes * 60_000
            let candle: FakeCandle?
            if let closed {
                // A longer bar only closes with its last minute.
                guard (closed.ts + 60_000) % span == 0 else { continue }
                let start = closed.ts + 60_000 - span
                candle = CandleBar.aggregate(tape.closed.filter { $0.ts >= start && $0.ts <= closed.ts },
                                             barMinutes: minutes, nowMs: closed.ts + 60_000).last
            } else {
                guard let f = tape.forming else { continue }
                let start = ISOTime.floorDiv(f.ts, span) * span
                candle = CandleBar.aggregate(tape.oneMinute.filter { $0.ts >= start }, barMinutes: minutes, nowMs: now).last
            }
            if let candle { publish(Push(channel: channel, instId: instId, data: [candle.row])) }
        }
    }

    // MARK: Public endpoints.

    func publicTime() -> RESTResponse {
        .ok([.object([("ts", JSON(now))])])
    }

    func publicInstruments(_ c: RESTCall) -> RESTResponse {
        guard let type = c.param("instType"), !type.isEmpty else { return .error(.empty("instType")) }
        let ids = c.param("instId").map { [$0] } ?? instrumentIds
        let list = ids.compactMap { instruments[$0] }.filter { $0.instType == type }
        if let id = c.param("instId"), list.isEmpty, instruments[id] == nil { return .error(.noInstrument) }
        return .ok(list.map(\.json))
    }

    func marketCandles(_ c: RESTCall, history: Bool) -> RESTResponse {
        guard let id = c.param("instId"), !id.isEmpty else { return .error(.empty("instId")) }
        guard let tape = tapes[id] else { return .error(.noInstrument) }
        guard let minutes = CandleBar.minutes[c.param("bar") ?? "1m"] else { return .error(.param("bar")) }
        var after: Int64?, before: Int64?
        if let a = c.param("after"), !a.isEmpty { guard let v = Int64(a) else { return .error(.param("after")) }; after = v }
        if let b = c.param("before"), !b.isEmpty { guard let v = Int64(b) else { return .error(.param("before")) }; before = v }
        let maxLimit = history ? 100 : 300
        var limit = 100
        if let l = c.param("limit"), !l.isEmpty {
            guard let v = Int(l), v > 0 else { return .error(.param("limit")) }
            limit = min(v, maxLimit)
        }
        var bars = CandleBar.aggregate(tape.oneMinute, barMinutes: minutes, nowMs: now)
        // market/candles keeps the latest 1,440 bars; history-candles holds the older, closed ones too.
        if history { bars = bars.filter(\.confirmed) } else { bars = Array(bars.suffix(1440)) }
        return .ok(CandleBar.page(bars, after: after, before: before, limit: limit).map(\.row))
    }

    func marketTicker(_ c: RESTCall) -> RESTResponse {
        guard let id = c.param("instId"), !id.isEmpty else { return .error(.empty("instId")) }
        guard let inst = instruments[id], let tape = tapes[id] else { return .error(.noInstrument) }
        return .ok(tape.tickerJSON(inst: inst, nowMs: now).map { [$0] } ?? [])
    }

    func marketTrades(_ c: RESTCall) -> RESTResponse {
        guard let id = c.param("instId"), !id.isEmpty else { return .error(.empty("instId")) }
        guard let tape = tapes[id] else { return .error(.noInstrument) }
        let limit = min(max(Int(c.param("limit") ?? "100") ?? 100, 1), 500)
        return .ok(tape.trades.suffix(limit).reversed().map { tape.tradeJSON($0, instId: id) })
    }
}
