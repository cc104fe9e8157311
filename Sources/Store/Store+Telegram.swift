import BotCore

/// A message for Telegram, as the outbox keeps it until it is sent: a reply to a command, a
/// notification, or an edit of a message sent before (a confirmation answered).
public struct TelegramOutgoing: Sendable, Equatable {
    public var chatID: Int64
    /// What it is (`reply`, `confirm`, or the notification's kind): packing and reports use it.
    public var kind: String
    /// HTML, escaped by whoever built it.
    public var text: String
    /// The inline keyboard's JSON, if any.
    public var replyMarkup: String?
    /// Delivered without a sound.
    public var silent: Bool
    /// May share one message with the chat's other packable messages next to it (notifications).
    public var packable: Bool
    /// An edit of this message of the chat instead of a new one.
    public var editMessageID: Int64?

    public init(chatID: Int64, kind: String, text: String, replyMarkup: String? = nil, silent: Bool = false, packable: Bool = false,
                editMessageID: Int64? = nil) {
        self.chatID = chatID
        self.kind = kind
        self.text = text
        self.replyMarkup = replyMarkup
        self.silent = silent
        self.packable = packable
        self.editMessageID = editMessageID
    }
}

/// An outbox row: the message, and whether a send of it may have begun.
public struct TelegramOutboxRow: Sendable, Equatable {
    public var id: Int64
    public var message: TelegramOutgoing
    /// A send began and its outcome was never recorded (botd stopped during it).
    public var sending: Bool
    public var createdMs: Int64

    public init(id: Int64, message: TelegramOutgoing, sending: Bool, createdMs: Int64) {
        self.id = id
        self.message = message
        self.sending = sending
        self.createdMs = createdMs
    }
}

/// An update as received, and how far handling it went.
public struct TelegramInboxRow: Sendable, Equatable {
    public enum State: Int64, Sendable { case received = 0, started = 1, done = 2 }
    public var updateID: Int64
    /// The update's JSON as Telegram sent it.
    public var payload: String
    public var state: State
}

/// Telegram's inbox and outbox (see the `telegram` migration): an update is stored with the
/// offset's advance in one transaction, so none is skipped or received twice; handling it is
/// marked started before its command runs and done with its replies queued, in one
/// transaction, so a restart never runs a command twice. Notifications are queued with the
/// event log's position they reach, in one transaction, so none is queued twice or missed;
/// the sender marks each message sent before it moves on.
extension Store {
    /// The offset the next getUpdates asks from; nil before any update.
    public func telegramOffset() throws -> Int64? { try telegramState("offset") }

    /// A position kept by a Telegram reader: `notify_after` (the last event seq made into notifications).
    public func telegramState(_ key: String) throws -> Int64? {
        var v: Int64?
        try db.run("SELECT value FROM telegram_state WHERE key = ?", [.text(key)]) { v = $0.int(0) }
        return v
    }

    /// Stores `updates` (an update already stored is left as it is) and moves the offset past
    /// the newest, in one transaction.
    public func receiveTelegramUpdates(_ updates: [(id: Int64, payload: String)], ts: Int64) throws {
        guard let last = updates.map(\.id).max() else { return }
        let db = try self.db
        let current = try telegramOffset() ?? 0
        try db.transaction {
            for u in updates {
                try db.run("INSERT OR IGNORE INTO telegram_inbox(update_id, received_ms, payload, state) VALUES (?,?,?,0)",
                           [.int(u.id), .int(ts), .text(u.payload)])
            }
            try setState(db, "offset", max(last + 1, current))
        }
    }

    /// Updates not done yet, oldest first.
    public func telegramInbox() throws -> [TelegramInboxRow] {
        var out: [TelegramInboxRow] = []
        try db.run("SELECT update_id, payload, state FROM telegram_inbox WHERE state < 2 ORDER BY update_id") { r in
            out.append(TelegramInboxRow(updateID: r.int(0), payload: r.text(1) ?? "", state: TelegramInboxRow.State(rawValue: r.int(2)) ?? .received))
        }
        return out
    }

