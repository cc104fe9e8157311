

/// Builds bars of a higher timeframe from base bars as they arrive.
///
/// After each base bar the forming bar holds exactly what is known at that moment (never a
/// later base bar); it is reported closed when its last base bar has arrived, or late, when
/// the data skips past its end.
public struct BarBuilder: Sendable {
    public let timeframe: Timeframe
    public let base: Timeframe
    public private(set) var forming: Candle?

    public init(timeframe: Timeframe, base: Timeframe) {
        precondition(timeframe.seconds % base.seconds == 0, "timeframe must be a multiple of the base")
        self.timeframe = timeframe
        self.base = base
    }

    /// Adds a base bar. Returns a bar that a data gap closed before this one, if any; then
    /// `forming` is updated and `isComplete` tells whether it just closed on time.
    public mutating func add(_ c: Candle) -> Candle? {
        let open = timeframe.barOpen(c.ts)
        var late: Candle?
        if let f = forming, f.ts != open {
            late = f
            forming = nil
        }
        if var f = forming {
            if c.high > f.high { f.high = c.high }
            if c.low < f.low { f.low = c.low }
            f.close = c.close
            f.volume += c.volume
            forming = f
        } else {
            forming = Candle(ts: open, open: c.open, high: c.high, low: c.low, close: c.close, volume: c.volume)
        }
        lastBaseTs = c.ts
        return late
    }

    private var lastBaseTs: Int64 = 0

    /// True when the forming bar's last base bar has been added.
    public var isComplete: Bool {
        guard let f = forming else { return false }
        return lastBaseTs + base.milliseconds >= f.ts + timeframe.milliseconds
    }

    /// Elapsed fraction of the forming bar after the last base bar (0…1).
    public var progress: Double {
        guard let f = forming else { return 0 }
        return Double(lastBaseTs + base.milliseconds - f.ts) / Double(timeframe.milliseconds)
    }

    /// Takes the forming bar as closed.
    public mutating func close() -> Candle? {
        defer { forming = nil }
        return forming
    }
}

extension BarBuilder {
    /// The closed bars of `timeframe` built from `candles` (base bars, increasing); a last bar
    /// still short of its base bars is left out.
    public static func resample(_ candles: [Candle], to timeframe: Timeframe, base: Timeframe) -> [Candle] {
        guard timeframe != base else { return candles }
        var b = BarBuilder(timeframe: timeframe, base: base)
        var out: [Candle] = []
        out.reserveCapacity(candles.count * base.seconds / timeframe.seconds + 1)
        for c in candles {
            if let late = b.add(c) { out.append(late) }
            if b.isComplete, let done = b.close() { out.append(done) }
        }
        return out
    }
}

extension BarBuilder {
    /// One-minute candles (oldest first) as bars of `timeframe`; the last one included even
    /// when its minutes end early (a history that stops mid-bar, or a hole the venue confirms).
    public static func aggregate(_ minutes: [Candle], to timeframe: Timeframe) -> [Candle] {
        let base = Timeframe(seconds: 60)
        guard timeframe != base else { return minutes }
        var b = BarBuilder(timeframe: timeframe, base: base)
        var out: [Candle] = []
        for c in minutes {
            if let late = b.add(c) { out.append(late) }
            if b.isComplete, let done = b.close() { out.append(done) }
        }
        if let rest = b.close() { out.append(rest) }
        return out
    }
}
