import BotCore
import CSQLite

/// What `StoreCheck.run` found in a database: every violated invariant, one row each, with
/// enough to debug it (the bot, the client order id, the numbers).
public struct StoreCheckReport: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The invariants the check verifies.
    public enum Invariant: String, Sendable, Codable, CaseIterable {
        /// `PRAGMA integrity_check` did not say `ok`.
        case integrity = "integrity"
        /// Two order rows of one bot carry the same sequence: one client order id was minted twice.
        case duplicateSequence = "duplicate sequence"
        /// An order's sequence is not below its bot's `snapshots.next_sequence` (or the bot has
        /// orders and no snapshot): a bot restarted from that snapshot would mint that id again.
        case sequenceNotBelowNextSequence = "sequence not below next_sequence"
        /// The row's `client_order_id` is not `ClientOrderID(bot, sequence)`.
        case clientOrderIDMismatch = "client order id mismatch"
        /// A fill whose client order id has no order row (and is not a venue liquidation id).
        case fillWithoutOrder = "fill without an order"
        /// A fill with one of the paper venue's liquidation ids (sequence `UInt64.max - n`),
        /// which has no order row: a liquidation not recorded as an order of the bot.
        case liquidationFillWithoutOrder = "liquidation fill without an order"
        /// One liquidation id on several distinct fills (the venue's counter restarts in every
        /// process, so a restarted daemon reuses ids).
        case duplicateLiquidationID = "duplicate liquidation id"
        /// A fill recorded for another bot than the one owning its order.
        case fillOfAnotherBot = "fill of another bot's order"
        /// An order's `filled` is not the sum of its fills' quantities.
        case filledMismatch = "filled is not the sum of fills"
        /// An order's `filled` (or the sum of its fills) exceeds its quantity.
        case overfilled = "filled exceeds quantity"
        /// A bot's `positions.quantity` on a side is not the signed sum of its fills on that side
        /// (buys add, sells subtract, as `Position.apply`; funding changes no quantity).
        case positionMismatch = "position is not the sum of fills"
        /// One venue trade recorded as several fills: twice for one order, or in several
        /// liquidations of one bot.
        case duplicateTradeID = "duplicate trade id"
        /// An order of a bot that logs `order_placed` events (from the first order it logged one
        /// for; liquidations excepted) with none, or with several: the event and the order were
        /// not written in one transaction, or a journal entry was applied twice.
        case orderPlacedNotLoggedOnce = "order_placed not logged exactly once"
        /// An `order_placed` event whose order has no row.
        case placedEventWithoutOrder = "order_placed event without an order"
    }

    public struct Violation: Sendable, Equatable, Codable, CustomStringConvertible {
        public var invariant: Invariant
        public var bot: String?
        public var clientOrderID: String?
        public var detail: String

        public init(_ invariant: Invariant, bot: String? = nil, clientOrderID: String? = nil, _ detail: String) {
            self.invariant = invariant
            self.bot = bot
            self.clientOrderID = clientOrderID
            self.detail = detail
        }

        public var description: String {
            var s = "\(invariant.rawValue):"
            if let bot { s += " bot=\(bot)" }
            if let clientOrderID { s += " client_order_id=\(clientOrderID)" }
            return s + " " + detail
        }
    }

    public var path: String
    public var violations: [Violation] = []
    /// What was looked at, for a report that says how much it checked.
    public var bots = 0
    public var orders = 0
    public var fills = 0
    public var positions = 0
    public var events = 0

    public init(path: String) { self.path = path }

    /// True when no invariant is violated.
    public var isClean: Bool { violations.isEmpty }

    /// The invariants with at least one violation, in declaration order.
    public var violated: [Invariant] { Invariant.allCases.filter { i in violations.contains { $0.invariant == i } } }

    public func violations(of invariant: Invariant) -> [Violation] { violations.filter { $0.invariant == invariant } }

    public var description: String {
        var s = "\(path): \(bots) bots, \(orders) orders, \(fills) fills, \(positions) positions, \(events) events: "
        guard !isClean else { return s + "consistent" }
        s += "\(violations.count) violation(s) of \(violated.map(\.rawValue).joined(separator: ", "))"
        for v in violations { s += "\n  " + v.description }
        return s
    }
}

