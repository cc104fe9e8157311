import BotConfig
import BotCore
import Runtime
import Store

/// Who sent a command: the peer's uid on the control socket (a Telegram user later).
public struct Caller: Sendable {
    public var name: String
    public init(name: String) { self.name = name }
}

/// The answer to one request line, and whether the connection now streams events.
public struct CommandResponse: Sendable {
    public var line: String
    /// Set when the request subscribed: the transport streams the events after this sequence
    /// number until the client leaves.
    public var subscribedAfter: Int?

    public init(line: String, subscribedAfter: Int? = nil) {
        self.line = line
        self.subscribedAfter = subscribedAfter
    }
}

/// A command that failed, with a stable code the client can switch on.
public struct CommandError: Error, Sendable {
    public var code: String
    public var message: String
    public init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }
}

/// One command set for every transport: the control socket now, Telegram later.
///
/// Requests are `{"id", "cmd", "args": {...}}`; responses `{"id", "ok": true, "result"}` or
/// `{"id", "ok": false, "error": {"code", "message"}}` with the request's id echoed. Every
/// command is written to the audit log (who, what, when, outcome).
public final class CommandRouter: Sendable {
    let supervisor: Supervisor
    let store: Store
    let metrics: RuntimeMetrics
    let runtimePath: String
    let onShutdown: @Sendable () -> Void

    /// How long a client waits for a command, and for a query of the database.
    static let deadline = Duration.seconds(15)
    static let storeDeadline = Duration.seconds(3)

    public static let commands = ["status", "bots", "bot", "start", "stop", "pause", "resume", "restart", "reload", "add",
                                  "remove", "orders", "positions", "pnl", "balance", "metrics", "events", "subscribe", "shutdown"]

    public init(supervisor: Supervisor, store: Store, metrics: RuntimeMetrics, runtimePath: String,
                onShutdown: @escaping @Sendable () -> Void) {
        self.supervisor = supervisor
        self.store = store
        self.metrics = metrics
        self.runtimePath = runtimePath
        self.onShutdown = onShutdown
    }

    /// Answers one request line (without its newline).
    public func respond(to line: [UInt8], caller: Caller) async -> CommandResponse {
        let request: ControlRequest
        switch ControlRequest.parse(line) {
        case .success(let r): request = r
        case .failure(let e): return CommandResponse(line: Self.failure(e.id, e.error))
        }
        let id = request.id
        let response: String
        let outcome: String
        var subscribedAfter: Int?
        do {
            let (cmd, args) = (request.cmd, request.args)
            guard let result = try await answer(within: Self.deadline, { try await self.dispatch(cmd, args) }) else {
                throw CommandError("timeout", "botd did not finish '\(cmd)' within \(Self.deadline); it goes on in the background (is another process holding the database's write lock?)")
            }
            response = JSONValue.object([("id", id), ("ok", .bool(true)), ("result", result)]).text
            outcome = "ok"
            if request.cmd == "subscribe" { subscribedAfter = result["after"]?.intValue ?? 0 }
        } catch let e as CommandError {
            response = Self.failure(id, e)
            outcome = e.code
        } catch let e as RuntimeError {
            response = Self.failure(id, CommandError(e.code, e.description))
            outcome = e.code
        } catch {
            // Details stay in the log; the client gets a generic error.
            response = Self.failure(id, CommandError("internal", "the command failed; see the daemon log"))
            outcome = "internal: \(error)"
        }
        // Posted, not awaited: a status is answered from memory even while the database is held.
        store.postAudit(AuditRow(ts: wallClockMilliseconds(), who: caller.name, command: request.cmd, args: request.args.text,
                                 ok: outcome == "ok", result: outcome))
        return CommandResponse(line: response, subscribedAfter: subscribedAfter)
    }

    static func failure(_ id: JSONValue, _ e: CommandError) -> String {
        JSONValue.object([("id", id), ("ok", .bool(false)),
                          ("error", .object([("code", .string(e.code)), ("message", .string(e.message))]))]).text
    }

    func bot(_ args: JSONValue) throws -> String {
        guard let b = args["bot"]?.stringValue, !b.isEmpty else { throw CommandError("bad_request", "'args.bot' must name a bot") }
        return b
    }

