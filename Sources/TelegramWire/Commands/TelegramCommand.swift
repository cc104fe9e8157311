/// A command a user sent: `/name arg arg…`, with the name lower-cased and without its `/` or
/// `@botname` suffix.
public struct TelegramCommand: Hashable, Sendable {
    public var name: String
    /// The words after the command, split at whitespace.
    public var arguments: [String]

    public init(name: String, arguments: [String] = []) {
        self.name = name
        self.arguments = arguments
    }

    /// The command at the start of `text`, or nil when there is none or it is addressed to
    /// another bot. Telegram's `bot_command` entity at offset 0 marks it when present (its
    /// offset and length are UTF-16 units); without one, the first word is read as a command
    /// if it looks like one. `/name@bot` is ours only when `bot` is `botUsername` (any case,
    /// with or without `@`); when the username is not known (nil), an addressed command is
    /// refused: in a group with several bots, `/stop@otherbot` must never stop ours.
    public static func parse(text: String, entities: [TelegramMessageEntity] = [], botUsername: String?) -> TelegramCommand? {
        let token: Substring
        if let e = entities.first(where: { $0.isBotCommand && $0.offset == 0 }), let r = e.range(in: text) {
            token = text[r]
        } else {
            token = text.prefix { !$0.isWhitespace }
        }
        guard token.first == "/" else { return nil }
        let word = token.dropFirst()
        let name: Substring, addressee: Substring?
        if let at = word.firstIndex(of: "@") {
            name = word[..<at]
            addressee = word[word.index(after: at)...]
        } else {
            name = word
            addressee = nil
        }
        guard isWord(name), addressee.map(isWord) ?? true else { return nil }
        if let addressee {
            guard let me = botUsername.map({ $0.hasPrefix("@") ? $0.dropFirst() : Substring($0) }),
                  me.lowercased() == addressee.lowercased() else { return nil }
        }
        let rest = text[token.endIndex...]
        return TelegramCommand(name: name.lowercased(), arguments: rest.split(whereSeparator: \.isWhitespace).map(String.init))
    }

    /// The command a message carries, if any.
    public static func parse(_ message: TelegramMessage, botUsername: String?) -> TelegramCommand? {
        guard let text = message.text else { return nil }
        return parse(text: text, entities: message.entities, botUsername: botUsername)
    }

    /// What Telegram recognises in a command or a username: ASCII letters, digits and `_`.
    private static func isWord(_ s: Substring) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) || $0 == UInt8(ascii: "_") }
    }
}
