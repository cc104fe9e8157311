import FakeKit
import Synchronization

/// What the bot did and what the fake holds, for the tests to read.
extension TelegramFake {
    /// Every message sent, in the order the fake took them.
    public var sent: [SentMessage] { state.withLock { $0.sent } }

    public func sent(to chat: Int64) -> [SentMessage] { state.withLock { $0.sent.filter { $0.chatId == chat } } }

    public var edits: [EditedMessage] { state.withLock { $0.edits } }

    public var callbackAnswers: [CallbackAnswer] { state.withLock { $0.callbackAnswers } }

    /// The command menu set for a scope (`default`, `all_private_chats`, `chat:ID`,
    /// `chat_member:ID:USER`, …) and a language ("" for every language); nil when none is set.
    public func commands(scope: String = "default", language: String = "") -> [(String, String)]? {
        state.withLock { $0.commands[scope + "|" + language] }
    }

    public var counters: TelegramCounters { state.withLock { $0.counters } }

    /// Updates queued and not yet confirmed by an offset.
    public var pendingUpdates: Int { state.withLock { $0.updates.count } }

    /// The update kinds the bot last asked for, sorted; nil for Telegram's default.
    public var allowedUpdates: [String]? { state.withLock { $0.allowedUpdates.map { $0.sorted() } } }

    public var webhook: String? { state.withLock { $0.webhook } }

    /// Whether a long poll is being held for want of updates.
    public var isHoldingPoll: Bool { state.withLock { $0.poll?.responder.isWaiting ?? false } }
}