/// A consistency check of the system of record, from a read-only connection of its own: it
/// never writes the database (no checkpoint, no journal replay) and needs nothing from the
/// daemon, so it runs while botd is running (it reads one consistent snapshot, in a single read
/// transaction) or after botd was killed (SQLite reads the WAL botd left behind).
///
/// Orders still only in the order journal (`PATH-orderlog`, appended before an order leaves and
/// copied into SQLite before the store's next statement) are not in the database yet; the
/// invariants hold without them, because the store copies an order and its bot's snapshot
/// together, and before any later fill or snapshot of the bot.
///
/// Opening a database read-only that has no `-wal`/`-shm` files (after a clean stop) makes
/// SQLite create those two empty side files; the database file itself is not written.
public enum StoreCheck {
    /// Sequences from here up are the paper venue's liquidation ids (`UInt64.max - n`); a bot's
    /// own order sequence starts at 0 and never comes near.
    public static let liquidationSequenceFloor = UInt64(Int64.max)

    public static func run(path: String) throws(SQLiteError) -> StoreCheckReport {
        let db = try ReadOnlyDatabase(path: path)
        var report = StoreCheckReport(path: path)
        // One read transaction: every query below sees the same commit, whatever botd writes meanwhile.
        try db.query("BEGIN")
        defer { try? db.query("ROLLBACK") }

        var integrity: [String] = []
        try db.query("PRAGMA integrity_check") { integrity.append($0.text(0)) }
        if integrity != ["ok"] {
            for line in integrity { report.violations.append(.init(.integrity, line)) }
        }

        // Bots: the bots table and every bot id the other tables mention.
        var bots = Set<String>()
        try db.query("SELECT id FROM bots") { bots.insert($0.text(0)) }
        var nextSequence: [String: UInt64] = [:]
        try db.query("SELECT bot_id, next_sequence FROM snapshots") { nextSequence[$0.text(0)] = UInt64(bitPattern: $0.int(1)) }

        struct OrderInfo {
            var bot: String
            var sequence: UInt64
            var quantity: Int64
            var filled: Int64
            var status: String
            /// Sized in quote: `quantity` is only its reserve, which its fills may pass.
            var sizedInQuote: Bool
        }
        var orders: [String: OrderInfo] = [:]
        var bySequence: [String: [UInt64: [String]]] = [:]
        var orderIDs: [String] = []
        // A store from before orders sized in quote has none.
        var hasQuote = false
        try db.query("SELECT 1 FROM pragma_table_info('orders') WHERE name = 'quote_quantity'") { _ in hasQuote = true }
        let quote = hasQuote ? "quote_quantity IS NOT NULL" : "0"
        try db.query("SELECT client_order_id, bot_id, sequence, quantity, filled, status, \(quote) FROM orders ORDER BY bot_id, sequence") { r in
            let o = OrderInfo(bot: r.text(1), sequence: UInt64(bitPattern: r.int(2)), quantity: r.int(3), filled: r.int(4),
                              status: r.text(5), sizedInQuote: r.int(6) != 0)
            let id = r.text(0)
            orders[id] = o
            orderIDs.append(id)
            bySequence[o.bot, default: [:]][o.sequence, default: []].append(id)
        }
        report.orders = orderIDs.count

        // Client order ids: one per (bot, sequence), below the snapshot's next sequence, derived from both.
        for (bot, seqs) in bySequence.sorted(by: { $0.key < $1.key }) {
            bots.insert(bot)
            for (seq, ids) in seqs.sorted(by: { $0.key < $1.key }) where ids.count > 1 {
                report.violations.append(.init(.duplicateSequence, bot: bot, clientOrderID: ids.joined(separator: ","),
                                               "sequence \(seq) is used by \(ids.count) orders"))
            }
        }
        for id in orderIDs {
            let o = orders[id]!
            if let next = nextSequence[o.bot] {
                if o.sequence >= next {
                    report.violations.append(.init(.sequenceNotBelowNextSequence, bot: o.bot, clientOrderID: id,
                                                   "sequence \(o.sequence) >= snapshots.next_sequence \(next)"))
                }
            } else {
                report.violations.append(.init(.sequenceNotBelowNextSequence, bot: o.bot, clientOrderID: id,
                                               "sequence \(o.sequence), and the bot has no snapshot row (no next_sequence)"))
            }
            let expected = ClientOrderID(bot: o.bot, sequence: o.sequence).description
            if expected != id {
                report.violations.append(.init(.clientOrderIDMismatch, bot: o.bot, clientOrderID: id,
                                               "ClientOrderID(\(o.bot), \(o.sequence)) is \(expected)"))
            }
        }

        // Fills: each of an order of its bot; per order and per bot and side, their sums.
        struct FillInfo {
            var rowid: Int64
            var bot: String
            var ts: Int64
            var side: String
            var positionSide: String
            var price: Int64
            var quantity: Int64
            var baseFee: Int64
        }
        var fillsByOrder: [String: [FillInfo]] = [:]
        var orphans: [String: [FillInfo]] = [:]
        var orphanOrder: [String] = []
        var positionSums: [PositionKey: (sum: Int128, fills: Int)] = [:]
        var badSides: [FillInfo] = []
        // A fee taken in base is what the holder did not get (`Fill.heldChange`); a store from
        // before the column has none.
        var hasBaseFee = false
        try db.query("SELECT 1 FROM pragma_table_info('fills') WHERE name = 'base_fee'") { _ in hasBaseFee = true }
        let baseFee = hasBaseFee ? "COALESCE(base_fee, 0)" : "0"
        try db.query("SELECT id, client_order_id, bot_id, ts_ms, side, position_side, price, quantity, \(baseFee) FROM fills ORDER BY id") { r in
            let f = FillInfo(rowid: r.int(0), bot: r.text(2), ts: r.int(3), side: r.text(4), positionSide: r.text(5), price: r.int(6),
                             quantity: r.int(7), baseFee: r.int(8))
            let id = r.text(1)
            report.fills += 1
            bots.insert(f.bot)
            if orders[id] != nil {
                fillsByOrder[id, default: []].append(f)
            } else {
                if orphans[id] == nil { orphanOrder.append(id) }
                orphans[id, default: []].append(f)
            }
            let sign: Int128
            switch f.side {
            case Side.buy.rawValue: sign = 1
            case Side.sell.rawValue: sign = -1
            default: sign = 0; badSides.append(f)
            }
            let key = PositionKey(bot: f.bot, side: f.positionSide)
            positionSums[key, default: (0, 0)].sum += sign * Int128(f.quantity) - Int128(f.baseFee)
            positionSums[key, default: (0, 0)].fills += 1
        }
        func describe(_ f: FillInfo) -> String {
            "fill #\(f.rowid) ts=\(f.ts) \(f.side) \(f.positionSide) \(Quantity(raw: f.quantity)) @ \(Price(raw: f.price))"
        }
        for f in badSides {
            report.violations.append(.init(.positionMismatch, bot: f.bot, "\(describe(f)): side is neither buy nor sell"))
        }

        for id in orphanOrder {
            let fills = orphans[id]!
            let parsed = ClientOrderID(id)
            let isLiquidation = parsed.map { $0.sequence >= liquidationSequenceFloor } ?? false
            for f in fills {
                if isLiquidation {
                    let n = UInt64.max - parsed!.sequence
                    report.violations.append(.init(.liquidationFillWithoutOrder, bot: f.bot, clientOrderID: id,
                                                   "\(describe(f)): venue liquidation id UInt64.max - \(n), no order row"))
                } else {
                    report.violations.append(.init(.fillWithoutOrder, bot: f.bot, clientOrderID: id, "\(describe(f)): no order row"))
                }
            }
            if isLiquidation && fills.count > 1 {
                report.violations.append(.init(.duplicateLiquidationID, bot: Set(fills.map(\.bot)).sorted().joined(separator: ","),
                                               clientOrderID: id,
                                               "\(fills.count) distinct fills carry it: " + fills.map(describe).joined(separator: "; ")))
            }
        }

        for id in orderIDs {
            let o = orders[id]!
            let fills = fillsByOrder[id] ?? []
            for f in fills where f.bot != o.bot {
                report.violations.append(.init(.fillOfAnotherBot, bot: f.bot, clientOrderID: id,
                                               "\(describe(f)) is booked to \(f.bot); the order is \(o.bot)'s"))
            }
            let sum = fills.reduce(Int128(0)) { $0 + Int128($1.quantity) }
            if sum != Int128(o.filled) {
                report.violations.append(.init(.filledMismatch, bot: o.bot, clientOrderID: id,
                                               "filled \(Quantity(raw: o.filled)) but its \(fills.count) fill(s) sum to \(quantityText(sum)) (status \(o.status))"))
            }
            if !o.sizedInQuote, o.filled > o.quantity || sum > Int128(o.quantity) {
                report.violations.append(.init(.overfilled, bot: o.bot, clientOrderID: id,
                                               "quantity \(Quantity(raw: o.quantity)), filled \(Quantity(raw: o.filled)), fills sum to \(quantityText(sum)) (status \(o.status))"))
            }
        }

        // Positions: the recorded quantity of each bot and side against its fills.
        var recorded: [PositionKey: Int64] = [:]
        try db.query("SELECT bot_id, position_side, quantity FROM positions") { r in
            recorded[PositionKey(bot: r.text(0), side: r.text(1))] = r.int(2)
        }
        report.positions = recorded.count
        for key in Set(recorded.keys).union(positionSums.keys).sorted() {
            bots.insert(key.bot)
            let fills = positionSums[key] ?? (0, 0)
            switch recorded[key] {
            case let q? where Int128(q) != fills.sum:
                report.violations.append(.init(.positionMismatch, bot: key.bot,
                                               "\(key.side): positions.quantity \(Quantity(raw: q)) but its \(fills.fills) fill(s) sum to \(quantityText(fills.sum)) (buys +, sells -)"))
            case nil where fills.sum != 0:
                report.violations.append(.init(.positionMismatch, bot: key.bot,
                                               "\(key.side): no positions row but its \(fills.fills) fill(s) sum to \(quantityText(fills.sum))"))
            default: break
            }
        }
        report.bots = bots.count
        try checkTradesAndEvents(db, into: &report)
        return report
    }

