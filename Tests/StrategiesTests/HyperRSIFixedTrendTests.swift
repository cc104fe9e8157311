import BotCore
import BotTestKit
import Indicators
@testable import Strategies
import TOML
import Testing

/// `trend_timeframe` set to a fixed timeframe: the trend state of that timeframe's bars, built
/// from the bot's own, as the seed's collector computes it from that timeframe's candles.
struct HyperRSIFixedTrendTests {
    static func strategy(_ tf: HyperRSIStrategy.TrendTimeframe, forming: Bool, chart: String = "5m") -> HyperRSIStrategy {
        var p = HyperRSIStrategy.Params()
        p.trendTimeframe = tf
        p.trendFormingBar = forming
        return HyperRSIStrategy(params: p, setup: StrategySetup(instrument: okxBTC, timeframe: Timeframe(chart)!))
    }

    @Test func eachChartBarReadsTheHourItsCloseCompleted() throws {
        let bars = Array(try CandleCSV.load(path: SharedData.path("binance_BTCUSDT_5m.csv")).prefix(12_000))
        let hours = BarBuilder.resample(bars, to: Timeframe("1h")!, base: Timeframe("5m")!)
        var direct = HyperTrend()
        var byClose: [Int64: Int] = [:]
        for h in hours { byClose[h.ts + 3_600_000] = direct.update(h.close.doubleValue) }
        var closedOnly = Self.strategy(.h1, forming: false), forming = Self.strategy(.h1, forming: true)
        var sink = IntentSink(bot: "x")
        let ctx = StrategyContext(time: 0, instrument: okxBTC, legs: Legs(), openOrders: 0)
        var last = 0, differing = 0
        var seen: Set<Int> = []
        // The trend over the hours closed so far, kept alongside.
        var closedHours = HyperTrend()
        let closeByEnd = Dictionary(uniqueKeysWithValues: hours.map { ($0.ts + 3_600_000, $0.close.doubleValue) })
        for b in bars {
            closedOnly.handle(.candleClosed(b, Timeframe("5m")!), context: ctx, into: &sink)
            forming.handle(.candleClosed(b, Timeframe("5m")!), context: ctx, into: &sink)
            sink.drain { _ in }
            if let closed = byClose[b.ts + 300_000] {
                last = closed
                closedHours.update(closeByEnd[b.ts + 300_000]!)
            }
            let c = try #require(closedOnly.trend.inspect { $0.fixed?.value }), f = try #require(forming.trend.inspect { $0.fixed?.value })
            #expect(c == last, "closed hours only at \(b.ts)")
            seen.insert(c)
            // Forming: the hours closed so far and this hour's close as of the bar, unless the
            // bar ends the hour (then it is closed) or opens one (then the last closed one).
            let endsHour = byClose[b.ts + 300_000] != nil, opensHour = b.ts % 3_600_000 == 0
            if !endsHour && !opensHour {
                var peek = closedHours
                peek.update(b.close.doubleValue)
                #expect(f == peek.value, "forming hour at \(b.ts)")
                if f != c { differing += 1 }
            } else {
                #expect(f == c)
            }
        }
        #expect(seen == [-2, 0, 2])
        #expect(differing > 0, "the forming hour's trend differs from the closed one's at times")
    }

    @Test func aTimeframeTheChartCannotBuildReadsTheChartsOwnTrend() {
        #expect(Self.strategy(.m15, forming: true, chart: "30m").trend.inspect { $0.fixed == nil })
        #expect(Self.strategy(.m5, forming: true, chart: "3m").trend.inspect { $0.fixed == nil })
        #expect(Self.strategy(.h4, forming: true, chart: "15m").trend.inspect { $0.fixed != nil })
        #expect(HyperRSIStrategy.trendBars(Self.strategy(.h1, forming: true).params, chartMinutes: 5)
                == 12 * HyperRSIStrategy.trendBars(Self.strategy(.chart, forming: true).params, chartMinutes: 5))
    }

    @Test func theKeyTakesTheFixedTimeframes() throws {
        for tf in ["5m", "15m", "30m", "1h", "4h", "auto", "chart"] {
            #expect(HyperRSIStrategy.TrendTimeframe(rawValue: tf) != nil)
        }
        #expect(HyperRSIStrategy.TrendTimeframe(rawValue: "2h") == nil)
    }
}
