import BotCore
import Indicators

/// HYPERRSI's RSI and ATR on the chart's bars, one series per RSI length: what every HYPERRSI
/// bot of an instrument and timeframe with that length reads alike.
public struct HyperOscillators: SeriesIndicator, Equatable {
    public struct Reading: Sendable, Equatable {
        public var rsi: Double
        public var atr: Double?
    }

    public private(set) var rsi: Indicators.HyperRSI
    public private(set) var atr = ATR(period: HyperRSIStrategy.atrPeriod, variant: .hyperrsi)

    public init(rsiLength: Int) { rsi = Indicators.HyperRSI(period: rsiLength) }

    public mutating func close(_ c: Candle) -> Reading {
        let x = c.close.doubleValue
        return Reading(rsi: rsi.update(x), atr: atr.update(high: c.high.doubleValue, low: c.low.doubleValue, close: x))
    }

    public func peek(_ c: Candle) -> Reading {
        let x = c.close.doubleValue
        var atr = self.atr
        // RSI's and ATR's states are a few numbers: these copies are not the trend's arrays.
        var rsi = self.rsi
        return Reading(rsi: rsi.update(x), atr: atr.update(high: c.high.doubleValue, low: c.low.doubleValue, close: x))
    }
}

/// HYPERRSI's trend state as `trend_timeframe` reads it: the chart's own (`HyperTrend`), `auto`
/// (`AutoTrend`) or a fixed higher timeframe (`FixedTrend`). Its indicator state (three JMAs,
/// their kernels, the band state's pivots) is the bulk of a HYPERRSI bot: shared, it is kept
/// and computed once per instrument, timeframe and setting.
public struct HyperTrendSeries: SeriesIndicator, Equatable {
    public private(set) var chart = HyperTrend()
    public private(set) var auto: AutoTrend?
    public private(set) var fixed: FixedTrend?

    public init(_ p: HyperRSIStrategy.Params, chartMinutes: Int) {
        if p.trendTimeframe == .auto {
            // A 3m chart cannot build the 5m bars the seed's band state reads: it falls back
            // to its own trend (see README).
            auto = AutoTrend(chartMinutes: chartMinutes, formingHigherBar: p.trendFormingBar)
        } else if let minutes = p.trendTimeframe.minutes {
            // A timeframe the chart's bars cannot build (shorter, or not a multiple) reads the
            // chart's own trend (see README).
            fixed = FixedTrend(minutes: minutes, chartMinutes: chartMinutes, formingHigherBar: p.trendFormingBar)
        }
    }

    /// What names this series among others of the same chart.
    static func key(_ p: HyperRSIStrategy.Params) -> String {
        "trend=\(p.trendTimeframe.rawValue) forming=\(p.trendFormingBar)"
    }

    public mutating func close(_ c: Candle) -> Int {
        let x = c.close.doubleValue
        if auto != nil { return auto!.close(open: c.ts, close: x) }
        if fixed != nil { return fixed!.close(open: c.ts, close: x) }
        return chart.update(x)
    }

    public func peek(_ c: Candle) -> Int {
        let x = c.close.doubleValue
        if let auto { return auto.peek(open: c.ts, price: x) }
        if let fixed { return fixed.peek(open: c.ts, price: x) }
        return chart.peek(x)
    }
}
