/// A bot's token, checked when made and never shown: it prints as `123456:***` (the bot's id
/// is public, the rest is the secret) in descriptions, debug output, `dump` and any struct
/// that holds it. Only `TelegramEndpoint` puts it in a URL.
public struct TelegramToken: Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    let secret: String
    /// The digits before the colon: the bot's user id, not a secret.
    public let botID: Int64

    /// `<digits>:<30 or more of A-Z a-z 0-9 _ ->` (`^\d+:[A-Za-z0-9_-]{30,}$`). Whitespace
    /// around it (a token read from a file keeps its newline) is dropped; it can never be part
    /// of a token. The error says what is wrong and never repeats the text.
    public init(_ text: String) throws(TelegramTokenError) {
        let t = text.trimmingWhitespace
        guard let colon = t.utf8.firstIndex(of: UInt8(ascii: ":")) else {
            throw TelegramTokenError(reason: "no ':' between the bot id and the secret")
        }
        let id = t.utf8[..<colon], rest = t.utf8[t.utf8.index(after: colon)...]
        guard !id.isEmpty, id.allSatisfy({ (48...57).contains($0) }), let botID = Int64(String(t[..<colon])) else {
            throw TelegramTokenError(reason: "the part before ':' must be the bot's numeric id")
        }
        guard rest.count >= 30, rest.allSatisfy(Self.isSecretByte) else {
            throw TelegramTokenError(reason: "the part after ':' must be at least 30 of A-Z, a-z, 0-9, '_' and '-' (it has \(rest.count) characters)")
        }
        self.secret = t
        self.botID = botID
    }

    static func isSecretByte(_ b: UInt8) -> Bool {
        (48...57).contains(b) || (65...90).contains(b) || (97...122).contains(b) || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
    }

    public var description: String { "\(botID):***" }
    public var debugDescription: String { "TelegramToken(\(botID):***)" }
    /// `dump` and reflection see no stored properties.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }

    /// `text` with this token, and anything shaped like a token, replaced (`TelegramRedaction`).
    public func redact(_ text: String) -> String { TelegramRedaction.redact(text, token: self) }
}

/// Why a text is not a bot token. Naming where it came from (the variable, the file) is the
/// caller's part.
public struct TelegramTokenError: Error, Hashable, Sendable, CustomStringConvertible {
    public var reason: String
    public var description: String { "not a Telegram bot token: \(reason)" }
}

extension String {
    var trimmingWhitespace: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
