import BotConfig
import BotCore

extension Command {
    /// The arguments as the audit log keeps them: a JSON object with the control protocol's
    /// keys, defaults left out, so a change reads the same whichever transport asked for it.
    public var auditArguments: String {
        var pairs: [(String, String)] = []
        switch self {
        case .bot(let id), .start(let id), .pause(let id), .resume(let id), .restart(let id), .remove(let id), .close(let id):
            pairs.append(("bot", JSONText.quoted(id)))
        case .stop(let id, let policy):
            pairs.append(("bot", JSONText.quoted(id)))
            if let policy { pairs.append(("on_stop", JSONText.quoted(policy.rawValue))) }
        case .adjust(let id, let side, let tp, let sl):
            pairs.append(("bot", JSONText.quoted(id)))
            if let side { pairs.append(("side", JSONText.quoted(side.rawValue))) }
            if let tp { pairs.append(("take_profit", JSONText.quoted(tp.description))) }
            if let sl { pairs.append(("stop_loss", JSONText.quoted(sl.description))) }
        case .add(let file):
            pairs.append(("file", JSONText.quoted(file)))
        case .trades(let bot, let limit):
            if let bot { pairs.append(("bot", JSONText.quoted(bot))) }
            pairs.append(("limit", String(limit)))
        case .daily(let days, let zone):
            pairs.append(("days", String(days)))
            pairs.append(("time_zone", JSONText.quoted(zone)))
        case .orders(let bot, let openOnly):
            if let bot { pairs.append(("bot", JSONText.quoted(bot))) }
            if openOnly { pairs.append(("open", "true")) }
        case .status, .bots, .reload, .positions, .pnl, .balance, .metrics, .events, .subscribe, .shutdown:
            break
        }
        return "{" + pairs.map { "\(JSONText.quoted($0.0)):\($0.1)" }.joined(separator: ",") + "}"
    }
}