    /// Marks an update's handling begun: from now on a restart does not run it again.
    public func startTelegramUpdate(_ id: Int64) throws {
        try db.run("UPDATE telegram_inbox SET state = 1 WHERE update_id = ? AND state = 0", [.int(id)])
    }

    /// Marks an update done and queues its replies, in one transaction.
    public func finishTelegramUpdate(_ id: Int64, replies: [TelegramOutgoing], ts: Int64) throws {
        let db = try self.db
        try db.transaction {
            try db.run("UPDATE telegram_inbox SET state = 2 WHERE update_id = ?", [.int(id)])
            try insertOutgoing(db, replies, ts: ts)
        }
    }

    /// Queues `messages` and, when given, records `cursor` under `key`, in one transaction.
    public func enqueueTelegram(_ messages: [TelegramOutgoing], cursor: (key: String, value: Int64)? = nil, ts: Int64) throws {
        let db = try self.db
        try db.transaction {
            try insertOutgoing(db, messages, ts: ts)
            if let c = cursor { try setState(db, c.key, c.value) }
        }
    }

    /// Messages not sent yet, oldest first.
    public func pendingTelegram(limit: Int) throws -> [TelegramOutboxRow] {
        var out: [TelegramOutboxRow] = []
        try db.run("""
            SELECT id, chat_id, kind, text, reply_markup, silent, packable, edit_message_id, state, created_ms
            FROM telegram_outbox WHERE state < 2 ORDER BY id LIMIT ?
            """, [.int(Int64(limit))]) { r in
            let m = TelegramOutgoing(chatID: r.int(1), kind: r.text(2) ?? "", text: r.text(3) ?? "", replyMarkup: r.isNull(4) ? nil : r.text(4),
                                     silent: r.int(5) != 0, packable: r.int(6) != 0, editMessageID: r.isNull(7) ? nil : r.int(7))
            out.append(TelegramOutboxRow(id: r.int(0), message: m, sending: r.int(8) == 1, createdMs: r.int(9)))
        }
        return out
    }

    /// Marks rows whose send begins now.
    public func markTelegramSending(_ ids: [Int64]) throws {
        try update(ids, "state = 1", [])
    }

    /// Rows whose send certainly did not reach Telegram (a 429, a connection never made) are
    /// pending again, as if never tried: they may be packed with their neighbours once more.
    public func markTelegramPending(_ ids: [Int64]) throws {
        try update(ids, "state = 0", [])
    }

    /// Marks rows sent as the message `messageID` (several packed into one share it).
    public func markTelegramSent(_ ids: [Int64], messageID: Int64?, ts: Int64) throws {
        try update(ids, "state = 2, sent_ms = ?, message_id = ?", [.int(ts), messageID.map { .int($0) } ?? .null])
    }

    /// Gives up on rows (a chat that blocked the bot, a message Telegram refuses), saying why.
    public func markTelegramFailed(_ ids: [Int64], detail: String) throws {
        try update(ids, "state = 3, detail = ?", [.text(detail)])
    }

    /// The message a row became, once sent: how a confirmation's press finds what to edit.
    public func telegramMessageID(outbox id: Int64) throws -> Int64? {
        var v: Int64?
        try db.run("SELECT message_id FROM telegram_outbox WHERE id = ?", [.int(id)]) { v = $0.isNull(0) ? nil : $0.int(0) }
        return v
    }

    /// A chat that blocked the bot: what is queued for it is dropped, and nothing more is.
    public func blockTelegramChat(_ chatID: Int64, ts: Int64) throws {
        let db = try self.db
        try db.transaction {
            try db.run("INSERT INTO telegram_chats(chat_id, blocked_ms) VALUES (?,?) ON CONFLICT(chat_id) DO UPDATE SET blocked_ms = excluded.blocked_ms",
                       [.int(chatID), .int(ts)])
            try db.run("UPDATE telegram_outbox SET state = 3, detail = 'blocked' WHERE chat_id = ? AND state < 2", [.int(chatID)])
        }
    }

    /// A chat that wrote again after blocking the bot has unblocked it.
    public func unblockTelegramChat(_ chatID: Int64) throws {
        try db.run("UPDATE telegram_chats SET blocked_ms = NULL WHERE chat_id = ?", [.int(chatID)])
    }