    struct PositionKey: Hashable, Comparable {
        var bot: String
        var side: String
        static func < (a: Self, b: Self) -> Bool { (a.bot, a.side) < (b.bot, b.side) }
    }

    static func quantityText(_ v: Int128) -> String {
        if let raw = Int64(exactly: v) { return Quantity(raw: raw).description }
        return "\(v)e-9"
    }
}

/// A read-only SQLite connection (`SQLITE_OPEN_READONLY`): whatever a query asks, the file is
/// never written.
final class ReadOnlyDatabase {
    private var handle: OpaquePointer?

    init(path: String) throws(SQLiteError) {
        let rc = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil)
        guard rc == SQLITE_OK else {
            let msg = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(handle)
            throw SQLiteError(code: rc, message: msg, sql: "open \(path) read-only")
        }
        // botd's checkpointer or a commit may hold a lock for a moment.
        sqlite3_busy_timeout(handle, 5000)
    }

    deinit { sqlite3_close(handle) }

    struct Row {
        let stmt: OpaquePointer
        func int(_ i: Int32) -> Int64 { sqlite3_column_int64(stmt, i) }
        func text(_ i: Int32) -> String {
            guard let p = sqlite3_column_text(stmt, i) else { return "" }
            return String(cString: p)
        }
    }

    func query(_ sql: String, row: ((Row) -> Void)? = nil) throws(SQLiteError) {
        var stmt: OpaquePointer?
        var rc = sqlite3_prepare_v2(handle, sql, -1, &stmt, nil)
        guard rc == SQLITE_OK, let stmt else { throw error(rc, sql) }
        defer { sqlite3_finalize(stmt) }
        while true {
            rc = sqlite3_step(stmt)
            if rc == SQLITE_DONE { return }
            guard rc == SQLITE_ROW else { throw error(rc, sql) }
            row?(Row(stmt: stmt))
        }
    }

    private func error(_ rc: Int32, _ sql: String) -> SQLiteError {
        SQLiteError(code: rc, message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }
}
