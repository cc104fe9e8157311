import FakeKit

/// Everything the fake Bot API knows, under one lock: the update queue and the poll waiting
/// on it, the chats and the bot's messages in them, the limits, the faults queued, and what
/// the bot did (for the tests to read).
struct BotAPI {
    let token: String
    let bot: FakeUser
    let botUsername: String
    var revoked = false
    var webhook: String?

    struct Update { var id: Int64; var atMs: Int64; var kind: String; var json: JSON }
    var updates: [Update] = []
    var nextUpdateID: Int64 = 100_000
    /// The kinds the last getUpdates asked for (nil: every kind but the chat_member and reaction ones).
    var allowedUpdates: [String]?
    struct Poll { var responder: RESTResponder; var deadlineMs: Int64; var limit: Int }
    var poll: Poll?

    var chats: [Int64: FakeChat] = [:]
    var migratedTo: [Int64: Int64] = [:]
    var blockedBy: Set<Int64> = []
    struct Stored { var plain: String; var markup: String?; var json: JSON }
    var messages: [Int64: [Int64: Stored]] = [:]
    var nextMessageID: [Int64: Int64] = [:]
    var queries: [String: (atMs: Int64, answered: Bool)] = [:]
    var nextQueryID = 1

    var sent: [SentMessage] = []
    var edits: [EditedMessage] = []
    var callbackAnswers: [CallbackAnswer] = []
    var commands: [String: [(String, String)]] = [:]
    var counters = TelegramCounters()
    var faults: [String: [TelegramFault]] = [:]
    var limiter: SendLimiter

    /// Updates are kept this long unconfirmed (Telegram: 24 hours).
    static let keepMs: Int64 = 86_400_000
    static let queryLifetimeMs: Int64 = 900_000
    static let defaultKinds: Set<String> = ["message", "edited_message", "channel_post", "edited_channel_post", "callback_query",
                                            "my_chat_member", "inline_query", "chosen_inline_result", "shipping_query",
                                            "pre_checkout_query", "poll", "poll_answer", "chat_join_request"]

    init(token: String, botId: Int64, botUsername: String, limits: FakeLimits) {
        self.token = token
        bot = FakeUser(id: botId, firstName: "BotRuntime", isBot: true)
        self.botUsername = botUsername
        limiter = SendLimiter(limits: limits)
    }

    var botJSON: JSON {
        .object([("id", .int(bot.id)), ("is_bot", .bool(true)), ("first_name", .string(bot.firstName)), ("username", .string(botUsername))])
    }

    // MARK: answers

    static func ok(_ result: JSON) -> RESTOutcome {
        .respond(RESTResponse(status: 200, body: JSON.object([("ok", .bool(true)), ("result", result)]).text))
    }

    mutating func error(_ code: Int, _ description: String, parameters: [(String, JSON)] = []) -> RESTOutcome {
        switch code {
        case 400: counters.badRequests += 1
        case 401: counters.unauthorized += 1
        case 403: counters.forbidden += 1
        case 409: counters.conflicts += 1
        case 429: counters.tooManyRequests += 1
        default: break
        }
        var p: [(String, JSON)] = [("ok", .bool(false)), ("error_code", .int(code)), ("description", .string(description))]
        if !parameters.isEmpty { p.append(("parameters", .object(parameters))) }
        return .respond(RESTResponse(status: code, body: JSON.object(p).text))
    }

    mutating func tooMany(_ seconds: Int) -> RESTOutcome {
        error(429, "Too Many Requests: retry after \(seconds)", parameters: [("retry_after", .int(seconds))])
    }

    /// The next fault queued for `method`, as the answer it gives.
    mutating func fault(_ method: String) -> RESTOutcome? {
        guard var queue = faults[method], !queue.isEmpty else { return nil }
        let f = queue.removeFirst()
        faults[method] = queue
        switch f {
        case .status(let code, let body): return .respond(RESTResponse(status: code, body: body))
        case .close: return .close
        case .hold:
            counters.held += 1
            return .hold
        case .tooManyRequests(let s): return tooMany(s)
        case .badGateway:
            return .respond(RESTResponse(status: 502, body: "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n</body>\r\n</html>\r\n",
                                         contentType: "text/html"))
        }
    }

    // MARK: incoming

    mutating func enqueue(kind: String, _ body: JSON, nowMs: Int64) -> Int64 {
        nextUpdateID += 1
        updates.append(Update(id: nextUpdateID, atMs: nowMs, kind: kind, json: body))
        answerPoll()
        return nextUpdateID
    }

    mutating func newMessageID(_ chat: Int64) -> Int64 {
        let id = (nextMessageID[chat] ?? 0) + 1
        nextMessageID[chat] = id
        return id
    }

    /// Updates the waiting poll (or the next) may take: the kinds asked for, oldest first.
    func deliverable(limit: Int) -> [Update] {
        let kinds = allowedUpdates.map { $0.isEmpty ? Self.defaultKinds : Set($0) } ?? Self.defaultKinds
        return Array(updates.lazy.filter { kinds.contains($0.kind) }.prefix(limit))
    }

    static func result(_ updates: [Update]) -> JSON {
        .array(updates.map { u in .object([("update_id", .int(u.id)), (u.kind, u.json)]) })
    }

    /// Answers the waiting poll if something arrived for it.
    mutating func answerPoll() {
        guard let p = poll else { return }
        let ready = deliverable(limit: p.limit)
        guard !ready.isEmpty else { return }
        poll = nil
        if case .respond(let r) = Self.ok(Self.result(ready)) { p.responder.respond(r) }
    }

    /// The clock moved: a poll whose hold is over is answered empty; old updates go.
    mutating func tick(nowMs: Int64) {
        updates.removeAll { $0.atMs < nowMs - Self.keepMs }
        if let p = poll, nowMs >= p.deadlineMs || !p.responder.isWaiting {
            poll = nil
            if case .respond(let r) = Self.ok(.array([])) { p.responder.respond(r) }
        }
    }
}
