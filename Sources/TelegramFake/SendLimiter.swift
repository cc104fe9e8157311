/// Telegram's flood control for a bot's messages, on the fake's clock: a bucket per chat
/// (a short burst, then the chat's pace), at most so many a minute to a group, and at most so
/// many a second over every chat. A refused message does not count.
struct SendLimiter {
    var limits: FakeLimits
    var buckets: [Int64: (tokens: Double, atMs: Int64)] = [:]
    var groupSends: [Int64: [Int64]] = [:]
    var recent: [Int64] = []

    /// nil when the message may go (and it is counted); else the seconds to wait (≥ 1).
    mutating func admit(chat: Int64, isGroup: Bool, nowMs: Int64) -> Int? {
        let burst = Double(max(1, limits.perChatBurst))
        var b = buckets[chat] ?? (burst, nowMs)
        b.tokens = min(burst, b.tokens + Double(max(0, nowMs - b.atMs)) * limits.perChatPerSecond / 1000)
        b.atMs = nowMs
        var waitMs: Int64 = 0
        if b.tokens < 1 { waitMs = max(waitMs, Int64(((1 - b.tokens) / max(limits.perChatPerSecond, 0.001) * 1000).rounded(.up))) }
        if isGroup {
            let sends = (groupSends[chat] ?? []).filter { $0 > nowMs - 60_000 }
            groupSends[chat] = sends
            if sends.count >= limits.groupPerMinute, let first = sends.first { waitMs = max(waitMs, first + 60_000 - nowMs) }
        }
        recent.removeAll { $0 <= nowMs - 1_000 }
        if recent.count >= limits.globalPerSecond, let first = recent.first { waitMs = max(waitMs, first + 1_000 - nowMs) }
        guard waitMs == 0 else {
            buckets[chat] = b
            return Int(max(1, (waitMs + 999) / 1_000))
        }
        b.tokens -= 1
        buckets[chat] = b
        if isGroup { groupSends[chat, default: []].append(nowMs) }
        recent.append(nowMs)
        return nil
    }
}
