import BotCore
import Risk

/// Each user's exposure across all their bots, for RiskGuard's per-user limits: the sum of
/// position notionals, and PnL since 00:00 UTC (each bot's PnL now minus its PnL when the
/// UTC day began).
public actor UserBook {
    struct BotFigures {
        var notional: Money = .zero
        var pnl: Money = .zero
        var day: Int64 = .min
        var dayStartPnL: Money = .zero
    }

    private var users: [String: [String: BotFigures]] = [:]

    public init() {}

    /// Updates one bot's figures at event time `ts` (ms).
    public func update(user: String, bot: String, notional: Money, pnl: Money, ts: Int64) {
        var f = users[user, default: [:]][bot] ?? BotFigures()
        let day = ts / 86_400_000
        if day != f.day {
            // A new day starts from the last figure of the previous one; a bot's first figure
            // (a start or restart) is its own baseline.
            f.dayStartPnL = f.day == .min ? pnl : f.pnl
            f.day = day
        }
        f.notional = notional
        f.pnl = pnl
        users[user, default: [:]][bot] = f
    }

    public func remove(user: String, bot: String) { users[user]?[bot] = nil }

    public func exposure(user: String) -> UserExposure {
        var e = UserExposure()
        for f in (users[user] ?? [:]).values {
            e.notional += f.notional
            e.dailyPnL += f.pnl - f.dayStartPnL
        }
        return e
    }
}
