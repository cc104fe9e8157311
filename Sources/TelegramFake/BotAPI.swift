import FakeKit

/// Everything the fake Bot API knows, under one lock: the update queue and the poll waiting
/// on it, the chats and the bot's messages in them, the limits, the faults queued, and what
/// the bot did (for the tests to read). Its methods are spread over `BotAPI+*.swift`, one
/// concern each.
struct BotAPI {
    let token: String
    let bot: FakeUser
    let botUsername: String
    var revoked = false
    var webhook: String?

    // Updates (BotAPI+Polling).
    struct Update { var id: Int64; var atMs: Int64; var kind: String; var json: JSON }
    var updates: [Update] = []
    var nextUpdateID: Int64 = 100_000
    /// The kinds the bot last asked for; nil: Telegram's default (UpdateKinds).
    var allowedUpdates: Set<String>?
    var poll: Poll?
    /// Bumped by every getUpdates and by whatever ends a poll, so a poll that is handed its
    /// responder after a newer one arrived knows it was superseded (BotAPI+Polling).
    var pollTicket = 0
    var lastPollEnd = PollEnd.otherPoll

    // Chats and the bot's messages in them (BotAPI+Checks, BotAPI+Messages).
    var chats: [Int64: FakeChat] = [:]
    var migratedTo: [Int64: Int64] = [:]
    var blockedBy: Set<Int64> = []
    struct Stored { var plain: String; var markup: String?; var json: JSON }
    var messages: [Int64: [Int64: Stored]] = [:]
    var nextMessageID: [Int64: Int64] = [:]
    var queries: [String: (atMs: Int64, answered: Bool)] = [:]
    var nextQueryID = 1
    var limiter: SendLimiter

    // What the bot did.
    var sent: [SentMessage] = []
    var edits: [EditedMessage] = []
    var callbackAnswers: [CallbackAnswer] = []
    /// Command menus by `scope|language` (BotAPI+Commands).
    var commands: [String: [(String, String)]] = [:]
    var counters = TelegramCounters()
    var faults: [String: [TelegramFault]] = [:]

    init(token: String, botId: Int64, botUsername: String, limits: FakeLimits) {
        self.token = token
        bot = FakeUser(id: botId, firstName: "BotRuntime", isBot: true)
        self.botUsername = botUsername
        limiter = SendLimiter(limits: limits)
    }

    /// The bot as getMe and a message's `from` show it.
    var botJSON: JSON {
        .object([("id", .int(bot.id)), ("is_bot", .bool(true)), ("first_name", .string(bot.firstName)), ("username", .string(botUsername))])
    }

    mutating func newMessageID(_ chat: Int64) -> Int64 {
        let id = (nextMessageID[chat] ?? 0) + 1
        nextMessageID[chat] = id
        return id
    }
}

/// The envelope every answer has: `{"ok":true,"result":…}`, or `ok:false` with
/// `error_code`, `description` and, for some, `parameters` (protocols.md §5.1).
extension BotAPI {
    static func okResponse(_ result: JSON) -> RESTResponse {
        RESTResponse(status: 200, body: JSON.object([("ok", .bool(true)), ("result", result)]).text)
    }

    static func ok(_ result: JSON) -> RESTOutcome { .respond(okResponse(result)) }

    /// An error answer, counted by its code.
    mutating func errorResponse(_ code: Int, _ description: String, parameters: [(String, JSON)] = []) -> RESTResponse {
        switch code {
        case 400: counters.badRequests += 1
        case 401: counters.unauthorized += 1
        case 403: counters.forbidden += 1
        case 404: counters.notFound += 1
        case 409: counters.conflicts += 1
        case 429: counters.tooManyRequests += 1
        default: break
        }
        var p: [(String, JSON)] = [("ok", .bool(false)), ("error_code", .int(code)), ("description", .string(description))]
        if !parameters.isEmpty { p.append(("parameters", .object(parameters))) }
        return RESTResponse(status: code, body: JSON.object(p).text)
    }

    mutating func error(_ code: Int, _ description: String, parameters: [(String, JSON)] = []) -> RESTOutcome {
        .respond(errorResponse(code, description, parameters: parameters))
    }

    /// Flood control; clients must read `parameters.retry_after`, never the description.
    mutating func tooMany(_ seconds: Int) -> RESTOutcome {
        error(429, "Too Many Requests: retry after \(seconds)", parameters: [("retry_after", .int(seconds))])
    }
}
