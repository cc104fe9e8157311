/// The checks of what the `fillTradeIDs` and `eventLog` migrations added, each a grouped query
/// or two: one pass over the fills and one over the `order_placed` events, as the orders and
/// fills are read once above. A database from before a migration skips its checks.
extension StoreCheck {
    static func checkTradesAndEvents(_ db: ReadOnlyDatabase,
                                     into report: inout StoreCheckReport) throws(SQLiteError) {
        var found: [StoreCheckReport.Violation] = []
        var events = 0
        defer {
            report.violations += found
            report.events = events
        }
        if try has(db, column: "trade_id", in: "fills") {
            try db.query("""
                SELECT bot_id, client_order_id, trade_id, COUNT(*) FROM fills WHERE trade_id IS NOT NULL
                GROUP BY client_order_id, trade_id HAVING COUNT(*) > 1
                """) { r in
                found.append(.init(.duplicateTradeID, bot: r.text(0), clientOrderID: r.text(1),
                                               "trade \(r.text(2)) is recorded as \(r.int(3)) fills of the order"))
            }
            try db.query("""
                SELECT o.bot_id, group_concat(o.client_order_id), f.trade_id, COUNT(*) FROM fills f
                JOIN orders o ON o.client_order_id = f.client_order_id
                WHERE o.type = 'liquidation' AND f.trade_id IS NOT NULL GROUP BY o.bot_id, f.trade_id HAVING COUNT(*) > 1
                """) { r in
                found.append(.init(.duplicateTradeID, bot: r.text(0), clientOrderID: r.text(1),
                                               "liquidation trade \(r.text(2)) is booked \(r.int(3)) times"))
            }
        }
        guard try has(db, column: "seq", in: "events") else { return }
        try db.query("SELECT COUNT(*) FROM events") { events = Int($0.int(0)) }
        // Each bot's logged orders, and from which of its orders on it logs them.
        let placed = """
            WITH placed AS (
              SELECT bot_id, json_extract(payload, '$.order') AS id, COUNT(*) AS n FROM events
              WHERE kind = 'order_placed' GROUP BY bot_id, id),
            first AS (
              SELECT p.bot_id, MIN(o.sequence) AS sequence FROM placed p JOIN orders o ON o.client_order_id = p.id
              GROUP BY p.bot_id)
            """
        try db.query(placed + """
            SELECT o.bot_id, o.client_order_id, o.sequence, COALESCE(p.n, 0) FROM orders o
            JOIN first f ON f.bot_id = o.bot_id LEFT JOIN placed p ON p.id = o.client_order_id
            WHERE o.type <> 'liquidation' AND o.sequence >= f.sequence AND COALESCE(p.n, 0) <> 1
            ORDER BY o.bot_id, o.sequence
            """) { r in
            found.append(.init(.orderPlacedNotLoggedOnce, bot: r.text(0), clientOrderID: r.text(1),
                                           "sequence \(r.int(2)): \(r.int(3)) order_placed events"))
        }
        try db.query(placed + """
            SELECT p.bot_id, p.id, p.n FROM placed p LEFT JOIN orders o ON o.client_order_id = p.id
            WHERE o.client_order_id IS NULL ORDER BY p.bot_id, p.id
            """) { r in
            found.append(.init(.placedEventWithoutOrder, bot: r.text(0), clientOrderID: r.text(1),
                                           "\(r.int(2)) order_placed event(s), no order row"))
        }
    }

    static func has(_ db: ReadOnlyDatabase, column: String, in table: String) throws(SQLiteError) -> Bool {
        var found = false
        try db.query("SELECT 1 FROM pragma_table_info('\(table)') WHERE name = '\(column)'") { _ in found = true }
        return found
    }
}
