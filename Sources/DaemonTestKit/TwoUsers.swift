import BotConfig
import BotCore
import BotTestKit
import Commands
import Feeds
import Foundation
import Logging
import PaperTrading
import Runtime
import Store
import Synchronization
import Testing

/// A daemon's insides in the test process, without the socket: a supervisor running paper
/// bots of two users (alice: `alice-1`, `alice-2`; bob: `bob-1`) on a real SQLite file, each
/// bot with a position, a filled order and an open one, and a router over them. The market is
/// stepped by hand.
public struct TwoUsers: Sendable {
    public static let alice = Caller.user(name: "alice", role: .user)
    public static let admin = Caller.user(name: "root", role: .admin)
    public static let op = Caller.operator(uid: 1000)
    public static let aliceBots = ["alice-1", "alice-2"]
    public static let allBots = ["alice-1", "alice-2", "bob-1"]

    public let dir: URL
    public let runtimePath: String
    public let store: Store
    public let hub: MarketDataHub
    public let supervisor: Supervisor
    public let router: CommandRouter
    public let shutdowns = Shutdowns()

    public final class Shutdowns: Sendable {
        public let count = Atomic<Int>(0)
    }

    /// Runs `body` on a fresh daemon, then stops its bots whatever happened.
    public static func with(_ body: (TwoUsers) async throws -> Void) async throws {
        let d = try await TwoUsers()
        do { try await body(d) } catch {
            await d.supervisor.shutdown()
            throw error
        }
        await d.supervisor.shutdown()
    }

    public init() async throws {
        dir = try SharedData.temporaryDirectory("commands")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("bots"), withIntermediateDirectories: true)
        runtimePath = dir.appendingPathComponent("runtime.toml").path
        try """
            [paths]
            bots = "bots"
            instruments = "\(SharedData.packageRoot.path)/data/instruments.toml"
            [paper]
            initial_balance = "1000000"
            [accounts.paper]
            venue = "paper"
            [storage]
            path = "state.sqlite"
            [market]
            history_minutes = 30
            """.write(toFile: runtimePath, atomically: true, encoding: .utf8)
        let set = ConfigSet.load(runtime: runtimePath)
        let config = try #require(set.runtime, "\(set.errors)")
        store = try Store(path: config.daemon.storagePath)
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        hub = MarketDataHub(historyMinutes: 30, feed: SimulatorFeed(seed: 1), logger: logger)
        supervisor = Supervisor(config: config, store: store, hub: hub, metrics: RuntimeMetrics(), logger: logger,
                                extraStrategies: [BuyAndRest.self], makeVenue: PaperVenue.factory(config: config, prices: hub.prices))
        let shutdowns = shutdowns
        router = CommandRouter(supervisor: supervisor, store: store, metrics: RuntimeMetrics(), runtimePath: runtimePath) {
            shutdowns.count.add(1, ordering: .relaxed)
        }
        let btc = try #require(set.catalog.find(symbol: "BTC-USDT-SWAP"))
        let specs = [("alice-1", "alice"), ("alice-2", "alice"), ("bob-1", "bob")].map { id, user in
            BotSpec(id: id, user: user, strategy: BuyAndRest.key, account: "paper", instrument: btc, timeframe: Timeframe("1m")!)
        }
        await supervisor.start(specs, coldStart: true)
        try await stepUntil("every bot holds a position and an open order") { statuses in
            statuses.count == 3 && statuses.allSatisfy { $0.state == .running && !$0.position.isZero && $0.openOrders >= 1 }
        }
    }

    /// Publishes one simulated minute at a time until `condition` holds on the bots' statuses
    /// (at most 30 minutes).
    public func stepUntil(_ what: String, _ condition: ([BotStatus]) -> Bool) async throws {
        for _ in 0..<30 {
            try await settle()
            if condition(await supervisor.statuses()) { return }
            await hub.step()
        }
        Issue.record("not reached: \(what)")
        throw CancellationError()
    }

    /// Waits until every bot's mailbox is empty and nothing starts any more.
    public func settle() async throws {
        var last = -1
        for _ in 0..<400 {
            let s = await supervisor.statuses()
            let events = s.reduce(0) { $0 + $1.events }
            if events == last && s.allSatisfy({ $0.queueDepth == 0 && $0.state != .starting }) { return }
            last = events
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// `execute`, untyped: `#expect` cannot hold a call with typed throws.
    public func run(_ command: Command, _ caller: Caller) async throws -> CommandResult {
        try await router.execute(command, caller: caller)
    }

    /// Checks that `command` succeeds for `caller` with `expected`.
    public func expect(_ command: Command, _ caller: Caller, gives expected: CommandResult,
                sourceLocation: SourceLocation = #_sourceLocation) async {
        do {
            let r = try await router.execute(command, caller: caller)
            #expect(r == expected, "\(command) for \(caller.name)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("\(command) failed for \(caller.name): \(error)", sourceLocation: sourceLocation)
        }
    }

    /// The error `command` fails with for `caller`; nil (and an issue) when it succeeds.
    public func failure(_ command: Command, _ caller: Caller, sourceLocation: SourceLocation = #_sourceLocation) async -> CommandError? {
        do {
            let r = try await router.execute(command, caller: caller)
            Issue.record("\(command) succeeded for \(caller.name): \(r)", sourceLocation: sourceLocation)
            return nil
        } catch {
            return error
        }
    }

    public func state(_ id: String) async -> BotState? { await supervisor.state(id) }

    public func ids(_ statuses: [BotStatus]) -> [String] { statuses.map(\.id).sorted() }

    /// The audit log, oldest first.
    public func audit() async throws -> [AuditRow] { try await store.auditLog().reversed() }

    /// A bot file for carol's `carol-1` at `path` (inside the bots folder or not).
    public func writeCarol(to path: String) throws {
        try """
            id = "carol-1"
            user = "carol"
            strategy = "rsi-cross"
            account = "paper"
            symbol = "BTC-USDT-SWAP"
            timeframe = "1m"
            """.write(toFile: path, atomically: true, encoding: .utf8)
    }
}
