import BotCore

/// A bot as recorded.
public struct BotRow: Sendable, Equatable, Codable {
    public var id: String
    public var user: String
    public var strategy: String
    public var account: String
    public var instrument: String
    public var timeframe: String
    public var state: String
    public init(id: String, user: String, strategy: String, account: String, instrument: String, timeframe: String, state: String) {
        self.id = id
        self.user = user
        self.strategy = strategy
        self.account = account
        self.instrument = instrument
        self.timeframe = timeframe
        self.state = state
    }
}

/// A bot's ledger as recorded: see `Store.ledgerRecord`.
public struct LedgerRecord: Sendable {
    public var orders: [OrderRow] = []
    /// Price and quantity of each fill of those orders, by client order id.
    public var fills: [String: [(Price, Quantity)]] = [:]
    /// The venue's trade ids of those fills (the ones that have one), by client order id: what
    /// a restarted bot recognises a fill reported again by.
    public var tradeIDs: [String: Set<String>] = [:]
    public var positions: [Position] = []
    public var orderCount = 0
    public var fillCount = 0
}

/// An order as recorded, with its state history.
public struct OrderRow: Sendable, Equatable, Codable {
    public var clientOrderID: String
    public var bot: String
    public var instrument: String
    public var side: String
    public var type: String
    public var price: Price?
    public var triggerPrice: Price?
    public var quantity: Quantity
    public var filled: Quantity
    public var reduceOnly: Bool
    public var positionSide: String
    public var status: String
    public var createdMs: Int64
    public var history: [String]
    /// A market order sized in quote: what it was to spend or take in (`quantity` its reserve).
    public var quoteQuantity: Money?
}

extension OrderRow {
    /// The order as it was requested (for rebuilding a ledger); nil for a liquidation (the venue
    /// forced it, nothing was requested) or a row that is not ours.
    public func request() -> OrderRequest? {
        guard let id = ClientOrderID(clientOrderID), let side = Side(rawValue: side),
              let positionSide = PositionSide(rawValue: positionSide) else { return nil }
        let t: OrderType
        switch type {
        case "market": t = .market
        case "limit": guard let p = price else { return nil }; t = .limit(p)
        case "stop_market": guard let tr = triggerPrice else { return nil }; t = .stopMarket(trigger: tr)
        case "stop_limit": guard let tr = triggerPrice, let p = price else { return nil }; t = .stopLimit(trigger: tr, price: p)
        default: return nil
        }
        return OrderRequest(id: id, side: side, type: t, quantity: quantity, reduceOnly: reduceOnly, positionSide: positionSide,
                            quoteQuantity: quoteQuantity)
    }

    /// What `init(_ row:)` reads, in its order.
    static let columns = """
        client_order_id, bot_id, instrument, side, type, price, trigger_price, quantity, filled, reduce_only, position_side,
          status, created_ms, quote_quantity
        """

    /// A row of `SELECT \(columns) FROM orders`, without its history.
    init(_ r: Connection.Row) {
        self.init(clientOrderID: r.text(0)!, bot: r.text(1)!, instrument: r.text(2)!, side: r.text(3)!, type: r.text(4)!,
                  price: r.isNull(5) ? nil : Price(raw: r.int(5)), triggerPrice: r.isNull(6) ? nil : Price(raw: r.int(6)),
                  quantity: Quantity(raw: r.int(7)), filled: Quantity(raw: r.int(8)), reduceOnly: r.int(9) != 0,
                  positionSide: r.text(10)!, status: r.text(11)!, createdMs: r.int(12), history: [],
                  quoteQuantity: r.isNull(13) ? nil : Money(raw: r.int(13)))
    }
}

public struct AuditRow: Sendable, Equatable, Codable {
    public var ts: Int64
    public var who: String
    public var command: String
    public var args: String
    public var ok: Bool
    public var result: String
    public init(ts: Int64, who: String, command: String, args: String, ok: Bool, result: String) {
        self.ts = ts
        self.who = who
        self.command = command
        self.args = args
        self.ok = ok
        self.result = result
    }
}

extension Store {
    public func upsertBot(_ b: BotRow, ts: Int64) throws {
        try Self.upsertBotRow(db, b, ts: ts)
    }

