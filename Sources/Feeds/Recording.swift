import BotCore

/// A recorded market replayed minute by minute instead of the simulator: one-minute candles,
/// or trades from which each minute's candle is built. A minute without data publishes no
/// candle, as a venue's feed does not; the bar builders downstream handle the gap.
struct Recording: Sendable {
    enum Data: Sendable {
        case candles([Candle])
        case trades([Trade])
    }

    let data: Data
    private var index = 0
    /// Open time of the next minute to publish.
    private(set) var clock: Int64

    init(_ data: Data) {
        self.data = data
        let first: Int64
        switch data {
        case .candles(let c): first = c.first?.ts ?? 0
        case .trades(let t): first = t.first?.ts ?? 0
        }
        clock = first - first % 60_000
    }

    var isFinished: Bool {
        switch data {
        case .candles(let c): index >= c.count
        case .trades(let t): index >= t.count
        }
    }

    /// The first `minutes` minutes as history bars (trades are not published for history).
    mutating func history(minutes: Int) -> [Candle] {
        var bars: [Candle] = []
        var ignored: [Trade] = []
        for _ in 0..<minutes where !isFinished {
            if let b = nextMinute(trades: &ignored) { bars.append(b) }
            ignored.removeAll(keepingCapacity: true)
        }
        return bars
    }

    /// The next minute: its trades appended to `trades`, and its candle if it has one.
    mutating func nextMinute(trades out: inout [Trade]) -> Candle? {
        let start = clock, end = clock + 60_000
        clock = end
        switch data {
        case .candles(let c):
            var bar: Candle?
            while index < c.count, c[index].ts < end {
                if c[index].ts >= start { bar = c[index] }
                index += 1
            }
            return bar
        case .trades(let t):
            var bar: Candle?
            var volume = Quantity.zero
            while index < t.count, t[index].ts < end {
                let x = t[index]
                index += 1
                out.append(x)
                volume += x.quantity
                if var b = bar {
                    b.high = max(b.high, x.price)
                    b.low = min(b.low, x.price)
                    b.close = x.price
                    bar = b
                } else {
                    bar = Candle(ts: start, open: x.price, high: x.price, low: x.price, close: x.price, volume: 0)
                }
            }
            bar?.volume = volume.doubleValue
            return bar
        }
    }
}
