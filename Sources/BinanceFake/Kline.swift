import BotCore

extension BinanceFake {
    /// One candlestick as `klines` and the kline streams print it.
    public struct Kline: Sendable, Equatable {
        /// Open time, epoch ms (the start of its interval).
        public var openTime: Int64
        public var open: Price
        public var high: Price
        public var low: Price
        public var close: Price
        /// Base asset traded.
        public var volume: Quantity
        /// Quote asset traded.
        public var quoteVolume: Money
        public var trades: Int64
        /// What takers bought: base, and quote.
        public var takerBuyVolume: Quantity
        public var takerBuyQuoteVolume: Money
        /// Ids of its first and last trade; -1 without trades.
        public var firstTradeId: Int64
        public var lastTradeId: Int64

        public init(openTime: Int64, open: Price, high: Price, low: Price, close: Price, volume: Quantity = .zero,
                    quoteVolume: Money = .zero, trades: Int64 = 0, takerBuyVolume: Quantity = .zero,
                    takerBuyQuoteVolume: Money = .zero, firstTradeId: Int64 = -1, lastTradeId: Int64 = -1) {
            self.openTime = openTime
            self.open = open
            self.high = high
            self.low = low
            self.close = close
            self.volume = volume
            self.quoteVolume = quoteVolume
            self.trades = trades
            self.takerBuyVolume = takerBuyVolume
            self.takerBuyQuoteVolume = takerBuyQuoteVolume
            self.firstTradeId = firstTradeId
            self.lastTradeId = lastTradeId
        }

        /// A minute without trades: flat at the last close, no volume.
        static func empty(openTime: Int64, at price: Price) -> Kline {
            Kline(openTime: openTime, open: price, high: price, low: price, close: price)
        }

        /// Folds a later candle of the same interval into this one.
        mutating func absorb(_ k: Kline) {
            high = max(high, k.high)
            low = min(low, k.low)
            close = k.close
            volume += k.volume
            quoteVolume += k.quoteVolume
            trades += k.trades
            takerBuyVolume += k.takerBuyVolume
            takerBuyQuoteVolume += k.takerBuyQuoteVolume
            if firstTradeId < 0 { firstTradeId = k.firstTradeId }
            if k.lastTradeId >= 0 { lastTradeId = k.lastTradeId }
        }

        /// The REST row: `[openTime, o, h, l, c, v, closeTime, quoteVolume, trades, takerBuyBase,
        /// takerBuyQuote, "0"]`.
        func row(spanMs: Int64) -> JSON {
            [.int(openTime), .dec(open), .dec(high), .dec(low), .dec(close), .dec(volume), .int(openTime + spanMs - 1),
             .dec(quoteVolume), .int(trades), .dec(takerBuyVolume), .dec(takerBuyQuoteVolume), "0"]
        }

        /// The stream's `k` object.
        func streamJSON(symbol: String, interval: KlineInterval, closed: Bool) -> JSON {
            .object([
                ("t", .int(openTime)), ("T", .int(openTime + interval.ms - 1)), ("s", .string(symbol)),
                ("i", .string(interval.name)), ("f", .int(firstTradeId)), ("L", .int(lastTradeId)), ("o", .dec(open)),
                ("c", .dec(close)), ("h", .dec(high)), ("l", .dec(low)), ("v", .dec(volume)), ("n", .int(trades)),
                ("x", .bool(closed)), ("q", .dec(quoteVolume)), ("V", .dec(takerBuyVolume)),
                ("Q", .dec(takerBuyQuoteVolume)), ("B", "0"),
            ])
        }
    }
}

/// The kline intervals the fake builds from one-minute candles: those aligned to UTC
/// midnight. `3d`, `1w` and `1M` (Monday- and month-aligned) and `1s` are refused (-1120).
struct KlineInterval: Equatable {
    let name: String
    let ms: Int64

    static let all: [KlineInterval] = [
        ("1m", 1), ("3m", 3), ("5m", 5), ("15m", 15), ("30m", 30), ("1h", 60), ("2h", 120), ("4h", 240), ("6h", 360),
        ("8h", 480), ("12h", 720), ("1d", 1440),
    ].map { KlineInterval(name: $0.0, ms: $0.1 * 60_000) }

    static let oneMinute = all[0]

    init(name: String, ms: Int64) {
        self.name = name
        self.ms = ms
    }

    init?(_ name: String) {
        guard let i = Self.all.first(where: { $0.name == name }) else { return nil }
        self = i
    }

    func start(of ms: Int64) -> Int64 { floorDiv(ms, self.ms) * self.ms }

    /// One-minute candles (ascending) grouped into this interval's candles.
    func aggregate(_ minutes: [BinanceFake.Kline]) -> [BinanceFake.Kline] {
        guard ms > 60_000 else { return minutes }
        var out: [BinanceFake.Kline] = []
        for m in minutes {
            let s = start(of: m.openTime)
            if var last = out.last, last.openTime == s {
                last.absorb(m)
                out[out.count - 1] = last
            } else {
                var k = m
                k.openTime = s
                out.append(k)
            }
        }
        return out
    }
}

/// Division rounding toward negative infinity, for times before 1970 too.
func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    a >= 0 ? a / b : (a - b + 1) / b
}
