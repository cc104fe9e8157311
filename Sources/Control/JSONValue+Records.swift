import BotCore
import Commands
import Runtime
import Store

/// The records that several results share, as the protocol prints them.
extension JSONValue {
    init(_ s: BotStatus) {
        self = .object([("id", .string(s.id)), ("state", .string(s.state.rawValue)), ("user", .string(s.user)),
                        ("strategy", .string(s.strategy)), ("instrument", .string(s.instrument)), ("timeframe", .string(s.timeframe)),
                        ("position", JSONValue(s.position)), ("avg_entry", s.averageEntry.map(JSONValue.init) ?? .null),
                        ("realized_pnl", JSONValue(s.realizedPnL)), ("unrealized_pnl", JSONValue(s.unrealizedPnL)),
                        ("fees", JSONValue(s.fees)), ("net_pnl", JSONValue(s.netPnL)), ("open_orders", JSONValue(s.openOrders)),
                        ("orders", JSONValue(s.orders)), ("fills", JSONValue(s.fills)), ("events", JSONValue(s.events)),
                        ("queue_depth", JSONValue(s.queueDepth)), ("restarts", JSONValue(s.restarts)),
                        ("last_error", s.lastError.map(JSONValue.init) ?? .null)])
    }

    init(_ o: OrderRow) {
        self = .object([("client_order_id", .string(o.clientOrderID)), ("bot", .string(o.bot)), ("instrument", .string(o.instrument)),
                        ("side", .string(o.side)), ("type", .string(o.type)), ("price", o.price.map(JSONValue.init) ?? .null),
                        ("trigger_price", o.triggerPrice.map(JSONValue.init) ?? .null), ("quantity", JSONValue(o.quantity)),
                        ("filled", JSONValue(o.filled)), ("reduce_only", .bool(o.reduceOnly)), ("position_side", .string(o.positionSide)),
                        ("status", .string(o.status)), ("created_ms", JSONValue(Int(o.createdMs))),
                        ("history", .array(o.history.map(JSONValue.init)))]
                       + (o.quoteQuantity.map { [("quote_quantity", JSONValue($0))] } ?? []))
    }

    /// A logged event: its sequence number, then the event's own JSON fields.
    init(_ e: LoggedEvent) {
        var fields: [(String, JSONValue)] = [("seq", JSONValue(Int(e.seq)))]
        if case .object(let own)? = JSONValue.parse(e.event.json) { fields += own }
        self = .object(fields)
    }
}
