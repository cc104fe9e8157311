import ArgumentParser
import BotConfig
import Control
import Foundation

/// How botctl finds the daemon.
struct ConnectionOptions: ParsableArguments {
    @Option(help: "The control socket. Default: the one named in ./runtime.toml.")
    var socket: String?

    @Option(help: "The runtime configuration naming the socket.")
    var config = "runtime.toml"

    @Flag(help: "Print the daemon's JSON result.")
    var json = false

    func path() throws -> String {
        if let socket { return socket }
        guard let rt = ConfigSet.loadRuntime(config) else {
            throw Failure("\(config): cannot read the runtime configuration; give the socket with --socket PATH")
        }
        return rt.daemon.socketPath
    }

    /// Sends a command; prints the error and exits 1 when the daemon refuses it.
    func send(_ cmd: String, _ args: [(String, JSONValue)] = []) throws -> JSONValue {
        let response: JSONValue
        do { response = try ControlClient.request(try path(), cmd: cmd, args: .object(args)) } catch let e as ControlError {
            throw Failure(e.description)
        }
        guard response["ok"]?.boolValue == true else {
            let code = response["error"]?["code"]?.stringValue ?? "error"
            let message = response["error"]?["message"]?.stringValue ?? response.text
            throw Failure("\(code): \(message)")
        }
        let result = response["result"] ?? .null
        if json { print(result.text) }
        return result
    }
}

/// A plain table: columns padded to their widest cell.
func table(_ header: [String], _ rows: [[String]]) -> String {
    var widths = header.map(\.count)
    for r in rows { for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) } }
    func line(_ cells: [String]) -> String {
        cells.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
            .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
    }
    return ([line(header)] + rows.map(line)).joined(separator: "\n")
}

extension JSONValue {
    /// Display text of a scalar.
    var cell: String {
        switch self {
        case .null: "-"
        case .string(let s): s
        case .number(let n): n
        case .bool(let b): b ? "yes" : "no"
        default: text
        }
    }
    var items: [JSONValue] { if case .array(let a) = self { a } else { [] } }
}