    /// A group that became a supergroup: what is queued for it goes to the new id.
    public func migrateTelegramChat(from old: Int64, to new: Int64) throws {
        let db = try self.db
        try db.transaction {
            try db.run("INSERT INTO telegram_chats(chat_id, migrated_to) VALUES (?,?) ON CONFLICT(chat_id) DO UPDATE SET migrated_to = excluded.migrated_to",
                       [.int(old), .int(new)])
            try db.run("UPDATE telegram_outbox SET chat_id = ? WHERE chat_id = ? AND state < 2", [.int(new), .int(old)])
        }
    }

    /// Chats that blocked the bot, and groups' new ids.
    public func telegramChats() throws -> (blocked: Set<Int64>, migrated: [Int64: Int64]) {
        var blocked = Set<Int64>(), migrated: [Int64: Int64] = [:]
        try db.run("SELECT chat_id, blocked_ms, migrated_to FROM telegram_chats") { r in
            if !r.isNull(1) { blocked.insert(r.int(0)) }
            if !r.isNull(2) { migrated[r.int(0)] = r.int(2) }
        }
        return (blocked, migrated)
    }

    /// Records a confirmation a user must press: `command` runs when `token` comes back.
    public func saveTelegramConfirmation(token: String, user: String, chatID: Int64, command: String, ts: Int64) throws {
        try db.run("INSERT INTO telegram_confirmations(token, user, chat_id, command, created_ms) VALUES (?,?,?,?,?)",
                   [.text(token), .text(user), .int(chatID), .text(command), .int(ts)])
    }

    /// Takes a confirmation once, for `user` alone: its chat and command. A press by anyone
    /// else leaves it for its user (`.notYours`); an unknown, used or expired token is
    /// `.stale` (an expired one is used up by the press).
    public func takeTelegramConfirmation(token: String, user: String, ts: Int64, maxAgeMs: Int64) throws -> TelegramConfirmationTake {
        let db = try self.db
        return try db.transaction { () throws -> TelegramConfirmationTake in
            var found: (String, Int64, String, Int64)?
            try db.run("SELECT user, chat_id, command, created_ms FROM telegram_confirmations WHERE token = ? AND used_ms IS NULL",
                       [.text(token)]) { found = ($0.text(0) ?? "", $0.int(1), $0.text(2) ?? "", $0.int(3)) }
            guard let f = found else { return .stale }
            guard f.0 == user else { return .notYours }
            try db.run("UPDATE telegram_confirmations SET used_ms = ? WHERE token = ?", [.int(ts), .text(token)])
            return ts - f.3 <= maxAgeMs ? .taken(chatID: f.1, command: f.2) : .stale
        }
    }

    private func insertOutgoing(_ db: Connection, _ messages: [TelegramOutgoing], ts: Int64) throws {
        for m in messages {
            try db.run("""
                INSERT INTO telegram_outbox(chat_id, kind, text, reply_markup, silent, packable, edit_message_id, created_ms, state)
                VALUES (?,?,?,?,?,?,?,?,0)
                """, [.int(m.chatID), .text(m.kind), .text(m.text), m.replyMarkup.map { .text($0) } ?? .null, .int(m.silent ? 1 : 0),
                      .int(m.packable ? 1 : 0), m.editMessageID.map { .int($0) } ?? .null, .int(ts)])
        }
    }

    private func setState(_ db: Connection, _ key: String, _ value: Int64) throws {
        try db.run("INSERT INTO telegram_state(key, value) VALUES (?,?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                   [.text(key), .int(value)])
    }

    private func update(_ ids: [Int64], _ set: String, _ args: [Connection.Value]) throws {
        guard !ids.isEmpty else { return }
        let db = try self.db
        try db.transaction {
            for id in ids { try db.run("UPDATE telegram_outbox SET \(set) WHERE id = ?", args + [.int(id)]) }
        }
    }
}

/// What pressing a confirmation's button found.
public enum TelegramConfirmationTake: Sendable, Equatable {
    case taken(chatID: Int64, command: String)
    case notYours
    case stale
}
