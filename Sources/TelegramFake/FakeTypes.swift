import FakeKit

/// A Telegram user as the fake's updates carry them.
public struct FakeUser: Sendable, Hashable {
    public var id: Int64
    public var firstName: String
    public var isBot: Bool
    public var languageCode: String?

    public init(id: Int64, firstName: String, isBot: Bool = false, languageCode: String? = nil) {
        self.id = id
        self.firstName = firstName
        self.isBot = isBot
        self.languageCode = languageCode
    }

    var json: JSON {
        var p: [(String, JSON)] = [("id", .int(id)), ("is_bot", .bool(isBot)), ("first_name", .string(firstName))]
        if let languageCode { p.append(("language_code", .string(languageCode))) }
        return .object(p)
    }
}

/// A chat: a user's private chat (its id is the user's), a group or a supergroup (negative ids).
public struct FakeChat: Sendable, Hashable {
    public var id: Int64
    /// `private`, `group`, `supergroup` or `channel`.
    public var type: String
    public var title: String?
    public var firstName: String?

    public init(id: Int64, type: String, title: String? = nil, firstName: String? = nil) {
        self.id = id
        self.type = type
        self.title = title
        self.firstName = firstName
    }

    public static func privateChat(of user: FakeUser) -> FakeChat {
        FakeChat(id: user.id, type: "private", firstName: user.firstName)
    }

    var isGroup: Bool { type == "group" || type == "supergroup" }

    var json: JSON {
        var p: [(String, JSON)] = [("id", .int(id)), ("type", .string(type))]
        if let title { p.append(("title", .string(title))) }
        if let firstName { p.append(("first_name", .string(firstName))) }
        return .object(p)
    }
}

/// A message the bot sent, as the fake received it.
public struct SentMessage: Sendable, Equatable {
    public var chatId: Int64
    public var messageId: Int64
    /// The text as sent, markup included.
    public var text: String
    /// What the user sees: the markup parsed away (entities decoded).
    public var plainText: String
    public var parseMode: String?
    public var disableNotification: Bool
    /// The `reply_markup` JSON as sent, if any.
    public var replyMarkup: String?
    /// When it arrived, on the fake's clock.
    public var atMs: Int64
}

/// An `editMessageText` the fake applied.
public struct EditedMessage: Sendable, Equatable {
    public var chatId: Int64
    public var messageId: Int64
    public var text: String
    public var plainText: String
    public var replyMarkup: String?
    public var atMs: Int64
}

/// An `answerCallbackQuery` the fake accepted.
public struct CallbackAnswer: Sendable, Equatable {
    public var queryId: String
    public var text: String?
    public var showAlert: Bool
}

/// What the fake answered, counted.
public struct TelegramCounters: Sendable, Equatable {
    public var getUpdates = 0
    /// 409s: a webhook set, or a second poller.
    public var conflicts = 0
    public var tooManyRequests = 0
    public var badRequests = 0
    public var unauthorized = 0
    public var forbidden = 0
    /// Requests a fault held without an answer.
    public var held = 0
    /// Requests per method (lower-cased).
    public var requests: [String: Int] = [:]
}

/// A fault the next requests of a method get instead of their answer.
public enum TelegramFault: Sendable, Equatable {
    /// This status and body.
    case status(Int, body: String)
    /// The connection closes with no answer.
    case close
    /// The request is taken and never answered (the client's timeout ends it).
    case hold
    /// Flood control: 429 with `parameters.retry_after`.
    case tooManyRequests(retryAfter: Int)
    /// 502 with a proxy's HTML page, as nginx in front of the Bot API gives it.
    case badGateway
}

/// Telegram's sending limits (Bot FAQ), on the fake's clock.
public struct FakeLimits: Sendable, Equatable {
    /// Messages a chat may take at once before its pace applies.
    public var perChatBurst: Int
    /// Messages a second a chat is refilled with.
    public var perChatPerSecond: Double
    /// Messages to one group in any 60 s.
    public var groupPerMinute: Int
    /// Messages to all chats in any 1 s.
    public var globalPerSecond: Int

    public init(perChatBurst: Int = 3, perChatPerSecond: Double = 1, groupPerMinute: Int = 20, globalPerSecond: Int = 30) {
        self.perChatBurst = perChatBurst
        self.perChatPerSecond = perChatPerSecond
        self.groupPerMinute = groupPerMinute
        self.globalPerSecond = globalPerSecond
    }
}