extension BotCtl {
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show every bot with its state, position and PnL.")
        @OptionGroup var connection: ConnectionOptions
        func run() throws {
            let r = try connection.send("status")
            guard !connection.json else { return }
            let bots = r["bots"]?.items ?? []
            print(table(["ID", "STATE", "STRATEGY", "INSTRUMENT", "TF", "POSITION", "NET PNL", "FEES", "ORDERS", "RESTARTS"],
                        bots.map { b in ["id", "state", "strategy", "instrument", "timeframe", "position", "net_pnl", "fees", "orders", "restarts"]
                            .map { b[$0]?.cell ?? "-" } }))
        }
    }

    struct Bots: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the bots and their states.")
        @OptionGroup var connection: ConnectionOptions
        func run() throws {
            let r = try connection.send("bots")
            guard !connection.json else { return }
            print(table(["ID", "STATE"], r.items.map { [$0["id"]?.cell ?? "-", $0["state"]?.cell ?? "-"] }))
        }
    }

    struct Bot: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one bot in detail.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The bot id.") var id: String
        func run() throws {
            let r = try connection.send("bot", [("bot", .string(id))])
            guard !connection.json, case .object(let pairs) = r else { return }
            print(table(["FIELD", "VALUE"], pairs.map { [$0.0, $0.1.cell] }))
        }
    }

    /// start, stop, pause, resume, restart, remove: one bot id, a one-word answer.
    struct BotAction: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "bot-action", shouldDisplay: false)
        @OptionGroup var connection: ConnectionOptions
        @Argument var id: String
        static func run(_ cmd: String, _ c: ConnectionOptions, _ id: String, _ extra: [(String, JSONValue)] = []) throws {
            let r = try c.send(cmd, [("bot", .string(id))] + extra)
            if !c.json { print("\(id): \(r.cell)") }
        }
    }

    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start a stopped or failed bot.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The bot id.") var id: String
        func run() throws { try BotAction.run("start", connection, id) }
    }

    struct Stop: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop a bot, applying its on_stop policy (or --on-stop).")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The bot id.") var id: String
        @Option(name: .customLong("on-stop"), help: "cancel_orders, close_position or leave.") var onStop: String?
        func run() throws { try BotAction.run("stop", connection, id, onStop.map { [("on_stop", .string($0))] } ?? []) }
    }

    struct Pause: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Pause a bot: it ignores the market until resumed.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The bot id.") var id: String
        func run() throws { try BotAction.run("pause", connection, id) }
    }

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close a bot's position at market (its open orders cancelled first); the bot goes on.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The bot id.") var id: String
        func run() throws { try BotAction.run("close", connection, id) }
    }

    struct Resume: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Resume a paused bot.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The bot id.") var id: String
        func run() throws { try BotAction.run("resume", connection, id) }
    }

    struct Restart: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Restart a bot from its snapshot.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The bot id.") var id: String
        func run() throws { try BotAction.run("restart", connection, id) }
    }

    struct Adjust: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a running bot's take-profit and/or stop-loss by hand (HYPERRSI).",
            discussion: "Replaces the strategy's own orders for the position with one at each price given; logged, so a restart of the bot replays it.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The bot id.") var id: String
        @Option(name: .customLong("take-profit"), help: "The price to take the whole position's profit at.") var takeProfit: String?
        @Option(name: .customLong("stop-loss"), help: "The stop price for the whole position.") var stopLoss: String?
        @Option(help: "long or short: the leg to change (default: every leg holding a position).") var side: String?
        func run() throws {
            guard takeProfit != nil || stopLoss != nil else { throw ValidationError("give --take-profit, --stop-loss or both") }
            var extra: [(String, JSONValue)] = []
            if let takeProfit { extra.append(("take_profit", .string(takeProfit))) }
            if let stopLoss { extra.append(("stop_loss", .string(stopLoss))) }
            if let side { extra.append(("side", .string(side))) }
            try BotAction.run("adjust", connection, id, extra)
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop a bot and forget it until the next reload.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The bot id.") var id: String
        func run() throws { try BotAction.run("remove", connection, id) }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add and start the bot in a bot file.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The bot file.") var file: String
        func run() throws {
            let r = try connection.send("add", [("file", .string(URL(fileURLWithPath: file).path))])
            if !connection.json { print(r.cell) }
        }
    }

    struct Reload: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Re-read bots/: start new bots, restart changed ones, stop removed ones.")
        @OptionGroup var connection: ConnectionOptions
        func run() throws {
            let r = try connection.send("reload")
            let errors = r["errors"]?.items ?? []
            if !connection.json {
                for k in ["added", "restarted", "removed"] { print("\(k): \(r[k]?.items.map(\.cell).joined(separator: ", ") ?? "")") }
                for e in errors { FileHandle.standardError.write(Data("error: \(e.cell)\n".utf8)) }
            }
            // A file that could not be loaded is a failed reload, whatever else it did.
            if !errors.isEmpty { throw ExitCode(1) }
        }
    }

    struct Orders: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List orders with their client order ids.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Only this bot's orders.") var bot: String?
        @Flag(help: "Only open orders.") var open = false
        func run() throws {
            var args: [(String, JSONValue)] = [("open", .bool(open))]
            if let bot { args.append(("bot", .string(bot))) }
            let r = try connection.send("orders", args)
            guard !connection.json else { return }
            print(table(["CLIENT ORDER ID", "BOT", "SIDE", "TYPE", "PRICE", "QUANTITY", "FILLED", "STATUS"],
                        r.items.map { o in ["client_order_id", "bot", "side", "type", "price", "quantity", "filled", "status"].map { o[$0]?.cell ?? "-" } }))
        }
    }

    struct Trades: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the newest fills, newest first.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Only this bot's fills.") var bot: String?
        @Option(help: "How many (1-1000).") var limit = 10
        func run() throws {
            var args: [(String, JSONValue)] = [("limit", JSONValue(limit))]
            if let bot { args.append(("bot", .string(bot))) }
            let r = try connection.send("trades", args)
            guard !connection.json else { return }
            print(table(["BOT", "SIDE", "PRICE", "QUANTITY", "FEE", "CLIENT ORDER ID"],
                        r.items.map { f in ["bot", "side", "price", "quantity", "fee", "client_order_id"].map { f[$0]?.cell ?? "-" } }))
        }
    }

    struct Daily: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show realised PnL per day.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "How many days, today included (1-366).") var days = 7
        @Option(name: .customLong("time-zone"), help: "The IANA time zone days run in.") var timeZone = "UTC"
        func run() throws {
            let r = try connection.send("daily", [("days", JSONValue(days)), ("time_zone", .string(timeZone))])
            guard !connection.json else { return }
            print(table(["DAY", "REALIZED", "FEES", "NET", "FILLS"],
                        (r["days"]?.items ?? []).map { d in ["day", "realized_pnl", "fees", "net_pnl", "fills"].map { d[$0]?.cell ?? "-" } }))
        }
    }

    struct Positions: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List open positions per bot.")
        @OptionGroup var connection: ConnectionOptions
        func run() throws {
            let r = try connection.send("positions")
            guard !connection.json else { return }
            print(table(["BOT", "INSTRUMENT", "QUANTITY", "AVG ENTRY", "UNREALIZED PNL"],
                        r.items.map { p in ["bot", "instrument", "quantity", "avg_entry", "unrealized_pnl"].map { p[$0]?.cell ?? "-" } }))
        }
    }

    struct Pnl: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "pnl", abstract: "Show PnL per bot and in total.")
        @OptionGroup var connection: ConnectionOptions
        func run() throws {
            let r = try connection.send("pnl")
            guard !connection.json else { return }
            print(table(["BOT", "REALIZED", "UNREALIZED", "FEES", "NET"],
                        (r["bots"]?.items ?? []).map { p in ["bot", "realized_pnl", "unrealized_pnl", "fees", "net_pnl"].map { p[$0]?.cell ?? "-" } }))
            print("total net PnL: \(r["total"]?.cell ?? "-")")
        }
    }

    struct Balance: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show paper balances and equity per account and instrument.")
        @OptionGroup var connection: ConnectionOptions
        func run() throws {
            let r = try connection.send("balance")
            guard !connection.json else { return }
            print(table(["ACCOUNT", "INSTRUMENT", "BALANCE", "EQUITY"],
                        r.items.map { b in ["account", "instrument", "balance", "equity"].map { b[$0]?.cell ?? "-" } }))
        }
    }

    struct Metrics: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the daemon's metrics in the Prometheus text format.")
        @OptionGroup var connection: ConnectionOptions
        func run() throws {
            let r = try connection.send("metrics")
            if !connection.json { print(r.cell, terminator: "") }
        }
    }

    struct Events: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the daemon's logged events (orders, fills, positions, bots' starts, restarts, failures).")
        @OptionGroup var connection: ConnectionOptions
        @Flag(help: "Then follow new events as they happen, as `subscribe` does (Ctrl-C to stop).")
        var follow = false
        @Option(help: "Only events after this sequence number (the SEQ column); with --follow, resume from it.")
        var since: Int?
        func run() throws {
            let r = try connection.send("events", since.map { [("since", JSONValue($0))] } ?? [])
            if !connection.json || !follow { printEvents(r.items) }
            fflush(nil)
            guard follow else { return }
            // Resume after the last event shown, so none is shown twice or missed between.
            let last = r.items.compactMap { $0["seq"]?.intValue }.max() ?? since
            return try followEvents(connection, since: last)
        }

        func printEvents(_ items: [JSONValue]) {
            if connection.json {
                print(JSONValue.array(items).text)
            } else {
                print(table(["SEQ", "TS_MS", "BOT", "EVENT", "DETAIL"], items.map(eventRow)))
            }
        }
    }

    struct Shutdown: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop the daemon gracefully.")
        @OptionGroup var connection: ConnectionOptions
        func run() throws {
            let r = try connection.send("shutdown")
            if !connection.json { print(r.cell) }
        }
    }
}

