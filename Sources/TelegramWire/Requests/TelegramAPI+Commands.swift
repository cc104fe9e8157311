/// One entry of the bot's command menu.
public struct TelegramBotCommand: Hashable, Sendable {
    /// Without the `/`: 1–32 of lower-case ASCII letters, digits and `_`.
    public var command: String
    /// 1–256 characters.
    public var description: String

    public init(_ command: String, _ description: String) {
        self.command = command
        self.description = description
    }
}

/// Whom a command menu is for (`BotCommandScope`); the most specific scope wins in a chat.
public enum TelegramCommandScope: Hashable, Sendable {
    case `default`
    case allPrivateChats
    case allGroupChats
    case allChatAdministrators
    case chat(Int64)
    case chatAdministrators(Int64)
    case chatMember(chatID: Int64, userID: Int64)

    var json: String {
        var o = TelegramJSON()
        switch self {
        case .default: o.add("type", "default")
        case .allPrivateChats: o.add("type", "all_private_chats")
        case .allGroupChats: o.add("type", "all_group_chats")
        case .allChatAdministrators: o.add("type", "all_chat_administrators")
        case .chat(let id):
            o.add("type", "chat")
            o.add("chat_id", id)
        case .chatAdministrators(let id):
            o.add("type", "chat_administrators")
            o.add("chat_id", id)
        case .chatMember(let chat, let user):
            o.add("type", "chat_member")
            o.add("chat_id", chat)
            o.add("user_id", user)
        }
        return o.json
    }
}

extension TelegramAPI {
    /// The command menu for `scope` (and users of `languageCode`, a two-letter ISO 639-1 code;
    /// nil for everyone). Checked as Telegram documents it: at most 100 commands, each
    /// 1–32 of `[a-z0-9_]`, descriptions 1–256 characters; a command twice is refused too.
    public static func setMyCommands(commands: [TelegramBotCommand], scope: TelegramCommandScope = .default,
                                     languageCode: String? = nil) throws(TelegramRequestError) -> TelegramRequest<Bool> {
        guard commands.count <= TelegramLimits.commands else {
            throw TelegramRequestError(field: "commands", reason: "\(commands.count) commands; at most \(TelegramLimits.commands)")
        }
        var seen: Set<String> = []
        for (i, c) in commands.enumerated() {
            guard TelegramCheck.word(c.command, lengths: 1...TelegramLimits.commandLength) else {
                throw TelegramRequestError(field: "commands[\(i)].command",
                                           reason: "'\(c.command.prefix(40))' must be 1 to 32 of lower-case a-z, 0-9 and _")
            }
            guard seen.insert(c.command).inserted else {
                throw TelegramRequestError(field: "commands[\(i)].command", reason: "'\(c.command)' is listed twice")
            }
            let n = c.description.utf16.count
            guard (1...TelegramLimits.commandDescriptionLength).contains(n) else {
                throw TelegramRequestError(field: "commands[\(i)].description",
                                           reason: "\(n) characters; must be 1 to \(TelegramLimits.commandDescriptionLength)")
            }
        }
        if let languageCode, !(languageCode.utf8.count == 2 && languageCode.utf8.allSatisfy({ (97...122).contains($0) })) {
            throw TelegramRequestError(field: "language_code", reason: "'\(languageCode.prefix(10))' is not a two-letter ISO 639-1 code")
        }
        let items = commands.map { c in
            var o = TelegramJSON()
            o.add("command", c.command)
            o.add("description", c.description)
            return o.json
        }
        var o = TelegramJSON()
        o.add("commands", json: TelegramJSON.array(items))
        o.add("scope", json: scope.json)
        o.add("language_code", languageCode)
        return TelegramRequest("setMyCommands", o)
    }
}