    static func upsertBotRow(_ db: Connection, _ b: BotRow, ts: Int64) throws {
        try db.run("""
            INSERT INTO bots(id, user, strategy, account, instrument, timeframe, state, updated_ms) VALUES (?,?,?,?,?,?,?,?)
            ON CONFLICT(id) DO UPDATE SET user=excluded.user, strategy=excluded.strategy, account=excluded.account,
              instrument=excluded.instrument, timeframe=excluded.timeframe, state=excluded.state, updated_ms=excluded.updated_ms
            """, [.text(b.id), .text(b.user), .text(b.strategy), .text(b.account), .text(b.instrument), .text(b.timeframe),
                  .text(b.state), .int(ts)])
    }

    public func setBotState(_ id: String, _ state: String, ts: Int64, events: [RuntimeEvent] = []) throws {
        try write(events) { db in
            try db.run("UPDATE bots SET state = ?, updated_ms = ? WHERE id = ?", [.text(state), .int(ts), .text(id)])
        }
    }

    /// The bots as recorded, with what is posted written first.
    public func bots() throws -> [BotRow] {
        try flushDeferred()
        var out: [BotRow] = []
        try db.run("SELECT id, user, strategy, account, instrument, timeframe, state FROM bots ORDER BY id") { r in
            out.append(BotRow(id: r.text(0)!, user: r.text(1)!, strategy: r.text(2)!, account: r.text(3)!,
                              instrument: r.text(4)!, timeframe: r.text(5)!, state: r.text(6)!))
        }
        return out
    }

    /// Write-ahead: the order (as `pendingNew`), the bot's snapshot and `events` (its
    /// `order_placed`), in one transaction, before the order is handed to the venue. After a
    /// crash the order is known and its id is never minted again.
    public func recordSubmission(bot: String, instrument: InstrumentID, order r: OrderRequest, snapshot: [UInt8],
                                 nextSequence: UInt64, ts: Int64, events: [RuntimeEvent] = []) throws {
        try commit(events) { db in
            try Self.insertOrder(db, bot: bot, instrument: instrument.description, order: r, ts: ts)
            try Self.saveSnapshotRow(db, bot: bot, snapshot: snapshot, nextSequence: nextSequence, ts: ts)
            return true
        }
    }

    static func insertOrder(_ db: Connection, bot: String, instrument: String, order r: OrderRequest, ts: Int64) throws {
        try db.run("""
            INSERT INTO orders(client_order_id, bot_id, instrument, sequence, side, type, price, trigger_price, quantity,
              reduce_only, position_side, status, created_ms, updated_ms, quote_quantity) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """, [.text(r.id.description), .text(bot), .text(instrument), .int(Int64(bitPattern: r.id.sequence)),
                  .text(r.side.rawValue), .text(r.type.name), r.type.limitPrice.map { .int($0.raw) } ?? .null,
                  r.type.triggerPrice.map { .int($0.raw) } ?? .null, .int(r.quantity.raw), .int(r.reduceOnly ? 1 : 0),
                  .text(r.positionSide.rawValue), .text(OrderStatus.pendingNew.rawValue), .int(ts), .int(ts),
                  r.quoteQuantity.map { .int($0.raw) } ?? .null])
        try db.run("INSERT INTO order_events(client_order_id, ts_ms, status, detail) VALUES (?,?,?,?)",
                   [.text(r.id.description), .int(ts), .text(OrderStatus.pendingNew.rawValue), .null])
    }

    static func saveSnapshotRow(_ db: Connection, bot: String, snapshot: [UInt8], nextSequence: UInt64, ts: Int64) throws {
        try db.run("""
            INSERT INTO snapshots(bot_id, ts_ms, next_sequence, state) VALUES (?,?,?,?)
            ON CONFLICT(bot_id) DO UPDATE SET ts_ms=excluded.ts_ms, next_sequence=excluded.next_sequence, state=excluded.state
            """, [.text(bot), .int(ts), .int(Int64(bitPattern: nextSequence)), .blob(snapshot)])
    }

    public func saveSnapshot(bot: String, snapshot: [UInt8], nextSequence: UInt64, ts: Int64,
                             events: [RuntimeEvent] = []) throws {
        try write(events) { db in
            try Self.saveSnapshotRow(db, bot: bot, snapshot: snapshot, nextSequence: nextSequence, ts: ts)
        }
    }

