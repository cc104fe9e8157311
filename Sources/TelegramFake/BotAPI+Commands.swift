import FakeKit

/// The command menus (setMyCommands, getMyCommands, deleteMyCommands), one per scope and
/// language. Checked as protocols.md §5.4 gives the rules: at most 100 commands; a command is
/// 1–32 of `a-z 0-9 _`; a description 1–256 characters, counted as Unicode scalars (the
/// fake's choice: Telegram's docs say "characters").
extension BotAPI {
    mutating func setMyCommands(_ p: Params) -> RESTOutcome {
        guard let list = p.json("commands")?.array else { return error(400, "Bad Request: field \"commands\" must be an Array") }
        guard list.count <= 100 else { return error(400, "Bad Request: BOT_COMMANDS_TOO_MUCH") }
        var out: [(String, String)] = []
        for item in list {
            let c = item.s("command"), d = item.s("description")
            guard (1...32).contains(c.utf8.count), c.utf8.allSatisfy({ (97...122).contains($0) || (48...57).contains($0) || $0 == 95 }) else {
                return error(400, "Bad Request: BOT_COMMAND_INVALID")
            }
            guard (1...256).contains(d.unicodeScalars.count) else { return error(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID") }
            out.append((c, d))
        }
        // An empty list is a delete, as Telegram treats it.
        commands[Self.scopeKey(p)] = out.isEmpty ? nil : out
        return Self.ok(.bool(true))
    }

    mutating func getMyCommands(_ p: Params) -> RESTOutcome {
        let list = commands[Self.scopeKey(p)] ?? []
        return Self.ok(.array(list.map { .object([("command", .string($0.0)), ("description", .string($0.1))]) }))
    }

    /// `type[:chat_id[:user_id]]|language`: where a command list applies (the key
    /// `TelegramFake.commands(scope:language:)` reads).
    static func scopeKey(_ p: Params) -> String {
        let scope = p.json("scope")
        var type = scope?.s("type") ?? ""
        if type.isEmpty { type = "default" }
        if let chat = scope?["chat_id"]?.string { type += ":" + chat }
        if let user = scope?["user_id"]?.string { type += ":" + user }
        return type + "|" + (p.string("language_code") ?? "")
    }
}
