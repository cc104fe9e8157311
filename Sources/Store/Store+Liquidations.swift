import BotCore

/// A venue's liquidation names no order of ours: the runtime splits it among the account's
/// bots that held the leg. The split is recorded before any bot books its share, so a report
/// of the same execution again (a reconciliation, a restart) hands out the same shares, and
/// never splits it anew among the bots that hold the leg by then.
extension Store {
    /// The shares recorded for the venue's execution `trade` on `account`, by bot; nil when it
    /// was never split. An empty result: split, with no bot holding the leg.
    public func liquidationShares(account: String, trade: String) throws -> [String: Quantity]? {
        var shares: [String: Quantity]?
        try db.run("SELECT bot_id, quantity FROM liquidation_shares WHERE account = ? AND trade_id = ?",
                   [.text(account), .text(trade)]) { r in
            let bot = r.text(0) ?? ""
            if shares == nil { shares = [:] }
            if !bot.isEmpty { shares?[bot] = Quantity(raw: r.int(1)) }
        }
        return shares
    }

    /// Records a split; false, changing nothing, when one was already recorded (the first wins).
    @discardableResult
    public func recordLiquidationShares(account: String, trade: String, shares: [String: Quantity], ts: Int64) throws -> Bool {
        try commit([]) { db in
            var known = false
            try db.run("SELECT 1 FROM liquidation_shares WHERE account = ? AND trade_id = ? LIMIT 1",
                       [.text(account), .text(trade)]) { _ in known = true }
            if known { return false }
            let rows = shares.isEmpty ? [("", Quantity.zero)] : shares.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            for (bot, q) in rows {
                try db.run("INSERT INTO liquidation_shares(account, trade_id, bot_id, quantity, ts_ms) VALUES (?,?,?,?,?)",
                           [.text(account), .text(trade), .text(bot), .int(q.raw), .int(ts)])
            }
            return true
        }
    }

    /// What each bot of `account` on `instrument` held on `side` just after `ts` (its recorded
    /// position less what it filled since): from the record, so bots not running (stopped,
    /// or not yet started again after a restart) count as well as running ones.
    public func holdings(account: String, instrument: InstrumentID, side: PositionSide, at ts: Int64) throws -> [String: Quantity] {
        var out: [String: Quantity] = [:]
        try db.run("""
            SELECT b.id, COALESCE(p.quantity, 0) - COALESCE((
                SELECT SUM(CASE WHEN f.side = 'buy' THEN f.quantity - COALESCE(f.base_fee, 0)
                                ELSE -(f.quantity + COALESCE(f.base_fee, 0)) END) FROM fills f
                WHERE f.bot_id = b.id AND f.position_side = ?3 AND f.ts_ms > ?4), 0)
            FROM bots b LEFT JOIN positions p ON p.bot_id = b.id AND p.position_side = ?3
            WHERE b.account = ?1 AND b.instrument = ?2
            """, [.text(account), .text(instrument.description), .text(side.rawValue), .int(ts)]) { r in
            let q = Quantity(raw: r.int(1))
            if !q.isZero { out[r.text(0) ?? ""] = q }
        }
        return out
    }
}
