/// Telegram's pace for a bot's messages, kept so that no 429 is ever earned (protocols.md
/// 5.5): at most one message a second to a chat, 20 a minute to a group, 30 a second over
/// all chats; and, after a 429, nothing to anyone until its `retry_after` has passed. A pure
/// state machine: the sender gives the time and waits as told.
public struct SendPacer: Sendable {
    public struct Limits: Sendable, Equatable {
        public var perChatMs: Int64
        public var perGroupPerMinute: Int
        public var perSecond: Int

        /// Telegram's documented guidance.
        public static let telegram = Limits(perChatMs: 1_000, perGroupPerMinute: 20, perSecond: 30)

        public init(perChatMs: Int64, perGroupPerMinute: Int, perSecond: Int) {
            self.perChatMs = perChatMs
            self.perGroupPerMinute = perGroupPerMinute
            self.perSecond = perSecond
        }
    }

    public let limits: Limits
    /// When each chat last had a message.
    var lastToChat: [Int64: Int64] = [:]
    /// Sends to each group in the last minute, and to anyone in the last second (ms, oldest first).
    var groupSends: [Int64: [Int64]] = [:]
    var recent: [Int64] = []
    /// Nothing leaves before this (a 429's retry_after).
    public private(set) var pausedUntilMs: Int64 = 0

    public init(limits: Limits = .telegram) { self.limits = limits }

    /// When a message to `chat` may leave, at the earliest (`nowMs` if now).
    public func earliest(_ chat: Int64, nowMs: Int64) -> Int64 {
        var at = max(nowMs, pausedUntilMs)
        if let last = lastToChat[chat] { at = max(at, last + limits.perChatMs) }
        if Self.isGroup(chat), let sends = groupSends[chat], sends.count >= limits.perGroupPerMinute {
            at = max(at, sends[sends.count - limits.perGroupPerMinute] + 60_000)
        }
        if recent.count >= limits.perSecond { at = max(at, recent[recent.count - limits.perSecond] + 1_000) }
        return at
    }

    /// Records a message sent to `chat` at `nowMs`.
    public mutating func sent(_ chat: Int64, nowMs: Int64) {
        lastToChat[chat] = nowMs
        recent.append(nowMs)
        recent.removeAll { $0 <= nowMs - 1_000 }
        if Self.isGroup(chat) {
            groupSends[chat, default: []].append(nowMs)
            groupSends[chat]!.removeAll { $0 <= nowMs - 60_000 }
        }
    }

    /// A send to `chat` recorded at `startedMs` got its answer at `nowMs`: it counts from
    /// then. Telegram counts a message when it arrives, somewhere between the two; counting
    /// each from its answer, and the next only from there, keeps any window of arrivals
    /// within the limits whatever the network's delays. (Counted from the start alone, 61 of
    /// 1,000 notifications to 1,000 users earned a 429 from the fake; see BENCHMARKS.md.)
    public mutating func finished(_ chat: Int64, startedMs: Int64, nowMs: Int64) {
        guard nowMs > startedMs else { return }
        if lastToChat[chat] == startedMs { lastToChat[chat] = nowMs }
        Self.move(&recent, startedMs, nowMs)
        if Self.isGroup(chat), var sends = groupSends[chat] {
            Self.move(&sends, startedMs, nowMs)
            groupSends[chat] = sends
        }
    }

    /// Replaces one `from` in ascending `times` by `to`, keeping the order.
    static func move(_ times: inout [Int64], _ from: Int64, _ to: Int64) {
        guard let i = times.firstIndex(of: from) else { return }
        times.remove(at: i)
        let j = times.firstIndex { $0 > to } ?? times.endIndex
        times.insert(to, at: j)
    }

    /// Telegram answered 429: nothing leaves for `retryAfter` seconds.
    public mutating func rateLimited(retryAfterSeconds: Int, nowMs: Int64) {
        pausedUntilMs = max(pausedUntilMs, nowMs + Int64(max(1, retryAfterSeconds)) * 1_000)
    }

    /// Groups and supergroups have negative ids; users' private chats positive ones.
    static func isGroup(_ chat: Int64) -> Bool { chat < 0 }
}
