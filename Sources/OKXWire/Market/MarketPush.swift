import BotCore

/// A bar from a `candle*` channel with OKX's `confirm` flag: a forming bar is pushed again and
/// again until the one that closes it, and only that one may be treated as final.
public struct OKXCandle: Hashable, Sendable {
    public var candle: Candle
    /// `confirm` = "1": the bar is complete.
    public var confirmed: Bool

    public init(candle: Candle, confirmed: Bool) {
        self.candle = candle
        self.confirmed = confirmed
    }
}

/// The bar of a candle channel as OKX names it: `candle1m` → "1m", `candle1H` → "1H",
/// `candle1Dutc` → "1Dutc".
public struct OKXBar: Hashable, Sendable, CustomStringConvertible {
    public let text: String
    public init(_ text: String) { self.text = text }
    public var description: String { text }

    /// The bar as a runtime timeframe, when it is one. `Timeframe` aligns bars to the epoch
    /// (UTC); OKX aligns them to Hong Kong time (UTC+8) unless the channel ends in `utc`, which is
    /// the same grid only for bars that divide 8 hours. Weeks and months never line up.
    public var timeframe: Timeframe? {
        var t = Substring(text)
        let utc = t.hasSuffix("utc")
        if utc { t = t.dropLast(3) }
        guard let unit = t.last, let n = Int(t.dropLast()), n > 0, n <= 1000 else { return nil }
        let seconds: Int
        switch unit {
        case "s": seconds = n
        case "m": seconds = n * 60
        case "H": seconds = n * 3600
        case "D": seconds = n * 86400
        default: return nil
        }
        guard 86400 % seconds == 0, utc || (8 * 3600) % seconds == 0 else { return nil }
        return Timeframe(seconds: seconds)
    }
}

/// What the hot parser makes of one WebSocket text frame of OKX's public market data.
public enum OKXMarketPush: Hashable, Sendable {
    /// `trades` (aggregated per taker order) or `trades-all`.
    case trades(instId: String, [Trade])
    case tickers(instId: String, [Ticker])
    case candles(instId: String, bar: OKXBar, [OKXCandle])
    /// Anything else (events, books, private channels, `pong`): the caller hands the frame to
    /// the full decoder, which also reports whatever is wrong with it.
    case notHot
}
