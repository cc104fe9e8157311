/// HYPERRSI's `trend_state` of a fixed higher timeframe (`trend_timeframe = "1h"`, …), read on
/// the chart's bars: `HyperTrend` over bars of that timeframe built from the chart's bars, as
/// the seed's collector computes it from that timeframe's own candles. A chart bar opening at t
/// reads the higher bar containing t still forming (its close is the price of the moment), or,
/// when t starts a new one, the one that just closed; `formingHigherBar: false` reads only
/// closed higher bars.
public struct FixedTrend: Sendable, Codable, Equatable {
    public let chartMs: Int64
    public let formingHigherBar: Bool
    public private(set) var series: HigherSeries<HyperTrend>
    public private(set) var value = 0

    /// Nil unless `minutes` is a whole multiple of the chart's timeframe (at least one).
    public init?(minutes: Int, chartMinutes m: Int, formingHigherBar: Bool = true) {
        guard m > 0, minutes >= m, minutes % m == 0 else { return nil }
        chartMs = Int64(m) * 60_000
        series = HigherSeries(period: Int64(minutes) * 60_000, HyperTrend())
        self.formingHigherBar = formingHigherBar
    }

    /// A chart bar (open time `t`) closed at `close`; returns the trend state it reads.
    @discardableResult
    public mutating func close(open t: Int64, close x: Double) -> Int {
        series.absorb(chartOpen: t, chartMs: chartMs, close: x, closing: true)
        value = series.reading(chartOpen: t, useForming: formingHigherBar).0
        return value
    }

    /// The state for the chart bar opening at `t`, still forming at `price`; commits nothing
    /// and copies nothing.
    public func peek(open t: Int64, price x: Double) -> Int {
        series.peekReading(chartOpen: t, chartMs: chartMs, close: x, useForming: formingHigherBar).0
    }
}

extension HyperTrend: PeekableHigherBarIndicator {
    public mutating func add(_ close: Double) { update(close) }
    public var reading: Int { value }
}
