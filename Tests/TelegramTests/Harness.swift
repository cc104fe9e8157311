import BotConfig
import BotCore
import BotTestKit
import Commands
import DaemonTestKit
import FakeKit
import Foundation
import Logging
import Runtime
import Store
import Synchronization
import Telegram
import TelegramFake
import TelegramWire
import Testing

/// The Telegram service of a daemon's insides (two users' paper bots, `TwoUsers`) against the
/// Bot API fake over TLS on loopback: alice (English, her bots alice-1 and alice-2), bob
/// (Korean, bob-1), root (an admin), and eve, whom nobody listed.
struct TelegramHarness {
    static let token = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"
    static let alice = FakeUser(id: 111, firstName: "Alice", languageCode: "en")
    static let bob = FakeUser(id: 222, firstName: "Bob", languageCode: "ko")
    static let root = FakeUser(id: 999, firstName: "Root")
    static let eve = FakeUser(id: 555, firstName: "Eve")
    static let group = FakeChat(id: -4001, type: "group", title: "desk")

    static func users(groupChats: [Int64] = []) -> [String: UserConfig] {
        [
            "alice": UserConfig(name: "alice", telegramIDs: [alice.id], chats: [alice.id] + groupChats, language: "en", timeZone: "Asia/Seoul"),
            "bob": UserConfig(name: "bob", telegramIDs: [bob.id], language: "ko", timeZone: "Asia/Seoul", silent: [.entry, .exit]),
            "root": UserConfig(name: "root", telegramIDs: [root.id], role: .admin, notify: [.botFailed, .killSwitch, .daemon]),
        ]
    }

    let daemon: TwoUsers
    let fake: TelegramFake
    let endpoint: TelegramFake.Endpoint
    let config: TelegramConfig
    let logs: LogCapture
    var users: [String: UserConfig]

    /// A daemon, the fake, and the service running on them; both stopped whatever `body` did.
    static func with(users: [String: UserConfig] = users(), groupCommands: Bool = false, dailyHour: Int? = nil,
                     fakeLimits: TelegramFake.Limits = .init(), fakeClock: FakeClock = FakeClock(),
                     _ body: (inout TelegramHarness) async throws -> Void) async throws {
        let fake = TelegramFake(clock: fakeClock, token: token, limits: fakeLimits)
        let endpoint = try await fake.start()
        // Each user has talked to the bot before: their private chats exist.
        for u in [alice, bob, root] { fake.addChat(.privateChat(of: u)) }
        do {
            try await TwoUsers.with { daemon in
                var h = TelegramHarness(daemon: daemon, fake: fake, endpoint: endpoint,
                                        config: TelegramConfig(tokenVariable: "T_TELEGRAM", apiURL: endpoint.apiURL, caFile: endpoint.caFile,
                                                               groupCommands: groupCommands, pollTimeoutSeconds: 2, dailySummaryHour: dailyHour),
                                        logs: LogCapture(), users: users)
                try await body(&h)
            }
        } catch {
            await fake.stop()
            throw error
        }
        await fake.stop()
    }

    func service(limits: SendPacer.Limits = .telegram) throws -> TelegramService {
        TelegramService(config: config, users: users, token: try TelegramToken(Self.token), router: daemon.router, store: daemon.store,
                        logger: logs.logger, limits: limits)
    }

    /// Runs a service for `body`, then stops it and waits for it to end.
    func running(limits: SendPacer.Limits = .telegram, _ body: (TelegramService) async throws -> Void) async throws {
        let s = try service(limits: limits)
        await s.prepare()
        let task = Task { await s.run() }
        do { try await body(s) } catch {
            task.cancel()
            await task.value
            throw error
        }
        task.cancel()
        await task.value
    }

    /// A user writes in their private chat.
    @discardableResult
    func say(_ text: String, as user: FakeUser, in chat: FakeChat? = nil) -> Int64 {
        fake.userSends(text, from: user, in: chat ?? .privateChat(of: user))
    }

    /// The messages a chat received, as they read (markup parsed away).
    func texts(_ chat: Int64) -> [String] { fake.sent(to: chat).map(\.plainText) }

    /// Waits until `chat` has received `count` messages (at most `timeout` seconds); returns them.
    @discardableResult
    func received(_ chat: Int64, _ count: Int, timeout: Double = 20, sourceLocation: SourceLocation = #_sourceLocation) async throws -> [SentMessage] {
        try await eventually("chat \(chat) receives \(count) messages", timeout: timeout, sourceLocation: sourceLocation) {
            fake.sent(to: chat).count >= count
        }
        return fake.sent(to: chat)
    }
}

/// What the service logged, rendered as a log line would be, to check what leaves the process.
final class LogCapture: Sendable {
    let lines = Mutex<[String]>([])

    var logger: Logger {
        var l = Logger(label: "telegram-test") { _ in Handler(capture: self) }
        l.logLevel = .debug
        return l
    }

    var text: String { lines.withLock { $0.joined(separator: "\n") } }

    struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .debug
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            let line = "\(event.level) \(event.message) " + all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            capture.lines.withLock { $0.append(line) }
        }
    }
}

/// Polls `condition` every 20 ms until it holds; records an issue and throws after `timeout` s.
func eventually(_ what: String, timeout: Double = 20, sourceLocation: SourceLocation = #_sourceLocation,
                _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + .milliseconds(Int64(timeout * 1000))
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(20))
    }
    Issue.record("not reached within \(timeout) s: \(what)", sourceLocation: sourceLocation)
    throw CancellationError()
}
