import BotCore
import Indicators

/// GRID's band as a series: one per instrument, 15m chart and level count, read by every GRID
/// bot that trades them.
public struct GridBandSeries: SeriesIndicator, Equatable {
    public private(set) var band: GridBand
    let chartMs: Int64

    public init(count: Int, chartMs: Int64) {
        band = GridBand(count: count)
        self.chartMs = chartMs
    }

    public mutating func close(_ c: Candle) -> GridBand.Reading {
        band.update(ts: c.ts, chartMs: chartMs, high: c.high.doubleValue, low: c.low.doubleValue, close: c.close.doubleValue)
    }

    /// The levels move on closed bars only; a peek is what the bar would give if it closed now.
    public func peek(_ c: Candle) -> GridBand.Reading {
        var copy = self
        return copy.close(c)
    }
}