    /// The last snapshot and the sequence to continue from: the larger of the snapshot's and
    /// one past every order ever recorded for the bot, so no id is reused even if a snapshot lags.
    public func snapshot(bot: String) throws -> (state: [UInt8], nextSequence: UInt64)? {
        var found: ([UInt8], UInt64)?
        try db.run("SELECT state, next_sequence FROM snapshots WHERE bot_id = ?", [.text(bot)]) {
            found = ($0.blob(0), UInt64(bitPattern: $0.int(1)))
        }
        guard var f = found else { return nil }
        f.1 = max(f.1, try nextSequence(bot: bot))
        return f
    }

    /// What a bot resumes from, in one call: its last snapshot and sequence (see `snapshot`)
    /// and every change made to it by hand, oldest first (a handful: each is a user's
    /// command); the bot keeps those its snapshot has not seen.
    public func resume(bot: String) throws -> (state: [UInt8], nextSequence: UInt64, manual: [(seq: Int64, change: ManualChange)])? {
        guard let snap = try snapshot(bot: bot) else { return nil }
        var manual: [(Int64, ManualChange)] = []
        try db.run("SELECT seq, payload FROM events WHERE bot_id = ? AND kind = 'manual_change' ORDER BY seq", [.text(bot)]) {
            if case .manualChange(let m)? = (try? RuntimeEvent(json: Array(($0.text(1) ?? "").utf8)))?.what {
                manual.append(($0.int(0), m))
            }
        }
        return (snap.state, snap.nextSequence, manual)
    }

    /// Logs one event that reports no other change; its sequence number.
    public func appendEvent(_ event: RuntimeEvent) throws -> Int64 {
        let db = try self.db
        var seq: Int64 = 0
        _ = try db.transaction {
            seq = try Self.insertEvents(db, [event]) ?? 0
            return true
        }
        published(seq)
        return seq
    }

    /// The latest event time any bot has persisted (ms), 0 when none.
    /// The latest event time the record knows: bots' snapshots and the market's marks.
    public func latestEventTime() throws -> Int64 {
        var t: Int64 = 0
        try db.run("SELECT MAX(ts_ms) FROM snapshots") { if !$0.isNull(0) { t = $0.int(0) } }
        try db.run("SELECT MAX(ts_ms) FROM market_marks") { if !$0.isNull(0) { t = max(t, $0.int(0)) } }
        return t
    }

    /// Records the last price (and its time) of each instrument's market.
    public func saveMarks(_ marks: [(instrument: InstrumentID, ts: Int64, price: Price)]) throws {
        guard !marks.isEmpty else { return }
        try db.transaction {
            for m in marks {
                try db.run("INSERT OR REPLACE INTO market_marks(instrument, ts_ms, price) VALUES (?,?,?)",
                           [.text(m.instrument.description), .int(m.ts), .int(m.price.raw)])
            }
        }
    }

    /// The recorded last price of each instrument, by its `venue:symbol` name.
    public func marks() throws -> [String: (ts: Int64, price: Price)] {
        var out: [String: (ts: Int64, price: Price)] = [:]
        try db.run("SELECT instrument, ts_ms, price FROM market_marks") { out[$0.text(0)!] = ($0.int(1), Price(raw: $0.int(2))) }
        return out
    }

    public func nextSequence(bot: String) throws -> UInt64 {
        var next: UInt64 = 0
        try db.run("SELECT MAX(sequence) FROM orders WHERE bot_id = ?", [.text(bot)]) {
            if !$0.isNull(0) { next = UInt64(bitPattern: $0.int(0)) + 1 }
        }
        return next
    }

    /// Books a funding payment of one of the bot's positions (negative: received) with the
    /// position after it and `events`, in one transaction. A settlement is booked once per leg:
    /// false, changing nothing, when one at `ts` already was (a venue reporting it again).
    @discardableResult
    public func recordFunding(bot: String, amount: Money, position: Position, ts: Int64,
                              events: [RuntimeEvent] = []) throws -> Bool {
        try commit(events) { db in
            var booked = false
            try db.run("SELECT 1 FROM funding WHERE bot_id = ? AND ts_ms = ? AND position_side = ?",
                       [.text(bot), .int(ts), .text(position.side.rawValue)]) { _ in booked = true }
            if booked { return false }
            try db.run("INSERT INTO funding(bot_id, ts_ms, position_side, amount) VALUES (?,?,?,?)",
                       [.text(bot), .int(ts), .text(position.side.rawValue), .int(amount.raw)])
            try Self.savePosition(db, bot: bot, position, ts: ts)
            return true
        }
    }

