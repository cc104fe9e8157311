import BotCore

/// One candlestick as OKX prints it: `[ts, o, h, l, c, vol, volCcy, volCcyQuote, confirm]`,
/// every field a string. For swaps `vol` is in contracts, `volCcy` in the base currency and
/// `volCcyQuote` in the quote currency.
public struct FakeCandle: Sendable, Equatable {
    /// Open time, epoch ms.
    public var ts: Int64
    public var open: Price
    public var high: Price
    public var low: Price
    public var close: Price
    public var vol: Quantity
    public var volCcy: Quantity
    public var volCcyQuote: Money
    /// "1" once the period has ended, "0" while it is forming.
    public var confirmed: Bool

    public init(ts: Int64, open: Price, high: Price, low: Price, close: Price, vol: Quantity = .zero,
                volCcy: Quantity = .zero, volCcyQuote: Money = .zero, confirmed: Bool = true) {
        self.ts = ts
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.vol = vol
        self.volCcy = volCcy
        self.volCcyQuote = volCcyQuote
        self.confirmed = confirmed
    }

    var row: JSON {
        [JSON(ts), JSON(open), JSON(high), JSON(low), JSON(close), JSON(vol), JSON(volCcy), JSON(volCcyQuote),
         .string(confirmed ? "1" : "0")]
    }

    /// Folds a later candle of the same period into this one.
    mutating func absorb(_ c: FakeCandle) {
        high = max(high, c.high)
        low = min(low, c.low)
        close = c.close
        vol += c.vol
        volCcy += c.volCcy
        volCcyQuote += c.volCcyQuote
    }
}

/// The bar sizes the candle endpoints accept, built from one-minute bars.
///
/// Every one of these divides eight hours, so OKX's Hong Kong-time alignment (UTC+8) and UTC
/// alignment agree; `6H`, `12H` and `1D` would not, and the fake refuses them (51000) rather
/// than answer with bars aligned differently from OKX's.
enum CandleBar {
    static let minutes: [String: Int64] = ["1m": 1, "3m": 3, "5m": 5, "15m": 15, "30m": 30, "1H": 60, "2H": 120, "4H": 240]

    /// `oneMinute` (ascending, the forming minute last) grouped into `barMinutes` bars; a bar is
    /// confirmed once its period is over on the fake's clock.
    static func aggregate(_ oneMinute: [FakeCandle], barMinutes: Int64, nowMs: Int64) -> [FakeCandle] {
        guard barMinutes > 1 else { return oneMinute }
        let span = barMinutes * 60_000
        var out: [FakeCandle] = []
        for c in oneMinute {
            let start = ISOTime.floorDiv(c.ts, span) * span
            if var last = out.last, last.ts == start {
                last.absorb(c)
                out[out.count - 1] = last
            } else {
                var bar = c
                bar.ts = start
                out.append(bar)
            }
        }
        for i in out.indices { out[i].confirmed = nowMs >= out[i].ts + span }
        return out
    }

    /// OKX's paging: `after` returns bars older than that ts, `before` bars newer than it; the
    /// newest first, at most `limit`. `before` alone gives the latest bars after it.
    static func page(_ ascending: [FakeCandle], after: Int64?, before: Int64?, limit: Int) -> [FakeCandle] {
        var rows = ascending.filter { c in (after.map { c.ts < $0 } ?? true) && (before.map { c.ts > $0 } ?? true) }
        rows.reverse()
        return Array(rows.prefix(limit))
    }
}
