import BotCore
import Foundation
import Logging
import Store
import TelegramWire

/// Sends the outbox at Telegram's pace: per chat in order, a burst packed into as few messages
/// as fit, several chats at once; each message is marked as being sent before it leaves and
/// as sent when Telegram has it, so a restart sends again only a message whose answer was
/// lost (at least once, never silently dropped). A chat that blocked the bot stops receiving;
/// a group that became a supergroup is followed; markup Telegram cannot read goes as plain
/// text; a 429 pauses every send for its `retry_after`.
struct OutboxSender {
    let client: TelegramClient
    let store: Store
    let wake: Wakeup
    let logger: Logger
    var pacer: SendPacer
    /// Sends at once to different chats (never two to one chat: their order is kept).
    let maxInFlight: Int
    /// Failures in a row of the transport or Telegram's servers, for the back-off.
    var failures = 0

    init(client: TelegramClient, store: Store, wake: Wakeup, logger: Logger, limits: SendPacer.Limits = .telegram, maxInFlight: Int = 30) {
        self.client = client
        self.store = store
        self.wake = wake
        self.logger = logger
        pacer = SendPacer(limits: limits)
        self.maxInFlight = maxInFlight
    }

    enum Outcome: Sendable {
        case sent(messageID: Int64?)
        case failed(TelegramCallError)
    }

    /// Sends until cancelled; throws only the 401 that ends Telegram for this run.
    mutating func run() async throws(TelegramError) {
        while !Task.isCancelled {
            let nowMs = wallClockMilliseconds()
            let (ready, nextAt) = await plan(nowMs: nowMs)
            guard !ready.isEmpty else {
                let waitMs = max(5, min(1_000, (nextAt ?? nowMs + 1_000) - nowMs))
                await wake.wait(upTo: .milliseconds(waitMs))
                continue
            }
            try? await store.markTelegramSending(ready.flatMap(\.rows))
            let outcomes = await withTaskGroup(of: (Int, Outcome).self) { g in
                for (i, b) in ready.enumerated() { g.addTask { [client] in (i, await Self.send(b.message, client)) } }
                var out: [(Int, Outcome)] = []
                for await o in g { out.append(o) }
                return out
            }
            var backoff = false
            let doneMs = wallClockMilliseconds()
            for b in ready { pacer.finished(b.message.chatID, startedMs: nowMs, nowMs: doneMs) }
            for (i, outcome) in outcomes.sorted(by: { $0.0 < $1.0 }) {
                backoff = try await record(ready[i], outcome) || backoff
            }
            if backoff {
                failures += 1
                try? await Task.sleep(for: .milliseconds(min(60_000, 1_000 << min(failures - 1, 6))))
            } else {
                failures = 0
            }
        }
    }

    /// The batches that may leave now (the first of each chat, within the pace), each counted
    /// by the pacer as it is chosen (the next is judged with it), and when the next one may if
    /// none can.
    private mutating func plan(nowMs: Int64) async -> ([OutboxBatch], Int64?) {
        guard let pending = try? await store.pendingTelegram(limit: 1_000), !pending.isEmpty,
              let chats = try? await store.telegramChats() else { return ([], nil) }
        var ready: [OutboxBatch] = []
        var seen: Set<Int64> = []
        var nextAt: Int64?
        for var b in OutboxBatch.plan(pending, measure: TelegramText.visibleLength) {
            var chat = b.message.chatID
            // A chat queued before its group moved (notifications name configured ids).
            var hops = 0
            while let to = chats.migrated[chat], hops < 8 { chat = to; hops += 1 }
            b.message.chatID = chat
            if chats.blocked.contains(chat) {
                try? await store.markTelegramFailed(b.rows, detail: "blocked")
                continue
            }
            guard seen.insert(chat).inserted else { continue }
            let at = pacer.earliest(chat, nowMs: nowMs)
            if at <= nowMs, ready.count < maxInFlight {
                ready.append(b)
                pacer.sent(chat, nowMs: nowMs)
            } else {
                nextAt = min(nextAt ?? at, at)
            }
        }
        return (ready, nextAt)
    }

    static func send(_ m: TelegramOutgoing, _ client: TelegramClient) async -> Outcome {
        do {
            return .sent(messageID: try await deliver(m, parseMode: .html, client))
        } catch .telegram(let e) where e.isEntityParseError {
            // Escaping should make this impossible; if it happens, the words still arrive.
            var plain = m
            plain.text = TelegramText.visibleText(m.text)
            do { return .sent(messageID: try await deliver(plain, parseMode: nil, client)) } catch { return .failed(error) }
        } catch {
            return .failed(error)
        }
    }

    private static func deliver(_ m: TelegramOutgoing, parseMode: TelegramParseMode?, _ client: TelegramClient) async throws(TelegramCallError) -> Int64? {
        let markup = m.replyMarkup.flatMap { try? JSONDecoder().decode(InlineKeyboardMarkup.self, from: Data($0.utf8)) }
        do {
            if let id = m.editMessageID {
                return try await client.call(try TelegramAPI.editMessageText(chatID: m.chatID, messageID: id, text: m.text, parseMode: parseMode,
                                                                             replyMarkup: markup)).messageID
            }
            return try await client.call(try TelegramAPI.sendMessage(chatID: m.chatID, text: m.text, parseMode: parseMode, replyMarkup: markup,
                                                                     disableNotification: m.silent)).messageID
        } catch let e as TelegramCallError {
            throw e
        } catch {
            throw .telegram(.badRequest("\(error)"))
        }
    }

    /// Records an outcome; returns whether sending should back off (Telegram unreachable).
    private mutating func record(_ b: OutboxBatch, _ outcome: Outcome) async throws(TelegramError) -> Bool {
        let nowMs = wallClockMilliseconds()
        let chat = b.message.chatID
        switch outcome {
        case .sent(let id):
            try? await store.markTelegramSent(b.rows, messageID: id, ts: nowMs)
            return false
        case .failed(.transport(let why, let maybeSent)):
            logger.warning("telegram send failed; will retry", metadata: ["chat": "\(chat)", "error": "\(why)"])
            if !maybeSent { try? await store.markTelegramPending(b.rows) }
            return true
        case .failed(.telegram(let e)):
            switch e {
            case .rateLimited(let s):
                logger.notice("telegram flood control: pausing sends", metadata: ["retry_after_s": "\(s)"])
                pacer.rateLimited(retryAfterSeconds: s, nowMs: nowMs)
                try? await store.markTelegramPending(b.rows)
            case .chatMigrated(let to):
                try? await store.markTelegramPending(b.rows)
                try? await store.migrateTelegramChat(from: chat, to: to)
            case .forbidden(let d):
                logger.notice("telegram chat does not take the bot's messages; stopped sending there", metadata: ["chat": "\(chat)", "reason": "\(d)"])
                try? await store.blockTelegramChat(chat, ts: nowMs)
            case .notModified:
                try? await store.markTelegramSent(b.rows, messageID: b.message.editMessageID, ts: nowMs)
            case .unauthorized:
                throw e
            case .server:
                return true
            case .conflict, .badRequest, .rejected, .malformed:
                logger.warning("telegram refused a message; dropped", metadata: ["chat": "\(chat)", "kind": "\(b.message.kind)", "error": "\(e)"])
                try? await store.markTelegramFailed(b.rows, detail: e.description)
            }
            return false
        }
    }
}

