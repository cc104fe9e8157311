/// Why RiskGuard refused an order, as a stable code plus the numbers that decided it
/// (`MIN_NOTIONAL: notional=4.2, min_notional=5`). The order never left the process.
public struct RiskDenial: Hashable, Sendable, Codable, Error, CustomStringConvertible {
    public enum Code: String, Sendable, Codable, CaseIterable {
        case quantityBelowMinimum = "QUANTITY_BELOW_MINIMUM"
        case notionalBelowMinimum = "MIN_NOTIONAL"
        case maxPositionExceeded = "MAX_POSITION"
        case maxNotionalExceeded = "MAX_NOTIONAL"
        case maxUserNotionalExceeded = "MAX_USER_NOTIONAL"
        case maxOpenOrders = "MAX_OPEN_ORDERS"
        case priceBand = "PRICE_BAND"
        case dailyLossKillSwitch = "DAILY_LOSS"
        case reduceOnlyExceedsPosition = "REDUCE_ONLY_EXCEEDS_POSITION"
        case invalidPrice = "INVALID_PRICE"
        case noMarketPrice = "NO_MARKET_PRICE"
        case leverageExceeded = "MAX_LEVERAGE"
        case unknownOrder = "UNKNOWN_ORDER"
        case duplicateOrderID = "DUPLICATE_ORDER_ID"
        /// A quote size on an order it cannot size (not a market order, or reduce-only), or
        /// not a positive amount.
        case invalidQuoteQuantity = "INVALID_QUOTE_QUANTITY"
        /// The bot is replaying history after a start: nothing may leave.
        case warmingUp = "WARMING_UP"
        /// The bot is paused or stopping.
        case botNotRunning = "BOT_NOT_RUNNING"
    }
    public var code: Code
    public var detail: String
    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }
    public var description: String { detail.isEmpty ? code.rawValue : "\(code.rawValue): \(detail)" }
}

/// What happened to an order, as reported to the bot that owns it.
public enum OrderEvent: Hashable, Sendable, Codable {
    case accepted(ClientOrderID)
    /// The venue (or paper engine) refused it; `reason` is the venue's code and message.
    case rejected(ClientOrderID, reason: String)
    case cancelled(ClientOrderID)
    case expired(ClientOrderID)
    /// A stop order's trigger was crossed; it now works as a market or limit order.
    case triggered(ClientOrderID)
    /// The venue says the order is wholly filled. Sent where the fills cannot tell: an order
    /// sized in quote (`OrderRequest.quoteQuantity`), whose base quantity was the venue's.
    case completed(ClientOrderID)
    case filled(Fill)
    /// A position was liquidated by the venue (isolated margin exhausted).
    case liquidated(Fill)

    public var orderID: ClientOrderID {
        switch self {
        case .accepted(let id), .rejected(let id, _), .cancelled(let id), .expired(let id), .triggered(let id), .completed(let id): id
        case .filled(let f), .liquidated(let f): f.orderID
        }
    }
}

/// A value pushed into the runtime from outside the market, e.g. a sentiment score.
public struct ExternalSignal: Hashable, Sendable, Codable {
    public var ts: Int64
    public var name: String
    public var value: Double
    public init(ts: Int64, name: String, value: Double) {
        self.ts = ts
        self.name = name
        self.value = value
    }
}

/// Everything a strategy can be told. Strategies switch on this one enum.
public enum BotEvent: Hashable, Sendable {
    /// A bar of the bot's timeframe (or a higher one it subscribed to) has closed.
    case candleClosed(Candle, Timeframe)
    /// The bar still forming, as of the latest trade or base bar; `progress` is the elapsed
    /// fraction of the bar (0…1). A strategy never sees data from after this moment.
    case candleForming(Candle, Timeframe, progress: Double)
    case trade(Trade)
    case ticker(Ticker)
    /// The market has no bars from `from` to `to` (ms, open times): the venue confirmed the
    /// hole (an outage). Comes before the first bar after it.
    case gap(from: Int64, to: Int64)
    case order(OrderEvent)
    /// RiskGuard refused an intent of this bot: it never reached the venue.
    case riskRejected(ClientOrderID, RiskDenial)
    /// A timer the strategy asked for; `ts` is when it fired (event time, not wall clock).
    case timer(id: Int, ts: Int64)
    /// The venue charged funding on the bot's swap positions (already booked in its ledger).
    case funding(FundingCharge)
    case signal(ExternalSignal)
    /// A user changed the strategy's take-profit or stop by hand (strategies that take such
    /// changes declare `takesManualChanges`); `seq` is its number in the event log.
    case manual(ManualChange, seq: Int64)
    /// A user closed the bot's position at market by hand (`by`: who, as the audit log names
    /// them): its open orders are cancelled and each leg closed, then the bot goes on.
    case closeByHand(by: String)
}

/// What a strategy asks the runtime to do.
public enum Intent: Hashable, Sendable, Codable {
    case place(OrderRequest)
    case cancel(ClientOrderID)
    /// Changes an open order's price and/or size (rounded like a new order).
    case amend(ClientOrderID, price: Price?, quantity: Quantity?)
    /// Closes the whole position of this bot on `positionSide` at market, reduce-only.
    case close(ClientOrderID, positionSide: PositionSide)
    /// Asks for `.timer(id:ts:)` at event time `at` (ms).
    case setTimer(id: Int, at: Int64)
}

/// A funding settlement of a perpetual swap: each position pays (long, positive rate) or
/// receives `rate` × its notional at `mark`.
public struct FundingCharge: Hashable, Sendable, Codable {
    public var ts: Int64
    public var mark: Price
    public var rate: Ratio
    /// The one leg it settles, when the venue reports legs apart (OKX bills one per position);
    /// nil: every leg the bot held at `ts`.
    public var side: PositionSide?

    public init(ts: Int64, mark: Price, rate: Ratio, side: PositionSide? = nil) {
        self.ts = ts
        self.mark = mark
        self.rate = rate
        self.side = side
    }

    /// What a position of signed `quantity` pays (negative: receives).
    public func payment(quantity: Quantity, _ inst: Instrument) -> Money {
        let paid: Money = inst.notional(price: mark, quantity: quantity.magnitude).times(rate, .halfEven)
        return quantity.raw > 0 ? paid : -paid
    }
}
