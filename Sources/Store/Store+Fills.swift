import BotCore

public struct FillRow: Sendable, Equatable, Codable {
    public var clientOrderID: String
    public var bot: String
    public var ts: Int64
    public var side: String
    public var positionSide: String
    public var price: Price
    public var quantity: Quantity
    public var fee: Money
    public var liquidity: String
    /// The venue's id of the trade; nil for fills recorded before venues reported one.
    public var tradeID: String?
    /// The part of the fee taken in the base asset (see `Fill.baseFee`).
    public var baseFee: Quantity? = nil

    public init(clientOrderID: String, bot: String, ts: Int64, side: String, positionSide: String, price: Price, quantity: Quantity,
                fee: Money, liquidity: String, tradeID: String?, baseFee: Quantity? = nil) {
        self.clientOrderID = clientOrderID
        self.bot = bot
        self.ts = ts
        self.side = side
        self.positionSide = positionSide
        self.price = price
        self.quantity = quantity
        self.fee = fee
        self.liquidity = liquidity
        self.tradeID = tradeID
        self.baseFee = baseFee
    }
}

extension FillRow {
    public func fill() -> Fill? {
        guard let id = ClientOrderID(clientOrderID), let side = Side(rawValue: side),
              let positionSide = PositionSide(rawValue: positionSide), let liquidity = Liquidity(rawValue: liquidity) else { return nil }
        return Fill(orderID: id, ts: ts, side: side, positionSide: positionSide, price: price, quantity: quantity, fee: fee,
                    liquidity: liquidity, tradeID: tradeID, baseFee: baseFee)
    }
}

/// Fills, and what they change: the order, the position, the bot's snapshot. A fill is the
/// venue's trade (order, trade id) and is applied once: the same trade reported again (by a
/// REST answer and a stream, or after a restart) changes nothing and says so.
extension Store {
    /// Records what happened to an order, a fill with the bot's resulting position, the bot's
    /// snapshot and `events`, in one transaction. False, with nothing written, when the event
    /// is a fill of a trade already recorded for the order.
    @discardableResult
    public func recordOrderEvent(bot: String, event e: OrderEvent, status: OrderStatus, filled: Quantity,
                                 position: Position?, snapshot: [UInt8]?, nextSequence: UInt64, ts: Int64,
                                 events: [RuntimeEvent] = []) throws -> Bool {
        try commit(events) { db in
            let id = e.orderID.description
            var fill: Fill?
            if case .filled(let f) = e { fill = f } else if case .liquidated(let f) = e { fill = f }
            if let trade = fill?.tradeID, try Self.hasFill(db, order: id, trade: trade) { return false }
            var detail: String?
            if case .rejected(_, let reason) = e { detail = reason }
            try db.run("UPDATE orders SET status = ?, filled = ?, updated_ms = ? WHERE client_order_id = ?",
                       [.text(status.rawValue), .int(filled.raw), .int(ts), .text(id)])
            try db.run("INSERT INTO order_events(client_order_id, ts_ms, status, detail) VALUES (?,?,?,?)",
                       [.text(id), .int(ts), .text(status.rawValue), detail.map { .text($0) } ?? .null])
            if let fill { try Self.insertFill(db, bot: bot, fill) }
            if let p = position { try Self.savePosition(db, bot: bot, p, ts: ts) }
            if let snapshot { try Self.saveSnapshotRow(db, bot: bot, snapshot: snapshot, nextSequence: nextSequence, ts: ts) }
            return true
        }
    }

    /// A liquidation, which the venue forced and no order of the bot's asked for, is booked as
    /// an order of its own (type `liquidation`, filled) with its fill and the position after
    /// it, in one transaction. Its id is minted from the bot's own sequence, which this
    /// transaction moves past it: liquidation ids are unique for the life of the store, as
    /// order ids are, and every fill belongs to an order.
    ///
    /// A liquidation reported again comes with a newly minted id, so it is recognised by its
    /// trade id among the bot's liquidations: then nothing is written and it returns false.
    @discardableResult
    public func recordLiquidation(bot: String, instrument: String, fill f: Fill, position: Position, nextSequence: UInt64,
                                  ts: Int64, events: [RuntimeEvent] = []) throws -> Bool {
        try commit(events) { db in
            let id = f.orderID.description
            if let trade = f.tradeID {
                if try Self.hasFill(db, order: id, trade: trade) || Self.hasLiquidation(db, bot: bot, trade: trade) { return false }
            }
            try db.run("""
                INSERT INTO orders(client_order_id, bot_id, instrument, sequence, side, type, price, trigger_price, quantity,
                  reduce_only, position_side, status, filled, created_ms, updated_ms)
                VALUES (?,?,?,?,?,'liquidation',?,NULL,?,1,?,?,?,?,?)
                """, [.text(id), .text(bot), .text(instrument), .int(Int64(bitPattern: f.orderID.sequence)), .text(f.side.rawValue),
                      .int(f.price.raw), .int(f.quantity.raw), .text(f.positionSide.rawValue), .text(OrderStatus.filled.rawValue),
                      .int(f.quantity.raw), .int(ts), .int(ts)])
            try db.run("INSERT INTO order_events(client_order_id, ts_ms, status, detail) VALUES (?,?,?,'liquidation')",
                       [.text(id), .int(ts), .text(OrderStatus.filled.rawValue)])
            try Self.insertFill(db, bot: bot, f)
            try Self.savePosition(db, bot: bot, position, ts: ts)
            try db.run("UPDATE snapshots SET next_sequence = MAX(next_sequence, ?) WHERE bot_id = ?",
                       [.int(Int64(bitPattern: nextSequence)), .text(bot)])
            return true
        }
    }

