import BotCore
import Commands

/// What a chat command asks for, its bot ids resolved against the bots the user sees. The
/// transport runs it through the one command router, as the user.
public enum ChatRequest: Equatable, Sendable {
    /// `/start` alone (Telegram's own Start button sends it): a greeting and the user's bots.
    /// It never starts anything.
    case greet
    case help
    /// Commands to run at once, in order (one, or one per bot for `all`).
    case run([Command])
    /// Commands that act on money or on every bot: run only after the user presses Confirm.
    case confirm([Command])
    /// Not understood: why, for the reply.
    case refuse(ChatRefusal)
}

/// Why a chat command was not run; each has a reply in every language.
public enum ChatRefusal: Error, Equatable, Sendable {
    case unknownCommand(String)
    /// The command's usage is wrong: its name, for the reply to show how it goes.
    case usage(String)
    case noSuchBot(String, candidates: [String])
    case ambiguousBot(String, candidates: [String])
    /// Something the runtime cannot do yet (clearing a take-profit by hand).
    case unsupported(String)
}

public enum ChatCommands {
    /// The commands, as the bot's menu lists them (setMyCommands).
    public static let names = ["start", "stop", "pause", "resume", "status", "bots", "positions", "orders", "trades", "profit",
                               "daily", "balance", "performance", "close", "forceexit", "tp", "sl", "reload", "help"]

    /// Reads `/name args…` for a user who sees `visible` bots (ids). Bot ids may be
    /// abbreviated when that names one bot; `all` stands for every bot the user sees.
    public static func parse(_ name: String, _ args: [String], visible: [String], timeZone: String) -> ChatRequest {
        func bot(_ i: Int) -> Result<String, ChatRefusal> {
            guard i < args.count else { return .failure(.usage(name)) }
            switch BotNames.resolve(args[i], among: visible) {
            case .one(let id): return .success(id)
            case .none(let c): return .failure(.noSuchBot(args[i], candidates: c))
            case .ambiguous(let c): return .failure(.ambiguousBot(args[i], candidates: c))
            }
        }
        func number(_ i: Int, default d: Int, max m: Int) -> Int? {
            guard i < args.count else { return d }
            guard let n = Int(args[i]), n >= 1 else { return nil }
            return min(n, m)
        }
        /// `BOT` or `all`: one command per bot.
        func perBot(_ make: (String) -> Command, confirmAll: Bool) -> ChatRequest {
            if args.first?.lowercased() == "all" {
                let all = visible.sorted().map(make)
                return confirmAll ? .confirm(all) : .run(all)
            }
            switch bot(0) {
            case .success(let id): return .run([make(id)])
            case .failure(let why): return .refuse(why)
            }
        }
        switch name {
        case "start":
            return args.isEmpty ? .greet : perBot({ .start($0) }, confirmAll: true)
        case "stop": return args.isEmpty ? .refuse(.usage(name)) : perBot({ .stop($0) }, confirmAll: true)
        case "pause": return args.isEmpty ? .refuse(.usage(name)) : perBot({ .pause($0) }, confirmAll: false)
        case "resume": return args.isEmpty ? .refuse(.usage(name)) : perBot({ .resume($0) }, confirmAll: false)
        case "status":
            return args.isEmpty ? .run([.status]) : perBot({ .bot($0) }, confirmAll: false)
        case "bots": return .run([.bots])
        case "positions": return .run([.positions])
        case "orders":
            if args.isEmpty { return .run([.orders(bot: nil, openOnly: true)]) }
            return perBot({ .orders(bot: $0, openOnly: true) }, confirmAll: false)
        case "trades":
            guard let n = number(0, default: 10, max: 50) else { return .refuse(.usage(name)) }
            return .run([.trades(limit: n)])
        case "profit", "performance": return .run([.pnl])
        case "daily":
            guard let n = number(0, default: 7, max: 90) else { return .refuse(.usage(name)) }
            return .run([.daily(days: n, timeZone: timeZone)])
        case "balance": return .run([.balance])
        case "close", "forceexit":
            if args.first?.lowercased() == "all" { return .confirm(visible.sorted().map { .close($0) }) }
            switch bot(0) {
            case .success(let id): return .confirm([.close(id)])
            case .failure(let why): return .refuse(why)
            }
        case "tp", "sl":
            switch bot(0) {
            case .failure(let why): return .refuse(why)
            case .success(let id):
                guard args.count > 1 else { return .run([.bot(id)]) }
                if args[1].lowercased() == "clear" { return .refuse(.unsupported(name + " clear")) }
                guard let p = Price(args[1]), p.raw > 0 else { return .refuse(.usage(name)) }
                return .run([name == "tp" ? .adjust(id, takeProfit: p) : .adjust(id, stopLoss: p)])
            }
        case "reload": return .run([.reload])
        case "help": return .help
        default: return .refuse(.unknownCommand(name))
        }
    }
}
