import BotCore
import HTTPTransport
import OKXWire

/// Closed candles of one instrument opening in `from..<to`, fetched from OKX's REST backwards
/// from `to`: OKX pages with `after` (bars older than that open time, newest first).
/// `market/candles` (300 a page) holds only the latest bars, so once it runs out the paging
/// goes on with `market/history-candles` (100 a page), which holds the older ones; an empty
/// page there is the venue saying there are no more. Forming bars (`confirm` 0) are left out.
struct OKXCandlePager {
    let rest: OKXRestClient
    let instId: String
    let bar: OKXBar
    /// The bar's length (ms).
    let span: Int64
    let from: Int64
    let to: Int64
    /// What has been fetched so far, newest first: on a failure, the most recent part.
    private var newestFirst: [Candle] = []
    private(set) var pages = 0

    static let recentPage: Int64 = 300
    static let historyPage: Int64 = 100
    /// Attempts of a page OKX refused for the rate (50011) or as busy (50013).
    static let attempts = 3

    init(rest: OKXRestClient, instId: String, bar: OKXBar, span: Int64, from: Int64, to: Int64) {
        self.rest = rest
        self.instId = instId
        self.bar = bar
        self.span = max(span, 1)
        // OKX's times are after the epoch; a negative start only risks overflow.
        self.from = max(from, 0)
        self.to = to
    }

    /// Oldest first.
    var bars: [Candle] { newestFirst.reversed() }

    mutating func run() async throws {
        var cursor = to
        var recent = true
        // A venue paging properly needs about one page per 100 bars; far more means it does not.
        let maxPages = bars(before: cursor) / 50 + 10
        while cursor > from {
            try Task.checkCancellation()
            guard Int64(pages) < maxPages else { throw OKXFeedError.badPaging(instId: instId, cursor: cursor) }
            let limit = Int(min(recent ? Self.recentPage : Self.historyPage, bars(before: cursor)))
            let request = recent ? try OKXRest.candles(instId: instId, bar: bar, after: cursor, limit: limit)
                                 : try OKXRest.historyCandles(instId: instId, bar: bar, after: cursor, limit: limit)
            let rows = try await fetch(request)
            pages += 1
            guard let oldest = rows.first?.candle.ts else {
                if recent {
                    recent = false
                    continue
                }
                return
            }
            guard oldest < cursor else { throw OKXFeedError.badPaging(instId: instId, cursor: cursor) }
            for row in rows.reversed() where row.confirmed && row.candle.ts >= from && row.candle.ts < cursor {
                // Strictly older than the last kept: a row given twice is kept once.
                if let kept = newestFirst.last, row.candle.ts >= kept.ts { continue }
                newestFirst.append(row.candle)
            }
            cursor = oldest
            // A short page of market/candles is the end of what it keeps, not of the venue's.
            if recent && rows.count < limit { recent = false }
        }
    }

    /// How many bars can open in `from..<cursor`.
    private func bars(before cursor: Int64) -> Int64 {
        let gap = cursor - from
        return gap <= 0 ? 0 : gap / span + (gap % span == 0 ? 0 : 1)
    }

    /// One page, oldest first; a page refused for the rate is asked again a little later.
    private func fetch(_ request: OKXRequest) async throws -> [OKXCandle] {
        var attempt = 1
        while true {
            let r = try await rest.send(request)
            let page = Result { () throws(OKXError) in try OKXCandleRows.decode(status: r.status, body: r.body, instId: instId) }
            guard case .failure(let e) = page, e.kind == .rateLimited || e.kind == .busy, attempt < Self.attempts else {
                return try page.get()
            }
            try await Task.sleep(for: .milliseconds(200 * attempt))
            attempt += 1
        }
    }
}

extension OKXBar {
    /// OKX's bar for `timeframe` on the runtime's grid (aligned to the epoch, UTC), or nil.
    /// Bars up to 4 hours divide 8 hours, so OKX's Hong Kong alignment is the same grid; longer
    /// ones need the `utc` variants. OKX has no 8-hour bar.
    init?(feedTimeframe timeframe: Timeframe) {
        let names: [Int: String] = [60: "1m", 180: "3m", 300: "5m", 900: "15m", 1800: "30m", 3600: "1H", 7200: "2H",
                                    14_400: "4H", 21_600: "6Hutc", 43_200: "12Hutc", 86_400: "1Dutc"]
        guard let text = names[timeframe.seconds], OKXBar(text).timeframe == timeframe else { return nil }
        self.init(text)
    }
}
