import BotCore
import Indicators

/// The observation's market features as a series: one per instrument and 5m chart, read by
/// every `auroraq-ppo` bot that trades it (each model reads the same spec).
public struct AuroraQSeries: SeriesIndicator {
    var observation = AuroraObservation()

    public init() {}

    public mutating func close(_ c: Candle) -> AuroraObservation.Reading? {
        observation.update(high: c.high.doubleValue, low: c.low.doubleValue, close: c.close.doubleValue, volume: c.volume)
    }

    /// The strategy decides on closed bars only; this is what the bar would give if it closed now.
    public func peek(_ c: Candle) -> AuroraObservation.Reading? {
        observation.peek(high: c.high.doubleValue, low: c.low.doubleValue, close: c.close.doubleValue, volume: c.volume)
    }
}
