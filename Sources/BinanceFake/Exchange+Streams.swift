import BotCore

extension Exchange {
    /// A control message on a market stream connection: SUBSCRIBE, UNSUBSCRIBE,
    /// LIST_SUBSCRIPTIONS, SET_PROPERTY and GET_PROPERTY (`combined`), answered
    /// `{"result":…,"id":…}`, or `{"code":…,"msg":…,"id":…}` with the stream service's codes.
    func streamRequest(_ text: String, _ s: WSConnection) {
        guard let msg = JSON.parse(text), case .object = msg else {
            return send(JSON.object([("code", .int(3)), ("msg", "Invalid JSON: expected value at line 1 column 1")]).text, to: s)
        }
        let id = msg["id"] ?? .null
        func fail(_ code: Int, _ text: String) {
            send(JSON.object([("code", .int(code)), ("msg", .string(text)), ("id", Self.isValidStreamId(id) ? id : .null)]).text, to: s)
        }
        func done(_ result: JSON) { send(JSON.object([("result", result), ("id", id)]).text, to: s) }
        guard Self.isValidStreamId(id) else {
            return fail(2, "Invalid request: request ID must be an unsigned integer or a string of up to 36 letters and digits")
        }
        guard let method = msg["method"]?.string else { return fail(2, "Invalid request: missing field `method`") }
        switch method {
        case "SUBSCRIBE", "UNSUBSCRIBE":
            guard let names = msg["params"]?.array?.compactMap(\.string), names.count == msg["params"]?.array?.count else {
                return fail(2, "Invalid request: missing field `params`")
            }
            if let bad = names.first(where: { !Self.isStreamName($0) }) { return fail(2, "Invalid request: invalid stream name '\(bad)'") }
            if method == "SUBSCRIBE" {
                let new = names.filter { !s.streams.contains($0) }
                guard s.streams.count + new.count <= limits.streamsPerConnection else {
                    return fail(2, "Invalid request: too many streams (at most \(limits.streamsPerConnection) per connection)")
                }
                for n in new where !s.streams.contains(n) { s.streams.append(n) }
            } else {
                s.streams.removeAll { names.contains($0) }
            }
            done(.null)
        case "LIST_SUBSCRIPTIONS":
            done(.array(s.streams.map(JSON.string)))
        case "SET_PROPERTY", "GET_PROPERTY":
            let params = msg["params"]?.array ?? []
            guard params.first?.string == "combined" else { return fail(0, "Unknown property") }
            if method == "GET_PROPERTY" { return done(.bool(s.combined)) }
            guard params.count == 2, let on = params[1].bool else { return fail(2, "Invalid request: invalid value for `combined`") }
            s.kind = .streams(combined: on)
            done(.null)
        default:
            fail(2, "Invalid request: unknown variant `\(method)`, expected one of `SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`, `SET_PROPERTY`, `GET_PROPERTY`")
        }
    }

    /// `<lowercase symbol>@<stream>`: Binance's names are lowercase before the `@`.
    static func isStreamName(_ n: String) -> Bool {
        guard let at = n.firstIndex(of: "@"), at != n.startIndex, n.index(after: at) != n.endIndex else { return false }
        let symbol = n[..<at].utf8, rest = n[n.index(after: at)...].utf8
        return symbol.allSatisfy { (48...57).contains($0) || (97...122).contains($0) }
            && rest.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: "\"") }
    }

    /// An int64, a string of 1 to 36 letters and digits, or null.
    static func isValidStreamId(_ id: JSON) -> Bool {
        switch id {
        case .null: true
        case .number(let n): Int64(n) != nil
        case .string(let s): (1...36).contains(s.utf8.count) && s.utf8.allSatisfy { (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) }
        default: false
        }
    }

    /// Sends `payload` on every connection subscribed to `stream`: wrapped as
    /// `{"stream":…,"data":…}` on combined connections, as is on raw ones.
    func publish(_ stream: String, _ payload: JSON) {
        for s in sessions.values.sorted(by: { $0.id < $1.id }) where !s.closed && s.streams.contains(stream) {
            send((s.combined ? JSON.object([("stream", .string(stream)), ("data", payload)]) : payload).text, to: s)
        }
    }

    func isSubscribed(_ stream: String) -> Bool { sessions.values.contains { $0.streams.contains(stream) } }

    /// The kline intervals someone is subscribed to for `s`.
    func subscribedIntervals(_ s: BinanceFake.Symbol) -> [KlineInterval] {
        KlineInterval.all.filter { isSubscribed(s.streamSymbol + "@kline_" + $0.name) }
    }

    func publishKline(_ s: BinanceFake.Symbol, _ k: BinanceFake.Kline, _ interval: KlineInterval, closed: Bool) {
        publish(s.streamSymbol + "@kline_" + interval.name, .object([
            ("e", "kline"), ("E", .int(now)), ("s", .string(s.symbol)),
            ("k", k.streamJSON(symbol: s.symbol, interval: interval, closed: closed)),
        ]))
    }

    /// Closes the minutes the clock has left, pushing every interval that ended with them
    /// (`x` true); then, every 2 s, the forming candles that changed (`x` false).
    func closeMinutes() {
        let t = now
        for name in symbolOrder {
            guard let s = symbols[name] else { continue }
            let minutes = tapes[name]!.closeMinutes(before: t)
            for m in minutes { publishClosed(s, minute: m) }
            var tape = tapes[name]!
            guard tape.klineDirty, t - tape.lastKlinePushMs >= 2000 else { continue }
            tape.klineDirty = false
            tape.lastKlinePushMs = t
            tapes[name] = tape
            for interval in subscribedIntervals(s) {
                let start = interval.start(of: t)
                if let k = interval.aggregate(tape.oneMinute.filter { $0.openTime >= start }).last {
                    publishKline(s, k, interval, closed: false)
                }
            }
        }
    }

    /// A minute closed: every subscribed interval ending with it is pushed closed.
    func publishClosed(_ s: BinanceFake.Symbol, minute: BinanceFake.Kline) {
        let end = minute.openTime + 60_000
        for interval in subscribedIntervals(s) where end % interval.ms == 0 {
            let closedMinutes = tapes[s.symbol]!.closed.filter { $0.openTime >= end - interval.ms && $0.openTime < end }
            if let k = interval.aggregate(closedMinutes).last { publishKline(s, k, interval, closed: true) }
        }
    }
}
