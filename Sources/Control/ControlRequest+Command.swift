import BotCore
import BotConfig
import Commands
import Foundation

extension ControlRequest {
    /// The typed command the request asks for, or a `bad_request` naming the argument that
    /// is wrong (`unknown_command` for a name not in `Command.Name`).
    ///
    /// Arguments of another type than expected are left out where they are optional, as they
    /// always were: `"open": 1` lists every order, a non-string `on_stop` keeps the bot's own.
    public func command() throws(CommandError) -> Command {
        guard let name = Command.Name(rawValue: cmd) else {
            throw CommandError("unknown_command", "unknown command '\(cmd)' (known: \(Command.Name.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        switch name {
        case .status: return .status
        case .bots: return .bots
        case .bot: return .bot(try bot())
        case .start: return .start(try bot())
        case .stop:
            var policy: OnStop?
            if let p = args["on_stop"]?.stringValue {
                guard let v = OnStop(rawValue: p) else { throw CommandError("bad_request", "'args.on_stop' must be cancel_orders, close_position or leave") }
                policy = v
            }
            return .stop(try bot(), policy: policy)
        case .pause: return .pause(try bot())
        case .resume: return .resume(try bot())
        case .restart: return .restart(try bot())
        case .adjust:
            var side: PositionSide?
            if let v = args["side"] {
                guard let name = v.stringValue, let s = PositionSide(rawValue: name), s != .net || name == "net" else {
                    throw CommandError("bad_request", "'args.side' must be long, short or net")
                }
                side = s
            }
            let tp = try price("take_profit"), sl = try price("stop_loss")
            guard tp != nil || sl != nil else {
                throw CommandError("bad_request", "'args.take_profit' or 'args.stop_loss' must give a price")
            }
            return .adjust(try bot(), positionSide: side, takeProfit: tp, stopLoss: sl)
        case .close: return .close(try bot())
        case .reload: return .reload
        case .add:
            guard let file = args["file"]?.stringValue else { throw CommandError("bad_request", "'args.file' must name a bot file") }
            return .add(file: file)
        case .remove: return .remove(try bot())
        case .orders: return .orders(bot: args["bot"]?.stringValue, openOnly: args["open"]?.boolValue ?? false)
        case .trades:
            return .trades(bot: args["bot"]?.stringValue, limit: try count("limit", default: 10, in: 1...1_000))
        case .daily:
            let zone = args["time_zone"]?.stringValue ?? "UTC"
            guard TimeZone(identifier: zone) != nil else {
                throw CommandError("bad_request", "'args.time_zone' must be an IANA time zone such as Asia/Seoul or UTC")
            }
            return .daily(days: try count("days", default: 7, in: 1...366), timeZone: zone)
        case .positions: return .positions
        case .pnl: return .pnl
        case .balance: return .balance
        case .metrics: return .metrics
        case .events: return .events(since: try since())
        case .subscribe: return .subscribe(since: try since())
        case .shutdown: return .shutdown
        }
    }

    /// `args.since`: the sequence number of the last event the client has seen.
    func since() throws(CommandError) -> Int64? {
        guard let v = args["since"] else { return nil }
        guard let n = v.intValue, n >= 0 else { throw CommandError("bad_request", "'args.since' must be an event sequence number (0 or more)") }
        return Int64(n)
    }

    /// `args.NAME`: a whole number in `range`, `default` when absent.
    func count(_ name: String, default d: Int, in range: ClosedRange<Int>) throws(CommandError) -> Int {
        guard let v = args[name] else { return d }
        guard let n = v.intValue, range.contains(n) else {
            throw CommandError("bad_request", "'args.\(name)' must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return n
    }

    /// `args.NAME`: a price as a decimal string ("2650.5"), exact (never through a float).
    func price(_ name: String) throws(CommandError) -> Price? {
        guard let v = args[name] else { return nil }
        guard let text = v.stringValue, let p = Price(text), p.raw > 0 else {
            throw CommandError("bad_request", "'args.\(name)' must be a price above 0, as a decimal string (\"2650.5\")")
        }
        return p
    }

    func bot() throws(CommandError) -> String {
        guard let b = args["bot"]?.stringValue, !b.isEmpty else { throw CommandError("bad_request", "'args.bot' must name a bot") }
        return b
    }
}
