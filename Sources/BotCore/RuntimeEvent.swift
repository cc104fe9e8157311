/// Something the runtime reports: what happened to an order, a position, a bot, a feed or the
/// daemon, when (event time, ms), to whose bot. The event log persists these in the same
/// transaction as the change they report, and every consumer (the control socket's
/// `subscribe`, the Telegram outbox, a Redis mirror) reads them from there by sequence number.
///
/// The fields every event has (time, bot, user) live here once; `What` says what happened, so
/// a store can file an event by bot and time without knowing each case.
public struct RuntimeEvent: Hashable, Sendable {
    /// Event time in ms (the market's clock in paper and backtests, the wall clock for the
    /// daemon's own events).
    public var ts: Int64
    /// The bot the event is about; nil for the daemon's and the feeds' events.
    public var bot: String?
    /// The bot's owner, when the reporter knows it (routing to a user without a lookup).
    public var user: String?
    public var what: What

    public init(ts: Int64, bot: String? = nil, user: String? = nil, _ what: What) {
        self.ts = ts
        self.bot = bot
        self.user = user
        self.what = what
    }

    public enum What: Hashable, Sendable {
        /// Written ahead with the order, before it leaves for the venue.
        /// `quoteQuantity`: a market order sized in quote (`quantity` is then the reserve).
        case orderPlaced(ClientOrderID, side: Side, type: OrderType, quantity: Quantity, positionSide: PositionSide,
                         reduceOnly: Bool, quoteQuantity: Money? = nil)
        case orderAccepted(ClientOrderID)
        /// `code` is the venue's error code ("51008"; empty when it gave none), `message` its text.
        case orderRejected(ClientOrderID, code: String, message: String)
        case orderCancelled(ClientOrderID)
        case orderExpired(ClientOrderID)
        /// A stop order's trigger was crossed.
        case orderTriggered(ClientOrderID)
        /// The venue said the order was wholly filled (one sized in quote: its fills cannot say).
        case orderCompleted(ClientOrderID)
        /// The venue accepted a new working price (limit, or a stop-market's trigger) or size.
        case orderAmended(ClientOrderID, price: Price?, quantity: Quantity)
        case orderFilled(ClientOrderID, side: Side, price: Price, quantity: Quantity, fee: Money, tradeID: String?)
        /// The venue closed (part of) a position by liquidation, booked as an order of its own.
        case liquidated(ClientOrderID, side: Side, price: Price, quantity: Quantity, fee: Money, tradeID: String?)
        /// A leg went from flat to `quantity` (signed: negative short) at average `entry`.
        case positionOpened(PositionSide, quantity: Quantity, entry: Price?)
        case positionChanged(PositionSide, quantity: Quantity, entry: Price?)
        /// A leg went flat; `realizedPnL` is what the position realised over its life, before fees.
        case positionClosed(PositionSide, realizedPnL: Money)
        /// The strategy's take-profit (or stop) level was reached; the order closing it, if any.
        case takeProfitHit(ClientOrderID?, price: Price)
        case stopHit(ClientOrderID?, price: Price)
        /// RiskGuard refused an intent: `code` is a `RiskDenial.Code` raw value.
        case riskRejected(ClientOrderID?, code: String, detail: String)
        /// A user set the strategy's take-profit or stop by hand: logged before the bot acts on
        /// it, and replayed to a bot whose snapshot had not seen it.
        case manualChange(ManualChange)
        case botStarted
        case botPaused
        case botResumed
        /// The supervisor restarted a bot whose handler failed; `attempt` counts within its window.
        case botRestarted(attempt: Int, reason: String)
        case botFailed(reason: String)
        /// The bot's events took too long for a shared shard: it runs on a thread of its own now.
        case botIsolated(reason: String)
        case botStopped
        case botRemoved
        /// A user's daily loss reached the limit: their bots stop opening positions.
        case killSwitch(dailyLoss: Money, limit: Money?)
        /// A market-data feed (venue or feed name) went quiet or disconnected, and came back.
        case feedLost(String)
        case feedRecovered(String)
        case daemonStarted
        case daemonStopped
        /// A kind this build does not know, read from a log a newer build wrote: kept, so one
        /// unknown event never stops a reader.
        case unknown(kind: String)
    }

    /// The stable snake_case name of the event (the JSON `kind`, the log's `kind` column).
    public var kind: String { what.kind }

