import BotCore

extension OKXRest {
    /// `GET /api/v5/public/instruments`: tick, lot, minimum size, contract value, state.
    public static func instruments(_ type: OKXInstrumentType, instId: String? = nil) throws(OKXRequestError) -> OKXRequest {
        guard type != .any else { throw OKXRequestError(field: "instType", reason: "ANY is only for subscriptions") }
        if let instId { try OKXCheck.instId(instId) }
        var q = OKXQuery()
        q.add("instType", type.rawValue)
        q.add("instId", instId)
        return OKXRequest(.get, "/api/v5/public/instruments", query: q, isPrivate: false)
    }

    /// `GET /api/v5/public/time`: the server's clock, to sign with (50102 past 30 s of skew).
    public static func serverTime() -> OKXRequest { OKXRequest(.get, "/api/v5/public/time", isPrivate: false) }

    /// `GET /api/v5/market/candles`: recent bars, newest first, at most `limit` (≤ 300).
    /// `after` (epoch ms) asks for bars older than it, `before` newer.
    public static func candles(instId: String, bar: OKXBar, after: Int64? = nil, before: Int64? = nil,
                               limit: Int? = nil) throws(OKXRequestError) -> OKXRequest {
        try candleRequest("/api/v5/market/candles", instId, bar, after, before, limit, max: 300)
    }

    /// `GET /api/v5/market/history-candles`: older bars, at most `limit` (≤ 100) a page.
    public static func historyCandles(instId: String, bar: OKXBar, after: Int64? = nil, before: Int64? = nil,
                                      limit: Int? = nil) throws(OKXRequestError) -> OKXRequest {
        try candleRequest("/api/v5/market/history-candles", instId, bar, after, before, limit, max: 100)
    }

    private static func candleRequest(_ path: String, _ instId: String, _ bar: OKXBar, _ after: Int64?, _ before: Int64?,
                                      _ limit: Int?, max: Int) throws(OKXRequestError) -> OKXRequest {
        try OKXCheck.instId(instId)
        guard !bar.text.isEmpty, bar.text.utf8.allSatisfy({ (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) })
        else { throw OKXRequestError(field: "bar", reason: "'\(bar.text.prefix(20))' is not a bar") }
        try OKXCheck.limit(limit, max: max)
        var q = OKXQuery()
        q.add("instId", instId)
        q.add("bar", bar.text)
        q.add("after", after)
        q.add("before", before)
        q.add("limit", limit)
        return OKXRequest(.get, path, query: q, isPrivate: false)
    }
}

extension OKXRest {
    /// `GET /api/v5/public/funding-rate-history`: settled funding rates of a swap, newest
    /// first, at most `limit` (≤ 100). `after` (epoch ms) asks for older settlements, `before`
    /// newer.
    public static func fundingRateHistory(instId: String, after: Int64? = nil, before: Int64? = nil,
                                          limit: Int? = nil) throws(OKXRequestError) -> OKXRequest {
        try OKXCheck.instId(instId)
        try OKXCheck.limit(limit, max: 100)
        var q = OKXQuery()
        q.add("instId", instId)
        q.add("after", after)
        q.add("before", before)
        q.add("limit", limit)
        return OKXRequest(.get, "/api/v5/public/funding-rate-history", query: q, isPrivate: false)
    }
}
