import BotCore

/// Why the feed cannot answer.
public enum BinanceFeedError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Binance has no kline of this length aligned to the epoch.
    case unsupportedTimeframe(Timeframe)
    /// A page of klines did not go forward in time: the answer cannot be trusted.
    case badPaging(symbol: String, cursor: Int64)

    public var description: String {
        switch self {
        case .unsupportedTimeframe(let t): "Binance has no \(t) klines aligned to UTC"
        case .badPaging(let symbol, let cursor): "Binance's klines for \(symbol) did not page on from \(cursor)"
        }
    }
}
