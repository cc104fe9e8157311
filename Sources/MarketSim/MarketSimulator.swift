import BotCore

/// The market regimes the simulator switches between.
public enum Regime: String, Sendable, Codable, CaseIterable {
    case trendUp, trendDown, range, volatile
}

/// A seeded, deterministic, regime-switching market for one instrument.
///
/// Prices follow a log random walk whose drift and volatility depend on the regime: trends
/// drift, ranges revert to an anchor, bursts multiply volatility. Regimes last a random number
/// of minutes (a Markov chain checked once per simulated minute). Each minute has a random
/// number of trades; prices are rounded to the instrument's tick and sizes to its lot, so the
/// output is valid venue data. The same seed and settings always give the same market.
public struct MarketSimulator: Sendable {
    public struct Settings: Sendable, Codable, Equatable {
        public var startPrice: Price
        /// Mean trades per minute.
        public var tradesPerMinute: Int = 12
        /// Per-minute volatility (σ of log returns) in a calm regime.
        public var volatility: Double = 0.0008
        /// Expected regime length in minutes.
        public var meanRegimeMinutes: Double = 240
        public init(startPrice: Price) { self.startPrice = startPrice }
    }

    public let instrument: Instrument
    public let settings: Settings
    public private(set) var regime: Regime = .range
    public private(set) var ts: Int64
    private var rng: SplitMix64
    private var logPrice: Double
    private var anchor: Double
    private var drift = 0.0
    private var lastClose: Price?

    public init(instrument: Instrument, seed: UInt64, start ts: Int64, settings: Settings) {
        precondition(settings.startPrice.raw > 0, "start price must be positive")
        self.instrument = instrument
        self.settings = settings
        self.ts = ts - ts % 60_000
        rng = SplitMix64(seed: seed)
        logPrice = _log(settings.startPrice.doubleValue)
        anchor = logPrice
    }

    private mutating func switchRegime() {
        guard rng.unit() < 1 / settings.meanRegimeMinutes else { return }
        let r = rng.unit()
        regime = r < 0.3 ? .trendUp : r < 0.6 ? .trendDown : r < 0.85 ? .range : .volatile
        anchor = logPrice
        let strength = settings.volatility * (0.05 + 0.15 * rng.unit())
        drift = regime == .trendUp ? strength : regime == .trendDown ? -strength : 0
    }

    /// The trades of the next simulated minute, in time order.
    public mutating func nextMinute(into out: inout [Trade]) {
        switchRegime()
        let n = max(1, settings.tradesPerMinute / 2 + Int(rng.next() % UInt64(settings.tradesPerMinute + 1)))
        let sigma = settings.volatility * (regime == .volatile ? 3 : 1) / Double(n).squareRoot()
        let step = drift / Double(n)
        let gap = 60_000 / Int64(n + 1)
        for i in 0..<n {
            var move = step + sigma * rng.gaussian()
            if regime == .range { move += (anchor - logPrice) * 0.02 }
            logPrice += move
            let p = Price(_exp(logPrice), rounding: .halfEven) ?? settings.startPrice
            let price = max(p.rounded(toMultipleOf: instrument.tickSize, .halfEven), instrument.tickSize)
            let lots = 1 + Int64(rng.next() % 20)
            let qty = Quantity(raw: instrument.minSize.raw * lots)
            out.append(Trade(ts: ts + gap * Int64(i + 1), price: price, quantity: qty, side: rng.next() & 1 == 0 ? .buy : .sell))
        }
        ts += 60_000
    }

    /// A simulator whose first `minutes` minutes are history ending at `now`: call
    /// `minuteCandles(minutes)` to warm strategies up, then keep calling `nextMinute` for live
    /// trades that continue the same market.
    public static func warmedUp(instrument: Instrument, seed: UInt64, now: Int64, minutes: Int,
                                settings: Settings) -> MarketSimulator {
        let end = now - now % 60_000
        return MarketSimulator(instrument: instrument, seed: seed, start: end - Int64(minutes) * 60_000, settings: settings)
    }

    /// The next minute's trades (appended to `trades`) and the one-minute candle they make,
    /// opening at the previous candle's close.
    public mutating func nextBar(trades: inout [Trade]) -> Candle {
        let open = ts
        let start = trades.count
        nextMinute(into: &trades)
        let first = lastClose ?? trades[start].price
        var c = Candle(ts: open, open: first, high: first, low: first, close: first, volume: 0)
        for t in trades[start...] {
            c.high = max(c.high, t.price)
            c.low = min(c.low, t.price)
            c.close = t.price
            c.volume += t.quantity.doubleValue * instrument.contractValue.doubleValue
        }
        lastClose = c.close
        return c
    }

    /// `count` one-minute candles (open time stamped), built from the simulated trades.
    public mutating func minuteCandles(_ count: Int) -> [Candle] {
        var out: [Candle] = []
        out.reserveCapacity(count)
        var trades: [Trade] = []
        for _ in 0..<count {
            trades.removeAll(keepingCapacity: true)
            out.append(nextBar(trades: &trades))
        }
        return out
    }
}

#if canImport(Glibc)
import Glibc
@inline(__always) func _exp(_ x: Double) -> Double { Glibc.exp(x) }
#elseif canImport(Darwin)
import Darwin
@inline(__always) func _exp(_ x: Double) -> Double { Darwin.exp(x) }
#endif
