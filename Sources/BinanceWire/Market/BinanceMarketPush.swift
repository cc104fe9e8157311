import BotCore

/// A `<symbol>@trade` message: one execution, the taker's side in `trade.side` (Binance says
/// whether the buyer was the maker).
public struct BinanceStreamTrade: Hashable, Sendable {
    /// `ts` is the trade time (`T`).
    public var trade: Trade
    public var tradeID: Int64
    /// When Binance sent it (`E`).
    public var eventMs: Int64

    public init(trade: Trade, tradeID: Int64, eventMs: Int64) {
        self.trade = trade
        self.tradeID = tradeID
        self.eventMs = eventMs
    }
}

/// A kline, from a `<symbol>@kline_<interval>` message or a REST row. A forming kline is sent
/// again and again until the one that closes it; only a closed one is final.
public struct BinanceKline: Hashable, Sendable {
    /// `ts` is the open time; the volume is in the base asset.
    public var candle: Candle
    public var interval: BinanceKlineInterval
    /// The last millisecond of the kline.
    public var closeMs: Int64
    public var closed: Bool

    public init(candle: Candle, interval: BinanceKlineInterval, closeMs: Int64, closed: Bool) {
        self.candle = candle
        self.interval = interval
        self.closeMs = closeMs
        self.closed = closed
    }
}

/// A `<symbol>@bookTicker` message: the best bid and ask with their quantities. Spot sends no
/// time with it; `updateID` orders them.
public struct BinanceBookTicker: Hashable, Sendable {
    public var updateID: Int64
    public var bid: Price
    public var bidQuantity: Quantity
    public var ask: Price
    public var askQuantity: Quantity

    public init(updateID: Int64, bid: Price, bidQuantity: Quantity, ask: Price, askQuantity: Quantity) {
        self.updateID = updateID
        self.bid = bid
        self.bidQuantity = bidQuantity
        self.ask = ask
        self.askQuantity = askQuantity
    }
}

/// What the hot parser makes of one text message of a combined market stream.
public enum BinanceMarketPush: Hashable, Sendable {
    case trade(symbol: String, BinanceStreamTrade)
    case kline(symbol: String, BinanceKline)
    case bookTicker(symbol: String, BinanceBookTicker)
    /// Anything else (control answers, errors, `serverShutdown`, other streams, raw payloads):
    /// the caller hands the message to `BinanceStreamMessage.decode`, which also reports
    /// whatever is wrong with it.
    case notHot
}
