import BotTestKit
import FakeKit
import Foundation
import Store
import TelegramFake
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// botd with Telegram on the Bot API fake: a real subprocess, the token in its environment.
@Suite(.serialized) struct TelegramDaemonTests {
    static let token = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"
    static let demo = FakeUser(id: 111, firstName: "Demo")

    func telegram(_ e: TelegramFake.Endpoint) -> String {
        """
        [telegram]
        token_env = "T_TELEGRAM"
        api_url = "\(e.apiURL)"
        ca_file = "\(e.caFile)"
        poll_timeout_seconds = 2
        [users.demo]
        telegram_ids = [111]
        """
    }

    func sent(_ fake: TelegramFake, containing text: String) -> Int {
        fake.sent(to: Self.demo.id).filter { $0.plainText.contains(text) }.count
    }

    /// Started, commanded from the chat, killed with -9 while a poll is held (a command comes
    /// while it is down) and while a reply's send has no answer yet, started again: every
    /// command ran once, every reply arrived once, and the user heard of each start and of the
    /// clean stop.
    @Test func commandsSurviveKillsAndUsersHearOfStartsAndStops() async throws {
        let fake = TelegramFake(token: Self.token)
        let e = try await fake.start()
        defer { Task { await fake.stop() } }
        // The user talked to the bot before: the chat exists.
        fake.addChat(.privateChat(of: Self.demo))
        let d = try Daemon(bots: ["fast.toml": fastBot])
        let env = ["T_TELEGRAM": Self.token]
        try d.start(speed: 1, extra: telegram(e), environment: env)
        try await eventually("the start is told", timeout: 30) { sent(fake, containing: "botd started") == 1 }
        fake.userSends("/pause fast", from: Self.demo, in: .privateChat(of: Self.demo))
        try await eventually("paused", timeout: 30) { sent(fake, containing: "paused") == 1 }
        // Killed while its long poll is held.
        #expect(try d.signal(SIGKILL) != 0)
        fake.userSends("/status fast", from: Self.demo, in: .privateChat(of: Self.demo))
        try d.start(speed: 1, extra: telegram(e), environment: env)
        try await eventually("the command written while botd was down is answered", timeout: 30) { sent(fake, containing: "rsi-cross") == 1 }
        // Killed while a reply's send is held unanswered: the reply goes again after the restart.
        fake.inject(.hold, method: "sendMessage", times: 1)
        fake.userSends("/daily", from: Self.demo, in: .privateChat(of: Self.demo))
        try await eventually("the reply's send is held", timeout: 30) { fake.counters.held >= 1 }
        #expect(try d.signal(SIGKILL) != 0)
        try d.start(speed: 1, extra: telegram(e), environment: env)
        try await eventually("the held reply arrives", timeout: 30) { sent(fake, containing: "UTC") == 1 }
        #expect(try d.signal(SIGTERM) == 0)
        #expect(sent(fake, containing: "botd started") == 3)
        #expect(sent(fake, containing: "botd stopped") == 1, "the clean stop is told before botd exits")
        let store = try Store(path: d.storage)
        let audit = try await store.auditLog()
        for command in ["pause", "bot", "daily"] {
            #expect(audit.filter { $0.who == "user:demo" && $0.command == command }.count == 1, "\(command) ran once")
        }
        #expect(try await store.telegramInbox().isEmpty)
        #expect(sent(fake, containing: "rsi-cross") == 1 && sent(fake, containing: "paused") == 1, "no reply twice")
        let log = try String(contentsOfFile: d.logPath, encoding: .utf8)
        #expect(!log.contains(Self.token) && !log.contains("ABC-DEF1234ghIkl"))
    }

    /// A refused token stops Telegram with the cause named; botd and its bots go on.
    @Test func aBadTokenStopsOnlyTelegram() async throws {
        let fake = TelegramFake(token: Self.token)
        let e = try await fake.start()
        defer { Task { await fake.stop() } }
        let d = try Daemon(bots: ["fast.toml": fastBot])
        let wrong = "123456:ZZZ-DEF1234ghIkl-zyx57W2v1u123ew99"
        try d.start(speed: 1, extra: telegram(e), environment: ["T_TELEGRAM": wrong])
        try await eventually("the refusal is logged", timeout: 30) {
            ((try? String(contentsOfFile: d.logPath, encoding: .utf8)) ?? "").contains("401")
        }
        try d.waitUntil("the bot runs") { try d.status().first?["state"] as? String == "running" }
        let log = try String(contentsOfFile: d.logPath, encoding: .utf8)
        #expect(log.contains("token_env") && !log.contains(wrong) && !log.contains("ZZZ-DEF1234"))
        #expect(try d.signal(SIGTERM) == 0)
    }
}
