import BotCore

extension Exchange {
    static let publicRoutes: [Route] = [
        .get("/api/v3/ping", weight: 1) { _, _ throws(APIError) in .object([]) },
        .get("/api/v3/time", weight: 1) { x, _ throws(APIError) in .object([("serverTime", .int(x.now))]) },
        .get("/api/v3/exchangeInfo", reads: ["symbol", "symbols"], weight: 20) { x, c throws(APIError) in try x.exchangeInfo(c.params) },
        Route(method: "GET", path: "/api/v3/depth", security: .none, reads: ["symbol", "limit"],
              weight: { p in depthWeight(Int(p["limit"] ?? "") ?? 100) }) { x, c throws(APIError) in try x.depth(c.params) },
        .get("/api/v3/klines", reads: ["symbol", "interval", "startTime", "endTime", "limit", "timeZone"], weight: 2) { x, c throws(APIError) in
            try x.klines(c.params)
        },
        Route(method: "GET", path: "/api/v3/ticker/price", security: .none, reads: ["symbol"],
              weight: { p in p["symbol"] == nil ? 4 : 2 }) { x, c throws(APIError) in try x.tickers(c.params, x.priceJSON) },
        Route(method: "GET", path: "/api/v3/ticker/bookTicker", security: .none, reads: ["symbol"],
              weight: { p in p["symbol"] == nil ? 4 : 2 }) { x, c throws(APIError) in try x.tickers(c.params, x.bookTickerJSON) },
    ]

    static func depthWeight(_ limit: Int) -> Int {
        switch limit {
        case ...100: 5
        case ...500: 25
        case ...1000: 50
        default: 250
        }
    }

    func symbol(_ p: Params) throws(APIError) -> BinanceFake.Symbol {
        guard let s = symbols[try p.required("symbol")] else { throw .badSymbol }
        return s
    }

    /// `symbol=X`, `symbols=["X","Y"]`, or every symbol.
    func exchangeInfo(_ p: Params) throws(APIError) -> JSON {
        var names = symbolOrder
        if let one = p["symbol"] {
            guard symbols[one] != nil else { throw .badSymbol }
            names = [one]
        } else if let list = p["symbols"] {
            guard let parsed = JSON.parse(list)?.array?.compactMap(\.string), !parsed.isEmpty else { throw .invalidValue("symbols") }
            for n in parsed where symbols[n] == nil { throw .badSymbol }
            names = parsed
        }
        return .object([
            ("timezone", "UTC"), ("serverTime", .int(now)), ("rateLimits", rateLimitsJSON()), ("exchangeFilters", []),
            ("symbols", .array(names.compactMap { symbols[$0]?.json })),
        ])
    }

    /// The fake's one-level book.
    func depth(_ p: Params) throws(APIError) -> JSON {
        let s = try symbol(p)
        let limit = Int(try p.int("limit") ?? 100)
        guard (1...5000).contains(limit) else { throw .invalidValue("limit") }
        return depthJSON(tapes[s.symbol]!)
    }

    /// Candles oldest first: from `startTime` on, up to `endTime`, at most `limit` (500, at
    /// most 1000); without `startTime`, the latest ones. The forming candle is the last.
    func klines(_ p: Params) throws(APIError) -> JSON {
        let s = try symbol(p)
        guard let interval = KlineInterval(try p.required("interval")) else { throw .badInterval }
        let limit = Int(try p.int("limit") ?? 500)
        guard (1...1000).contains(limit) else { throw .invalidValue("limit") }
        let start = try p.int("startTime"), end = try p.int("endTime")
        let all = interval.aggregate(tapes[s.symbol]!.oneMinute).filter { k in
            (start.map { k.openTime >= $0 } ?? true) && (end.map { k.openTime <= $0 } ?? true)
        }
        let rows = start == nil ? all.suffix(limit) : all.prefix(limit)
        return .array(rows.map { $0.row(spanMs: interval.ms) })
    }

    /// One symbol's object, or every symbol's in a list.
    func tickers(_ p: Params, _ item: (BinanceFake.Symbol) -> JSON) throws(APIError) -> JSON {
        if p["symbol"] != nil { return item(try symbol(p)) }
        return .array(symbolOrder.compactMap { symbols[$0] }.map(item))
    }

    func priceJSON(_ s: BinanceFake.Symbol) -> JSON {
        .object([("symbol", .string(s.symbol)), ("price", .dec(tapes[s.symbol]?.last ?? .zero))])
    }

    func bookTickerJSON(_ s: BinanceFake.Symbol) -> JSON {
        let t = tapes[s.symbol]!
        return .object([("symbol", .string(s.symbol)), ("bidPrice", .dec(t.bid ?? .zero)), ("bidQty", .dec(t.bidQty)),
                        ("askPrice", .dec(t.ask ?? .zero)), ("askQty", .dec(t.askQty))])
    }
}