    /// The signed quantity (buys add; a fee in base is what the bot did not get) the bot's fills
    /// after `ts` added, per leg: what a leg held at `ts` is its quantity now less this.
    public func quantityFilled(bot: String, after ts: Int64) throws -> [PositionSide: Quantity] {
        var out: [PositionSide: Quantity] = [:]
        try db.run("""
            SELECT position_side, SUM(CASE WHEN side = 'buy' THEN quantity - COALESCE(base_fee, 0)
                                      ELSE -(quantity + COALESCE(base_fee, 0)) END)
            FROM fills WHERE bot_id = ? AND ts_ms > ? GROUP BY position_side
            """, [.text(bot), .int(ts)]) { r in
            if let side = PositionSide(rawValue: r.text(0) ?? "") { out[side] = Quantity(raw: r.int(1)) }
        }
        return out
    }

    /// When the order was recorded (ms), nil when the store has no such order.
    public func orderCreated(_ id: ClientOrderID) throws -> Int64? {
        var created: Int64?
        try db.run("SELECT created_ms FROM orders WHERE client_order_id = ?", [.text(id.description)]) { created = $0.int(0) }
        return created
    }

    /// The bot's funding payments in the order they were booked.
    public func funding(bot: String) throws -> [(ts: Int64, side: PositionSide, amount: Money)] {
        var out: [(ts: Int64, side: PositionSide, amount: Money)] = []
        try db.run("SELECT ts_ms, position_side, amount FROM funding WHERE bot_id = ? ORDER BY id", [.text(bot)]) { r in
            guard let side = PositionSide(rawValue: r.text(1) ?? "") else { return }
            out.append((r.int(0), side, Money(raw: r.int(2))))
        }
        return out
    }

    /// Records an amendment the venue accepted: the order's working price and size.
    public func amendOrder(_ id: ClientOrderID, type: OrderType, quantity: Quantity, ts: Int64,
                           events: [RuntimeEvent] = []) throws {
        try write(events) { db in
            try db.run("UPDATE orders SET price = ?, trigger_price = ?, quantity = ?, updated_ms = ? WHERE client_order_id = ?",
                       [type.limitPrice.map { .int($0.raw) } ?? .null, type.triggerPrice.map { .int($0.raw) } ?? .null,
                        .int(quantity.raw), .int(ts), .text(id.description)])
        }
    }

    public func orders(bot: String? = nil, openOnly: Bool = false) throws -> [OrderRow] {
        var out: [OrderRow] = []
        var sql = """
            SELECT \(OrderRow.columns) FROM orders
            """
        var args: [Connection.Value] = []
        var conditions: [String] = []
        if let bot { conditions.append("bot_id = ?"); args.append(.text(bot)) }
        if openOnly { conditions.append("status IN ('pendingNew', 'accepted', 'partiallyFilled')") }
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY bot_id, sequence"
        try db.run(sql, args) { r in
            out.append(OrderRow(r))
        }
        for i in out.indices {
            try db.run("SELECT status FROM order_events WHERE client_order_id = ? ORDER BY id", [.text(out[i].clientOrderID)]) {
                out[i].history.append($0.text(0)!)
            }
        }
        return out
    }