    /// The client order id the event is about, if any.
    public var orderID: ClientOrderID? {
        switch what {
        case .orderPlaced(let id, _, _, _, _, _, _), .orderAccepted(let id), .orderRejected(let id, _, _), .orderCancelled(let id),
             .orderExpired(let id), .orderTriggered(let id), .orderCompleted(let id), .orderAmended(let id, _, _), .orderFilled(let id, _, _, _, _, _),
             .liquidated(let id, _, _, _, _, _):
            id
        case .takeProfitHit(let id, _), .stopHit(let id, _), .riskRejected(let id, _, _): id
        default: nil
        }
    }

    /// Every kind this build writes, in declaration order.
    public static let kinds = [
        "order_placed", "order_accepted", "order_rejected", "order_cancelled", "order_expired", "order_triggered",
        "order_completed", "order_amended", "order_filled", "liquidated", "position_opened", "position_changed", "position_closed",
        "take_profit_hit", "stop_hit", "risk_rejected", "manual_change", "bot_started", "bot_paused", "bot_resumed", "bot_restarted",
        "bot_failed", "bot_isolated", "bot_stopped", "bot_removed", "kill_switch", "feed_lost", "feed_recovered", "daemon_started",
        "daemon_stopped",
    ]
}

extension RuntimeEvent.What {
    public var kind: String {
        switch self {
        case .orderPlaced: "order_placed"
        case .orderAccepted: "order_accepted"
        case .orderRejected: "order_rejected"
        case .orderCancelled: "order_cancelled"
        case .orderExpired: "order_expired"
        case .orderTriggered: "order_triggered"
        case .orderCompleted: "order_completed"
        case .orderAmended: "order_amended"
        case .orderFilled: "order_filled"
        case .liquidated: "liquidated"
        case .positionOpened: "position_opened"
        case .positionChanged: "position_changed"
        case .positionClosed: "position_closed"
        case .takeProfitHit: "take_profit_hit"
        case .stopHit: "stop_hit"
        case .riskRejected: "risk_rejected"
        case .manualChange: "manual_change"
        case .botStarted: "bot_started"
        case .botPaused: "bot_paused"
        case .botResumed: "bot_resumed"
        case .botRestarted: "bot_restarted"
        case .botFailed: "bot_failed"
        case .botIsolated: "bot_isolated"
        case .botStopped: "bot_stopped"
        case .botRemoved: "bot_removed"
        case .killSwitch: "kill_switch"
        case .feedLost: "feed_lost"
        case .feedRecovered: "feed_recovered"
        case .daemonStarted: "daemon_started"
        case .daemonStopped: "daemon_stopped"
        case .unknown(let kind): kind
        }
    }

    /// An order as it is written ahead.
    public static func placed(_ r: OrderRequest) -> Self {
        .orderPlaced(r.id, side: r.side, type: r.type, quantity: r.quantity, positionSide: r.positionSide, reduceOnly: r.reduceOnly,
                     quoteQuantity: r.quoteQuantity)
    }

    public static func filled(_ f: Fill) -> Self {
        .orderFilled(f.orderID, side: f.side, price: f.price, quantity: f.quantity, fee: f.fee, tradeID: f.tradeID)
    }

    public static func riskRejected(_ id: ClientOrderID?, _ denial: RiskDenial) -> Self {
        .riskRejected(id, code: denial.code.rawValue, detail: denial.detail)
    }

    /// What the venue reported about an order, as an event. A rejection's reason splits into
    /// the venue's code and message when it starts with a numeric code, as OKX ("51008 ...")
    /// and Binance ("-2010 ...") reasons do.
    public init(_ e: OrderEvent) {
        switch e {
        case .accepted(let id): self = .orderAccepted(id)
        case .rejected(let id, let reason):
            let parts = reason.split(separator: " ", maxSplits: 1)
            if let first = parts.first, Int(first) != nil {
                self = .orderRejected(id, code: String(first), message: parts.count > 1 ? String(parts[1]) : "")
            } else {
                self = .orderRejected(id, code: "", message: reason)
            }
        case .cancelled(let id): self = .orderCancelled(id)
        case .expired(let id): self = .orderExpired(id)
        case .triggered(let id): self = .orderTriggered(id)
        case .completed(let id): self = .orderCompleted(id)
        case .filled(let f): self = .filled(f)
        case .liquidated(let f):
            self = .liquidated(f.orderID, side: f.side, price: f.price, quantity: f.quantity, fee: f.fee, tradeID: f.tradeID)
        }
    }
}
