import BotCore
import Runtime
import Store

/// What a command answers, typed; each transport renders it its own way.
public enum CommandResult: Sendable, Equatable {
    /// `status`: the full status of every bot the caller sees.
    case statuses([BotStatus])
    /// `bots`: the same bots, of which a transport shows the ids and states.
    case bots([BotStatus])
    /// `bot`: one bot.
    case bot(BotStatus)
    /// A command that only acts: what was done ("paused", "added grid-btc", …).
    case message(String)
    /// `reload`: which bots were added, removed and restarted, and the files' errors.
    case reloaded(ReloadReport)
    /// `orders`: the database's rows, newest first.
    case orders([OrderRow])
    /// `trades`: fills, newest first.
    case trades([FillRow])
    /// `daily`: realised PnL per day, oldest first, in `timeZone`.
    case daily([DailyPnL], timeZone: String)
    /// `positions`: the bots the caller sees that hold a position.
    case positions([BotStatus])
    /// `pnl`: each bot's figures and the sum of their net PnL.
    case pnl(total: Money, bots: [BotStatus])
    case balances([AccountBalance])
    /// `metrics`: Prometheus exposition text.
    case metrics(String)
    /// `events`: from the persisted log, oldest first, with their sequence numbers.
    case events([LoggedEvent])
    /// `subscribe`: the transport streams events with a sequence number above `after`
    /// (through `CommandRouter.follow(after:caller:)`) until the client leaves.
    case subscribed(after: Int64)
}

/// One event of the persisted log and its sequence number.
public struct LoggedEvent: Sendable, Equatable {
    public var seq: Int64
    public var event: RuntimeEvent
    public init(seq: Int64, event: RuntimeEvent) {
        self.seq = seq
        self.event = event
    }
}