    /// What a bot's ledger is rebuilt from: its open orders and the newest `keepFinished`
    /// finished ones (in sequence order, each with the notional and trade ids of its fills),
    /// its positions, and its order and fill counts.
    public func ledgerRecord(bot: String, keepFinished: Int) throws -> LedgerRecord {
        var rec = LedgerRecord()
        let open = "status IN ('pendingNew', 'accepted', 'partiallyFilled')"
        try db.run("""
            SELECT \(OrderRow.columns) FROM orders
            WHERE bot_id = ?1 AND (\(open) OR sequence IN (
              SELECT sequence FROM orders WHERE bot_id = ?1 AND NOT \(open) ORDER BY sequence DESC LIMIT ?2))
            ORDER BY sequence
            """, [.text(bot), .int(Int64(keepFinished))]) { r in
            rec.orders.append(OrderRow(r))
        }
        if let first = rec.orders.first, let seq = ClientOrderID(first.clientOrderID)?.sequence {
            try db.run("""
                SELECT f.client_order_id, f.price, f.quantity, f.trade_id FROM fills f
                JOIN orders o ON o.client_order_id = f.client_order_id WHERE f.bot_id = ? AND o.sequence >= ?
                """, [.text(bot), .int(Int64(bitPattern: seq))]) { r in
                let id = r.text(0)!
                rec.fills[id, default: []].append((Price(raw: r.int(1)), Quantity(raw: r.int(2))))
                if let trade = r.text(3) { rec.tradeIDs[id, default: []].insert(trade) }
            }
        }
        try db.run("SELECT position_side, quantity, cost_basis, realized_pnl, fees, funding FROM positions WHERE bot_id = ?",
                   [.text(bot)]) { r in
            guard let side = PositionSide(rawValue: r.text(0) ?? "") else { return }
            rec.positions.append(Position(side: side, quantity: Quantity(raw: r.int(1)), costBasis: Money(raw: r.int(2)),
                                          realizedPnL: Money(raw: r.int(3)), feesPaid: Money(raw: r.int(4)),
                                          fundingPaid: Money(raw: r.int(5))))
        }
        try db.run("SELECT COUNT(*) FROM orders WHERE bot_id = ?", [.text(bot)]) { rec.orderCount = Int($0.int(0)) }
        try db.run("SELECT COUNT(*) FROM fills WHERE bot_id = ?", [.text(bot)]) { rec.fillCount = Int($0.int(0)) }
        return rec
    }

    /// A bot's end-of-bar record: its snapshot, its PnL so far and `events`, in one transaction.
    public func saveBar(bot: String, snapshot: [UInt8], nextSequence: UInt64, ts: Int64, equity: Money,
                        events: [RuntimeEvent] = []) throws {
        try commit(events) { db in
            try Self.saveSnapshotRow(db, bot: bot, snapshot: snapshot, nextSequence: nextSequence, ts: ts)
            try db.run("INSERT OR REPLACE INTO equity(bot_id, ts_ms, equity) VALUES (?,?,?)", [.text(bot), .int(ts), .int(equity.raw)])
            return true
        }
    }

    /// The bot's PnL as recorded at the last bar that closed at or before `ts` (ms).
    public func equity(bot: String, atOrBefore ts: Int64) throws -> Money? {
        var out: Money?
        try db.run("SELECT equity FROM equity WHERE bot_id = ? AND ts_ms <= ? ORDER BY ts_ms DESC LIMIT 1", [.text(bot), .int(ts)]) {
            out = Money(raw: $0.int(0))
        }
        return out
    }

    /// The bot's recorded PnL curve: (bar close time, realized + unrealized − fees − funding).
    public func equity(bot: String) throws -> [(ts: Int64, equity: Money)] {
        var out: [(Int64, Money)] = []
        try db.run("SELECT ts_ms, equity FROM equity WHERE bot_id = ? ORDER BY ts_ms", [.text(bot)]) {
            out.append(($0.int(0), Money(raw: $0.int(1))))
        }
        return out
    }

    public func audit(ts: Int64, who: String, command: String, args: String, ok: Bool, result: String) throws {
        try Self.insertAudit(db, AuditRow(ts: ts, who: who, command: command, args: args, ok: ok, result: result).capped())
    }

    static func insertAudit(_ db: Connection, _ a: AuditRow) throws {
        try db.run("INSERT INTO audit(ts_ms, who, command, args, ok, result) VALUES (?,?,?,?,?,?)",
                   [.int(a.ts), .text(a.who), .text(a.command), .text(a.args), .int(a.ok ? 1 : 0), .text(a.result)])
    }

    /// The newest audit records first, with what is posted written first.
    public func auditLog(limit: Int = 100) throws -> [AuditRow] {
        try flushDeferred()
        var out: [AuditRow] = []
        try db.run("SELECT ts_ms, who, command, args, ok, result FROM audit ORDER BY id DESC LIMIT ?", [.int(Int64(limit))]) { r in
            out.append(AuditRow(ts: r.int(0), who: r.text(1)!, command: r.text(2)!, args: r.text(3)!, ok: r.int(4) != 0,
                                result: r.text(5)!))
        }
        return out
    }
}

extension Store {
    /// The bots that have ever placed an order: the only ones a venue rebuilt from the record
    /// at a cold start has anything of (one query, whatever the number of bots).
    public func botsWithOrders() throws -> Set<String> {
        var out = Set<String>()
        try db.run("SELECT DISTINCT bot_id FROM orders", []) { out.insert($0.text(0)!) }
        return out
    }
}
