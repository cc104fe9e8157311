import BotCore

extension BinanceRest {
    /// `GET /api/v3/time`: the server's clock, to sign with (-1021 past the window).
    public static func serverTime() -> BinanceRequest {
        BinanceRequest(.get, "/api/v3/time", security: .none, weight: 1)
    }

    /// `GET /api/v3/exchangeInfo`: the symbols' rules (status, assets, order types, filters) and
    /// the rate limits in force; every symbol when `symbols` is empty, else those (sent as
    /// `symbol=` for one and as a JSON array in `symbols=` for more). Weight 20.
    public static func exchangeInfo(symbols: [String] = []) throws(BinanceRequestError) -> BinanceRequest {
        for s in symbols { try BinanceCheck.symbol(s, field: "symbols") }
        guard Set(symbols).count == symbols.count else {
            throw BinanceRequestError(field: "symbols", reason: "a symbol is listed twice (Binance refuses it, -1151)")
        }
        var q = BinanceQuery()
        if symbols.count == 1 {
            q.add("symbol", symbols[0])
        } else if symbols.count > 1 {
            q.add("symbols", "[" + symbols.map { "\"" + $0 + "\"" }.joined(separator: ",") + "]")
        }
        return BinanceRequest(.get, "/api/v3/exchangeInfo", query: q, security: .none, weight: 20)
    }

    /// `GET /api/v3/klines`: bars oldest first, at most `limit` (1…1000, Binance's default 500);
    /// `startTime`/`endTime` (epoch ms) bound their open times. Weight 2.
    public static func klines(symbol: String, interval: BinanceKlineInterval, startTime: Int64? = nil, endTime: Int64? = nil,
                              limit: Int? = nil) throws(BinanceRequestError) -> BinanceRequest {
        try BinanceCheck.symbol(symbol)
        try BinanceCheck.time(startTime, field: "startTime")
        try BinanceCheck.time(endTime, field: "endTime")
        if let startTime, let endTime, endTime < startTime {
            throw BinanceRequestError(field: "endTime", reason: "\(endTime) is before startTime \(startTime)")
        }
        try BinanceCheck.limit(limit, max: 1000)
        var q = BinanceQuery()
        q.add("symbol", symbol)
        q.add("interval", interval.rawValue)
        q.add("startTime", startTime)
        q.add("endTime", endTime)
        q.add("limit", limit)
        return BinanceRequest(.get, "/api/v3/klines", query: q, security: .none, weight: 2)
    }
}
