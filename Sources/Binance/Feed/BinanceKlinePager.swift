import BinanceWire
import BotCore
import HTTPTransport

/// Closed klines of one symbol opening in `from..<to`, fetched from Binance's REST forwards
/// from `from`: `klines` takes `startTime`/`endTime` on open times and answers oldest first,
/// at most 1000 a page, so each page starts one bar after the last one's open. A short or
/// empty page is the venue saying there are no more. A kline still forming is left out.
struct BinanceKlinePager {
    let rest: BinanceRestClient
    let symbol: String
    let interval: BinanceKlineInterval
    /// The bar's length (ms).
    let span: Int64
    let from: Int64
    let to: Int64
    /// What has been fetched so far, oldest first: on a failure, the oldest part.
    private(set) var bars: [Candle] = []
    private(set) var pages = 0

    static let pageLimit: Int64 = 1000
    /// Attempts of a page Binance refused for the rate or as busy (the client waits out a
    /// Retry-After by itself before the next).
    static let attempts = 3
    /// A kline counts as closed only this long after its end on our idea of the venue's clock:
    /// that clock is a measured estimate, and a forming bar taken for closed would be sent on
    /// with the values of its first seconds and the real one dropped as a repeat.
    static let closedMarginMs: Int64 = 1_000

    init(rest: BinanceRestClient, symbol: String, interval: BinanceKlineInterval, span: Int64, from: Int64, to: Int64) {
        self.rest = rest
        self.symbol = symbol
        self.interval = interval
        self.span = max(span, 1)
        // Binance's times are after the epoch; a negative start is refused.
        self.from = max(from, 0)
        self.to = to
    }

    mutating func run() async throws {
        var cursor = from
        // Paging properly needs one page per 1000 bars; far more means the venue does not.
        let maxPages = bars(from: cursor) / 500 + 10
        while cursor < to {
            try Task.checkCancellation()
            guard Int64(pages) < maxPages else { throw BinanceFeedError.badPaging(symbol: symbol, cursor: cursor) }
            let limit = Int(min(Self.pageLimit, bars(from: cursor)))
            let rows = try await fetch(try BinanceRest.klines(symbol: symbol, interval: interval, startTime: cursor,
                                                              endTime: to - 1, limit: limit))
            pages += 1
            guard let newest = rows.last?.candle.ts else { return }
            guard newest >= cursor else { throw BinanceFeedError.badPaging(symbol: symbol, cursor: cursor) }
            for row in rows where row.closed && row.candle.ts >= cursor && row.candle.ts < to {
                // Strictly newer than the last kept: a row given twice is kept once.
                if let kept = bars.last, row.candle.ts <= kept.ts { continue }
                bars.append(row.candle)
            }
            if rows.count < limit || rows.last?.closed == false { return }
            cursor = newest + span
        }
    }

    /// How many bars can open in `cursor..<to`.
    private func bars(from cursor: Int64) -> Int64 {
        let gap = to - cursor
        return gap <= 0 ? 0 : gap / span + (gap % span == 0 ? 0 : 1)
    }

    /// One page, oldest first; a page refused for the rate or as busy is asked again.
    private func fetch(_ request: BinanceRequest) async throws -> [BinanceKline] {
        var attempt = 1
        while true {
            let (r, _) = try await rest.send(request)
            let closedBefore = rest.clock.nowMs - Self.closedMarginMs
            let page = Result { () throws(BinanceError) in
                try BinanceKlineRows.decode(status: r.status, body: r.body, interval: interval, serverTimeMs: closedBefore)
            }
            guard case .failure(let e) = page, e.kind == .rateLimited || e.kind == .busy, attempt < Self.attempts else {
                return try page.get()
            }
            try await Task.sleep(for: .milliseconds(200 * attempt))
            attempt += 1
        }
    }
}