    func dispatch(_ cmd: String, _ args: JSONValue) async throws -> JSONValue {
        switch cmd {
        case "status":
            return .object([("bots", .array(await supervisor.statuses().map(Self.json)))])
        case "bots":
            return .array(await supervisor.statuses().map { .object([("id", .string($0.id)), ("state", .string($0.state.rawValue))]) })
        case "bot":
            let id = try bot(args)
            guard let s = await supervisor.statuses().first(where: { $0.id == id }) else { throw RuntimeError.unknownBot(id) }
            return Self.json(s)
        case "pause":
            try await supervisor.pause(try bot(args))
            return .string("paused")
        case "resume":
            try await supervisor.resume(try bot(args))
            return .string("resumed")
        case "stop":
            var policy: OnStop?
            if let p = args["on_stop"]?.stringValue {
                guard let v = OnStop(rawValue: p) else { throw CommandError("bad_request", "'args.on_stop' must be cancel_orders, close_position or leave") }
                policy = v
            }
            try await supervisor.stop(try bot(args), policy: policy)
            return .string("stopped")
        case "start":
            try await supervisor.startBot(try bot(args))
            return .string("starting")
        case "restart":
            try await supervisor.restart(try bot(args))
            return .string("restarting")
        case "remove":
            let id = try bot(args)
            guard await supervisor.spec(id) != nil else { throw RuntimeError.unknownBot(id) }
            await supervisor.remove(id)
            return .string("removed")
        case "reload":
            let report = await supervisor.reload(ConfigSet.load(runtime: runtimePath))
            return .object([("added", .array(report.added.map(JSONValue.init))), ("removed", .array(report.removed.map(JSONValue.init))),
                            ("restarted", .array(report.restarted.map(JSONValue.init))),
                            ("errors", .array(report.errors.map(JSONValue.init)))])
        case "add":
            guard let file = args["file"]?.stringValue else { throw CommandError("bad_request", "'args.file' must name a bot file") }
            let set = ConfigSet.load(runtime: runtimePath)
            let spec: BotSpec
            do { spec = try set.bot(file: file) } catch { throw CommandError("bad_config", error.description) }
            await supervisor.add(spec)
            return .string("added \(spec.id)")
        case "orders":
            let (bot, open, store) = (args["bot"]?.stringValue, args["open"]?.boolValue ?? false, store)
            guard let rows = try await answer(within: Self.storeDeadline, { try await store.orders(bot: bot, openOnly: open) }) else {
                throw CommandError("store_busy", "the database did not answer within \(Self.storeDeadline) (another process may be holding a write lock on \(store.path)); try again")
            }
            return .array(rows.map(Self.json))
        case "positions":
            return .array(await supervisor.statuses().filter { !$0.position.isZero }.map {
                .object([("bot", .string($0.id)), ("instrument", .string($0.instrument)), ("quantity", JSONValue($0.position)),
                         ("avg_entry", $0.averageEntry.map(JSONValue.init) ?? .null), ("unrealized_pnl", JSONValue($0.unrealizedPnL))])
            })
        case "pnl":
            let all = await supervisor.statuses()
            let total = all.reduce(Money.zero) { $0 + $1.netPnL }
            return .object([("total", JSONValue(total)), ("bots", .array(all.map {
                .object([("bot", .string($0.id)), ("realized_pnl", JSONValue($0.realizedPnL)),
                         ("unrealized_pnl", JSONValue($0.unrealizedPnL)), ("fees", JSONValue($0.fees)), ("net_pnl", JSONValue($0.netPnL))])
            }))])
        case "balance":
            return .array(await supervisor.balances().map {
                .object([("account", .string($0.account)), ("instrument", .string($0.instrument)),
                         ("balance", JSONValue($0.balance)), ("equity", JSONValue($0.equity))])
            })
        case "metrics":
            _ = await supervisor.statuses()  // refreshes the gauges
            return .string(metrics.prometheusText())
        case "events":
            return .array(await supervisor.events.suffix(200).map(Self.json))
        case "subscribe":
            // The transport keeps the connection open and streams `{"event": …}` lines.
            return .object([("subscribed", .bool(true)), ("after", JSONValue(await supervisor.events.last?.seq ?? 0))])
        case "shutdown":
            onShutdown()
            return .string("shutting down")
        default:
            throw CommandError("unknown_command", "unknown command '\(cmd)' (known: \(Self.commands.joined(separator: ", ")))")
        }
    }

    static func json(_ e: Supervisor.Event) -> JSONValue {
        .object([("seq", JSONValue(e.seq)), ("ts_ms", JSONValue(Int(e.ts))), ("bot", .string(e.bot)), ("kind", .string(e.kind)),
                 ("detail", .string(e.detail))])
    }

    /// The next events for a subscriber that has seen up to `seq`, as lines.
    public func eventLines(after seq: Int) async -> (lines: [String], last: Int) {
        let events = await supervisor.events(after: seq)
        return (events.map { JSONValue.object([("event", Self.json($0))]).text }, events.last?.seq ?? seq)
    }

    static func json(_ s: BotStatus) -> JSONValue {
        .object([("id", .string(s.id)), ("state", .string(s.state.rawValue)), ("user", .string(s.user)),
                 ("strategy", .string(s.strategy)), ("instrument", .string(s.instrument)), ("timeframe", .string(s.timeframe)),
                 ("position", JSONValue(s.position)), ("avg_entry", s.averageEntry.map(JSONValue.init) ?? .null),
                 ("realized_pnl", JSONValue(s.realizedPnL)), ("unrealized_pnl", JSONValue(s.unrealizedPnL)),
                 ("fees", JSONValue(s.fees)), ("net_pnl", JSONValue(s.netPnL)), ("open_orders", JSONValue(s.openOrders)),
                 ("orders", JSONValue(s.orders)), ("fills", JSONValue(s.fills)), ("events", JSONValue(s.events)),
                 ("queue_depth", JSONValue(s.queueDepth)), ("restarts", JSONValue(s.restarts)),
                 ("last_error", s.lastError.map(JSONValue.init) ?? .null)])
    }

    static func json(_ o: OrderRow) -> JSONValue {
        .object([("client_order_id", .string(o.clientOrderID)), ("bot", .string(o.bot)), ("instrument", .string(o.instrument)),
                 ("side", .string(o.side)), ("type", .string(o.type)), ("price", o.price.map(JSONValue.init) ?? .null),
                 ("trigger_price", o.triggerPrice.map(JSONValue.init) ?? .null), ("quantity", JSONValue(o.quantity)),
                 ("filled", JSONValue(o.filled)), ("reduce_only", .bool(o.reduceOnly)), ("position_side", .string(o.positionSide)),
                 ("status", .string(o.status)), ("created_ms", JSONValue(Int(o.createdMs))),
                 ("history", .array(o.history.map(JSONValue.init)))])
    }
}
