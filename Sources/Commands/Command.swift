import BotConfig
import BotCore

/// One request to the daemon, whatever transport carried it (the control socket now,
/// Telegram later), with its arguments already checked and typed.
///
/// A bot is named by its id. `CommandRouter.execute` decides whether the caller may see or
/// act on it.
public enum Command: Sendable, Equatable {
    /// Every bot with its full status.
    case status
    /// Every bot's id and state.
    case bots
    /// One bot's full status.
    case bot(String)
    /// Starts a stopped or failed bot.
    case start(String)
    /// Stops a bot; `policy` overrides its `on_stop` for this stop only.
    case stop(String, policy: OnStop? = nil)
    case pause(String)
    case resume(String)
    /// Stops a bot (leaving its orders and position) and starts it again.
    case restart(String)
    /// Sets a running bot's take-profit and/or stop by hand, for one leg (`positionSide`) or
    /// every leg holding a position; logged, so a restart replays it.
    case adjust(String, positionSide: PositionSide? = nil, takeProfit: Price? = nil, stopLoss: Price? = nil)
    /// Closes a bot's position at market, its open orders cancelled first; the bot goes on.
    case close(String)
    /// Re-reads the bots folder (see `Supervisor.reload`).
    case reload
    /// Loads one bot file, inside the bots folder or not, and starts its bot.
    case add(file: String)
    /// Stops a bot by its `on_stop` policy and forgets it.
    case remove(String)
    /// Orders from the database, newest first; `bot` nil for every bot the caller sees.
    case orders(bot: String? = nil, openOnly: Bool = false)
    /// The newest `limit` fills, newest first; `bot` nil for every bot the caller sees.
    case trades(bot: String? = nil, limit: Int = 10)
    /// Realised PnL per day over the bots the caller sees: the last `days` days, as days run in
    /// `timeZone` (an IANA name).
    case daily(days: Int = 7, timeZone: String = "UTC")
    /// Bots holding a position.
    case positions
    case pnl
    /// The paper accounts' wallets and instrument books.
    case balance
    /// The Prometheus text of the daemon's metrics.
    case metrics
    /// Events of the persisted log after sequence number `since` (the latest 200 when nil).
    case events(since: Int64? = nil)
    /// Events after `since` (from now when nil): the transport streams them after the answer,
    /// so a client that saw up to N resumes with nothing lost or repeated.
    case subscribe(since: Int64? = nil)
    /// Stops the daemon gracefully.
    case shutdown

    /// The command's name on every transport and in the audit log.
    public enum Name: String, Sendable, CaseIterable {
        case status, bots, bot, start, stop, pause, resume, restart, adjust, close, reload, add, remove, orders, trades, daily, positions, pnl,
             balance, metrics, events, subscribe, shutdown
    }

    public var name: Name {
        switch self {
        case .status: .status
        case .bots: .bots
        case .bot: .bot
        case .start: .start
        case .stop: .stop
        case .pause: .pause
        case .resume: .resume
        case .restart: .restart
        case .adjust: .adjust
        case .close: .close
        case .reload: .reload
        case .add: .add
        case .remove: .remove
        case .orders: .orders
        case .trades: .trades
        case .daily: .daily
        case .positions: .positions
        case .pnl: .pnl
        case .balance: .balance
        case .metrics: .metrics
        case .events: .events
        case .subscribe: .subscribe
        case .shutdown: .shutdown
        }
    }

    /// Whether the command changes the daemon (its bots or its life) rather than reading it:
    /// these are the changes in the audit log.
    public var isMutating: Bool {
        switch self {
        case .start, .stop, .pause, .resume, .restart, .adjust, .close, .reload, .add, .remove, .shutdown: true
        case .status, .bots, .bot, .orders, .trades, .daily, .positions, .pnl, .balance, .metrics, .events, .subscribe: false
        }
    }

    /// The one bot the command is about, if it names one.
    public var targetBot: String? {
        switch self {
        case .bot(let id), .start(let id), .stop(let id, _), .pause(let id), .resume(let id), .restart(let id), .remove(let id),
             .adjust(let id, _, _, _), .close(let id):
            id
        case .orders(let bot, _), .trades(let bot, _):
            bot
        case .status, .bots, .reload, .add, .daily, .positions, .pnl, .balance, .metrics, .events, .subscribe, .shutdown:
            nil
        }
    }

    /// Whether the command concerns the daemon as a whole rather than some bots: new bot
    /// files, the whole configuration, the process, the accounts' money and the metrics of
    /// every bot. No user may run these unless an admin.
    public var isDaemonWide: Bool {
        switch self {
        case .reload, .add, .shutdown, .metrics, .balance: true
        case .status, .bots, .bot, .start, .stop, .pause, .resume, .restart, .adjust, .close, .remove, .orders, .trades, .daily, .positions,
             .pnl, .events,
             .subscribe:
            false
        }
    }
}
