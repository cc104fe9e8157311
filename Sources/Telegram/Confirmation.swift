import Commands
import TelegramWire

/// A confirmation's buttons and what it stands for. The press carries only a random token
/// (`ok:TOKEN` or `no:TOKEN`); what it confirms and for whom is in the store
/// (`saveTelegramConfirmation`), taken once, so a stale or repeated press does nothing and a
/// press by anyone but the user who asked is refused.
public enum Confirmation {
    public static func keyboard(token: String, replies: Replies) throws(TelegramRequestError) -> InlineKeyboardMarkup {
        InlineKeyboardMarkup(rows: [[try InlineKeyboardButton(text: replies.confirmLabel, callbackData: "ok:" + token),
                                     try InlineKeyboardButton(text: replies.cancelLabel, callbackData: "no:" + token)]])
    }

    /// A press's token, and whether it confirms; nil for data that is not ours.
    public static func press(_ data: String?) -> (token: String, confirmed: Bool)? {
        guard let data, data.count > 3 else { return nil }
        if data.hasPrefix("ok:") { return (String(data.dropFirst(3)), true) }
        if data.hasPrefix("no:") { return (String(data.dropFirst(3)), false) }
        return nil
    }

    /// The commands a confirmation runs, as the store keeps them: `close:a,b`. Only what a
    /// chat asks to confirm (closes, starts, stops) is written; anything else reads as nil.
    public static func encode(_ commands: [Command]) -> String? {
        guard let first = commands.first, ["close", "start", "stop"].contains(first.name.rawValue),
              commands.allSatisfy({ $0.name == first.name }) else { return nil }
        let ids = commands.compactMap(\.targetBot)
        guard ids.count == commands.count, ids.allSatisfy({ !$0.contains(",") }) else { return nil }
        return first.name.rawValue + ":" + ids.joined(separator: ",")
    }

    public static func decode(_ text: String) -> [Command]? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let ids = text[text.index(after: colon)...].split(separator: ",").map(String.init)
        guard !ids.isEmpty else { return nil }
        switch text[..<colon] {
        case "close": return ids.map { .close($0) }
        case "start": return ids.map { .start($0) }
        case "stop": return ids.map { .stop($0) }
        default: return nil
        }
    }
}
