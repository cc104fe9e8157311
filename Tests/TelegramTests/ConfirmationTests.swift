import BotCore
import DaemonTestKit
import Foundation
import Runtime
import Store
import Telegram
import TelegramFake
import Testing

/// What acts on money or on every bot runs only after its user presses Confirm: once, by
/// that user, while the confirmation is fresh.
@Suite(.serialized) struct TelegramConfirmationTests {
    typealias H = TelegramHarness

    /// The confirmation message and its Confirm button's data.
    func prompt(_ h: TelegramHarness, _ chat: Int64, at index: Int) async throws -> (SentMessage, ok: String, no: String) {
        let m = try await h.received(chat, index + 1)[index]
        let markup = try #require(m.replyMarkup, "the prompt has buttons")
        let data = markup.split(separator: "\"").map(String.init).filter { $0.hasPrefix("ok:") || $0.hasPrefix("no:") }
        let ok = try #require(data.first { $0.hasPrefix("ok:") }), no = try #require(data.first { $0.hasPrefix("no:") })
        return (m, ok, no)
    }

    @Test func closeRunsOnlyAfterConfirmAndAStalePressDoesNothing() async throws {
        try await H.with { h in
            try await h.running { _ in
                h.say("/close alice-1", as: H.alice)
                let (m, ok, _) = try await prompt(h, H.alice.id, at: 0)
                #expect(m.plainText.contains("alice-1"))
                try await Task.sleep(for: .milliseconds(300))
                #expect(await !h.daemon.supervisor.statuses().first { $0.id == "alice-1" }!.position.isZero, "nothing closed before the press")
                // eve presses alice's button: refused, and alice's confirmation still stands.
                h.fake.userPresses(ok, onMessage: m.messageId, in: .privateChat(of: H.alice), from: H.eve)
                try await Task.sleep(for: .milliseconds(300))
                #expect(await !h.daemon.supervisor.statuses().first { $0.id == "alice-1" }!.position.isZero)
                h.fake.userPresses(ok, onMessage: m.messageId, in: .privateChat(of: H.alice), from: H.alice)
                try await eventually("the message is edited to say it is closing") {
                    h.fake.edits.contains { $0.messageId == m.messageId && $0.plainText.contains("closing") }
                }
                try await h.daemon.stepUntil("alice-1 flat") { s in s.first { $0.id == "alice-1" }?.position.isZero == true }
                #expect(h.fake.callbackAnswers.count >= 2, "every press is answered")
                // The same press again (a double tap, a replay): nothing runs twice.
                let closes = try await h.daemon.audit().filter { $0.command == "close" }.count
                h.fake.userPresses(ok, onMessage: m.messageId, in: .privateChat(of: H.alice), from: H.alice)
                try await eventually("the stale press is told") { h.fake.edits.contains { $0.plainText.contains("expired") } }
                #expect(try await h.daemon.audit().filter { $0.command == "close" }.count == closes)
                #expect(closes == 1)
            }
        }
    }

    @Test func cancelRunsNothing() async throws {
        try await H.with { h in
            try await h.running { _ in
                h.say("/stop all", as: H.alice)
                let (m, _, no) = try await prompt(h, H.alice.id, at: 0)
                #expect(m.plainText.contains("alice-1") && m.plainText.contains("alice-2") && !m.plainText.contains("bob-1"))
                h.fake.userPresses(no, onMessage: m.messageId, in: .privateChat(of: H.alice), from: H.alice)
                try await eventually("cancelled") { h.fake.edits.contains { $0.plainText.contains("Cancelled") } }
                let (a1, a2) = (await h.daemon.state("alice-1"), await h.daemon.state("alice-2"))
                #expect(a1 == .running && a2 == .running)
            }
        }
    }

    @Test func forceexitAllClosesEveryPositionOfTheUserAfterConfirm() async throws {
        try await H.with { h in
            try await h.running { _ in
                h.say("/forceexit all", as: H.bob)
                let (m, ok, _) = try await prompt(h, H.bob.id, at: 0)
                #expect(m.plainText.contains("bob-1") && !m.plainText.contains("alice"))
                h.fake.userPresses(ok, onMessage: m.messageId, in: .privateChat(of: H.bob), from: H.bob)
                try await h.daemon.stepUntil("bob-1 flat") { s in s.first { $0.id == "bob-1" }?.position.isZero == true }
                #expect(await h.daemon.supervisor.statuses().filter { $0.id.hasPrefix("alice") }.allSatisfy { !$0.position.isZero })
            }
        }
    }
}
