import BotCore
import BotTestKit
import Foundation
@testable import Store
import Testing

/// Telegram's inbox and outbox in the store: nothing received twice or skipped, a command
/// under way at a stop never run again, messages kept in order until marked sent, blocked and
/// migrated chats.
struct TelegramStoreTests {
    func store() throws -> (Store, String) {
        let path = try SharedData.temporaryDirectory("telegram").appendingPathComponent("runtime.sqlite").path
        return (try Store(path: path), path)
    }

    @Test func updatesAreStoredWithTheOffsetAndAHandledOneIsNotHandledAgain() async throws {
        var (s, path) = try store()
        #expect(try await s.telegramOffset() == nil)
        try await s.receiveTelegramUpdates([(7, #"{"update_id":7}"#), (8, #"{"update_id":8}"#)], ts: 1)
        // Received again (the offset was not yet confirmed to Telegram): stored once.
        try await s.receiveTelegramUpdates([(8, #"{"update_id":8,"again":true}"#), (9, #"{"update_id":9}"#)], ts: 2)
        #expect(try await s.telegramOffset() == 10)
        #expect(try await s.telegramInbox().map(\.updateID) == [7, 8, 9])
        #expect(try await s.telegramInbox()[1].payload == #"{"update_id":8}"#)
        try await s.startTelegramUpdate(7)
        try await s.finishTelegramUpdate(7, replies: [TelegramOutgoing(chatID: 5, kind: "reply", text: "ok")], ts: 3)
        try await s.startTelegramUpdate(8)
        try await s.close()
        // Started again: 7 is done, 8 was under way (not to run again), 9 waits.
        s = try Store(path: path)
        #expect(try await s.telegramInbox().map { "\($0.updateID):\($0.state)" } == ["8:started", "9:received"])
        #expect(try await s.pendingTelegram(limit: 10).map(\.message.text) == ["ok"])
        #expect(try await s.telegramOffset() == 10)
    }

    @Test func theOutboxKeepsOrderUntilSentAndSaysWhatASendLeftUnknown() async throws {
        let (s, path) = try store()
        let msgs = (0..<5).map { TelegramOutgoing(chatID: $0 % 2 == 0 ? 1 : 2, kind: "entry", text: "m\($0)", silent: $0 == 3, packable: true) }
        try await s.enqueueTelegram(msgs, cursor: ("notify_after", 42), ts: 10)
        #expect(try await s.telegramState("notify_after") == 42)
        var rows = try await s.pendingTelegram(limit: 10)
        #expect(rows.map(\.message) == msgs && rows.allSatisfy { !$0.sending })
        try await s.markTelegramSending([rows[0].id, rows[2].id])
        try await s.markTelegramSent([rows[0].id], messageID: 900, ts: 11)
        try await s.close()
        let again = try Store(path: path)
        rows = try await again.pendingTelegram(limit: 10)
        #expect(rows.map(\.message.text) == ["m1", "m2", "m3", "m4"])
        #expect(rows.map(\.sending) == [false, true, false, false])
        #expect(try await again.telegramMessageID(outbox: 1) == 900)
        // A send that certainly did not reach Telegram leaves its row as never tried.
        try await again.markTelegramPending([rows[1].id])
        #expect(try await again.pendingTelegram(limit: 10).map(\.sending) == [false, false, false, false])
    }

    @Test func aBlockedChatIsSkippedAndAMigratedGroupsMessagesFollowIt() async throws {
        let (s, _) = try store()
        try await s.enqueueTelegram([TelegramOutgoing(chatID: 1, kind: "reply", text: "a"), TelegramOutgoing(chatID: -10, kind: "stop", text: "b"),
                                     TelegramOutgoing(chatID: 2, kind: "reply", text: "c")], ts: 1)
        try await s.blockTelegramChat(1, ts: 2)
        try await s.migrateTelegramChat(from: -10, to: -1001)
        let rows = try await s.pendingTelegram(limit: 10)
        #expect(rows.map(\.message.chatID) == [-1001, 2])
        let chats = try await s.telegramChats()
        #expect(chats.blocked == [1] && chats.migrated == [-10: -1001])
        try await s.unblockTelegramChat(1)
        #expect(try await s.telegramChats().blocked.isEmpty)
    }

    @Test func aConfirmationIsTakenOnceAndNotWhenStale() async throws {
        let (s, _) = try store()
        try await s.saveTelegramConfirmation(token: "t1", user: "alice", chatID: 5, command: "close btc", ts: 1_000)
        try await s.saveTelegramConfirmation(token: "t2", user: "alice", chatID: 5, command: "stop all", ts: 1_000)
        #expect(try await s.takeTelegramConfirmation(token: "t1", user: "bob", ts: 2_000, maxAgeMs: 60_000) == .notYours)
        #expect(try await s.takeTelegramConfirmation(token: "t1", user: "alice", ts: 2_000, maxAgeMs: 60_000)
                == .taken(chatID: 5, command: "close btc"))
        #expect(try await s.takeTelegramConfirmation(token: "t1", user: "alice", ts: 2_001, maxAgeMs: 60_000) == .stale)
        #expect(try await s.takeTelegramConfirmation(token: "t2", user: "alice", ts: 100_000, maxAgeMs: 60_000) == .stale)
        #expect(try await s.takeTelegramConfirmation(token: "t2", user: "alice", ts: 1_500, maxAgeMs: 60_000) == .stale)
        #expect(try await s.takeTelegramConfirmation(token: "nope", user: "alice", ts: 2_000, maxAgeMs: 60_000) == .stale)
    }
}