    static func hasFill(_ db: Connection, order: String, trade: String) throws -> Bool {
        var found = false
        try db.run("SELECT 1 FROM fills WHERE client_order_id = ? AND trade_id = ?", [.text(order), .text(trade)]) { _ in
            found = true
        }
        return found
    }

    static func hasLiquidation(_ db: Connection, bot: String, trade: String) throws -> Bool {
        var found = false
        try db.run("""
            SELECT 1 FROM orders o JOIN fills f ON f.client_order_id = o.client_order_id
            WHERE o.bot_id = ? AND o.type = 'liquidation' AND f.trade_id = ? LIMIT 1
            """, [.text(bot), .text(trade)]) { _ in found = true }
        return found
    }

    static func insertFill(_ db: Connection, bot: String, _ f: Fill) throws {
        try db.run("""
            INSERT INTO fills(client_order_id, bot_id, ts_ms, side, position_side, price, quantity, fee, liquidity, trade_id, base_fee)
            VALUES (?,?,?,?,?,?,?,?,?,?,?)
            """, [.text(f.orderID.description), .text(bot), .int(f.ts), .text(f.side.rawValue), .text(f.positionSide.rawValue),
                  .int(f.price.raw), .int(f.quantity.raw), .int(f.fee.raw), .text(f.liquidity.rawValue),
                  f.tradeID.map { .text($0) } ?? .null, f.baseFee.map { .int($0.raw) } ?? .null])
    }

    static func savePosition(_ db: Connection, bot: String, _ p: Position, ts: Int64) throws {
        try db.run("""
            INSERT INTO positions(bot_id, position_side, quantity, cost_basis, realized_pnl, fees, funding, updated_ms)
            VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(bot_id, position_side) DO UPDATE SET quantity=excluded.quantity,
            cost_basis=excluded.cost_basis, realized_pnl=excluded.realized_pnl, fees=excluded.fees,
            funding=excluded.funding, updated_ms=excluded.updated_ms
            """, [.text(bot), .text(p.side.rawValue), .int(p.quantity.raw), .int(p.costBasis.raw),
                  .int(p.realizedPnL.raw), .int(p.feesPaid.raw), .int(p.fundingPaid.raw), .int(ts)])
    }

    /// The bot's fills after the first `skip`, in the order they were recorded.
    public func fills(bot: String, after skip: Int) throws -> [FillRow] {
        try fills(bot: bot, offset: skip)
    }

    public func fills(bot: String) throws -> [FillRow] { try fills(bot: bot, offset: 0) }

    /// The newest `limit` fills of `bots` (of every bot when nil), newest first.
    public func recentFills(bots: [String]?, limit: Int) throws -> [FillRow] {
        if bots?.isEmpty == true { return [] }
        var out: [FillRow] = []
        let filter = bots.map { "WHERE bot_id IN (\($0.map { _ in "?" }.joined(separator: ",")))" } ?? ""
        try db.run("""
            SELECT client_order_id, bot_id, ts_ms, side, position_side, price, quantity, fee, liquidity, trade_id, base_fee FROM fills
            \(filter) ORDER BY ts_ms DESC, id DESC LIMIT ?
            """, (bots ?? []).map { .text($0) } + [.int(Int64(limit))]) { r in
            out.append(Self.fillRow(r))
        }
        return out
    }

    static func fillRow(_ r: Connection.Row) -> FillRow {
        FillRow(clientOrderID: r.text(0)!, bot: r.text(1)!, ts: r.int(2), side: r.text(3)!, positionSide: r.text(4)!,
                price: Price(raw: r.int(5)), quantity: Quantity(raw: r.int(6)), fee: Money(raw: r.int(7)), liquidity: r.text(8)!,
                tradeID: r.text(9), baseFee: r.isNull(10) ? nil : Quantity(raw: r.int(10)))
    }

    func fills(bot: String, offset: Int) throws -> [FillRow] {
        var out: [FillRow] = []
        try db.run("""
            SELECT client_order_id, bot_id, ts_ms, side, position_side, price, quantity, fee, liquidity, trade_id, base_fee FROM fills
            WHERE bot_id = ? ORDER BY id LIMIT -1 OFFSET ?
            """, [.text(bot), .int(Int64(offset))]) { r in
            out.append(Self.fillRow(r))
        }
        return out
    }
}
