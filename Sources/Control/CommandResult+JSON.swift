import BotCore
import Commands
import Runtime
import Store

extension CommandResult {
    /// The `result` of a response line. Field names and order are the protocol: botctl and
    /// scripts read them.
    public var json: JSONValue {
        switch self {
        case .statuses(let bots):
            .object([("bots", .array(bots.map(JSONValue.init)))])
        case .bots(let bots):
            .array(bots.map { .object([("id", .string($0.id)), ("state", .string($0.state.rawValue))]) })
        case .bot(let s):
            JSONValue(s)
        case .message(let text):
            .string(text)
        case .reloaded(let r):
            .object([("added", .array(r.added.map(JSONValue.init))), ("removed", .array(r.removed.map(JSONValue.init))),
                     ("restarted", .array(r.restarted.map(JSONValue.init))), ("errors", .array(r.errors.map(JSONValue.init)))])
        case .orders(let rows):
            .array(rows.map(JSONValue.init))
        case .trades(let fills):
            .array(fills.map {
                .object([("bot", .string($0.bot)), ("client_order_id", .string($0.clientOrderID)), ("ts", JSONValue(Int($0.ts))),
                         ("side", .string($0.side)), ("position_side", .string($0.positionSide)), ("price", JSONValue($0.price)),
                         ("quantity", JSONValue($0.quantity)), ("fee", JSONValue($0.fee)), ("liquidity", .string($0.liquidity)),
                         ("trade_id", $0.tradeID.map(JSONValue.string) ?? .null)])
            })
        case .daily(let days, let zone):
            .object([("time_zone", .string(zone)), ("days", .array(days.map {
                .object([("day", .string($0.day)), ("realized_pnl", JSONValue($0.realized)), ("fees", JSONValue($0.fees)),
                         ("net_pnl", JSONValue($0.net)), ("fills", JSONValue($0.fills))])
            }))])
        case .positions(let bots):
            .array(bots.map {
                .object([("bot", .string($0.id)), ("instrument", .string($0.instrument)), ("quantity", JSONValue($0.position)),
                         ("avg_entry", $0.averageEntry.map(JSONValue.init) ?? .null), ("unrealized_pnl", JSONValue($0.unrealizedPnL))])
            })
        case .pnl(let total, let bots):
            .object([("total", JSONValue(total)), ("bots", .array(bots.map {
                .object([("bot", .string($0.id)), ("realized_pnl", JSONValue($0.realizedPnL)),
                         ("unrealized_pnl", JSONValue($0.unrealizedPnL)), ("fees", JSONValue($0.fees)), ("net_pnl", JSONValue($0.netPnL))])
            }))])
        case .balances(let books):
            .array(books.map {
                .object([("account", .string($0.account)), ("instrument", .string($0.instrument)),
                         ("balance", JSONValue($0.balance)), ("equity", JSONValue($0.equity))])
            })
        case .metrics(let text):
            .string(text)
        case .events(let events):
            .array(events.map(JSONValue.init))
        case .subscribed(let after):
            .object([("subscribed", .bool(true)), ("after", JSONValue(Int(after)))])
        }
    }
}