extension BotCtl {
    struct Subscribe: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Follow the supervisor's events as they happen (Ctrl-C to stop).")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Resume after this sequence number instead of starting from now.")
        var since: Int?
        func run() throws { try followEvents(connection, since: since) }
    }
}

/// Streams the daemon's events, one line each, until it goes away. Each line is flushed as
/// it is printed: stdout may be a pipe or a file, which the C library would otherwise fill
/// block by block, and a follower wants every event when it happens.
func followEvents(_ connection: ConnectionOptions, since: Int? = nil) throws {
    let fd: Int32
    do { fd = try ControlClient.connect(try connection.path()) } catch let e as ControlError { throw Failure(e.description) }
    defer { close(fd) }
    let args: [(String, JSONValue)] = since.map { [("since", JSONValue($0))] } ?? []
    guard ControlClient.send(fd, JSONValue.object([("id", JSONValue(1)), ("cmd", .string("subscribe")), ("args", .object(args))]).text) else {
        throw Failure("the daemon closed the connection")
    }
    var line: [UInt8] = []
    var buf = [UInt8](repeating: 0, count: 4096)
    var first = true
    while true {
        let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n < 0 && errno == EINTR { continue }
        guard n > 0 else { return }
        for b in buf[0..<n] {
            guard b == 0x0A else { line.append(b); continue }
            defer { line.removeAll() }
            guard let v = JSONValue.parse(line) else { continue }
            if first {
                first = false
                guard v["ok"]?.boolValue == true else { throw Failure(v["error"]?["message"]?.stringValue ?? v.text) }
                continue
            }
            guard let e = v["event"] else { continue }
            if connection.json { print(e.text) } else { print(eventRow(e).joined(separator: "  ")) }
            fflush(nil)  // every C stream, stdout among them
        }
    }
}

/// An event as a table row: its sequence number, time, bot, kind, and its other fields.
func eventRow(_ e: JSONValue) -> [String] {
    let shown: Set<String> = ["seq", "ts", "bot", "kind", "user"]
    var detail: [String] = []
    if case .object(let fields) = e {
        for (k, v) in fields where !shown.contains(k) { detail.append("\(k)=\(v.cell)") }
    }
    return [e["seq"]?.cell ?? "-", e["ts"]?.cell ?? "-", e["bot"]?.cell ?? "-", e["kind"]?.cell ?? "-", detail.joined(separator: " ")]
}
