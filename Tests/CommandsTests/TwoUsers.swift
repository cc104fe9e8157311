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
struct TwoUsers {
    static let alice = Caller.user(name: "alice", role: .user)
    static let admin = Caller.user(name: "root", role: .admin)
    static let op = Caller.operator(uid: 1000)
    static let aliceBots = ["alice-1", "alice-2"]
    static let allBots = ["alice-1", "alice-2", "bob-1"]

    let dir: URL
    let runtimePath: String
    let store: Store
    let hub: MarketDataHub
    let supervisor: Supervisor
    let router: CommandRouter
    let shutdowns = Shutdowns()

    final class Shutdowns: Sendable {
        let count = Atomic<Int>(0)
    }

    /// Runs `body` on a fresh daemon, then stops its bots whatever happened.
    static func with(_ body: (TwoUsers) async throws -> Void) async throws {
        let d = try await TwoUsers()
        do { try await body(d) } catch {
            await d.supervisor.shutdown()
            throw error
        }
        await d.supervisor.shutdown()
    }

    init() async throws {
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
    func stepUntil(_ what: String, _ condition: ([BotStatus]) -> Bool) async throws {
        for _ in 0..<30 {
            try await settle()
            if condition(await supervisor.statuses()) { return }
            await hub.step()
        }
        Issue.record("not reached: \(what)")
        throw CancellationError()
    }

    /// Waits until every bot's mailbox is empty and nothing starts any more.
    func settle() async throws {
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
    func run(_ command: Command, _ caller: Caller) async throws -> CommandResult {
        try await router.execute(command, caller: caller)
    }

    /// Checks that `command` succeeds for `caller` with `expected`.
    func expect(_ command: Command, _ caller: Caller, gives expected: CommandResult,
                sourceLocation: SourceLocation = #_sourceLocation) async {
        do {
            let r = try await router.execute(command, caller: caller)
            #expect(r == expected, "\(command) for \(caller.name)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("\(command) failed for \(caller.name): \(error)", sourceLocation: sourceLocation)
        }
    }

    /// The error `command` fails with for `caller`; nil (and an issue) when it succeeds.
    func failure(_ command: Command, _ caller: Caller, sourceLocation: SourceLocation = #_sourceLocation) async -> CommandError? {
        do {
            let r = try await router.execute(command, caller: caller)
            Issue.record("\(command) succeeded for \(caller.name): \(r)", sourceLocation: sourceLocation)
            return nil
        } catch {
            return error
        }
    }

    func state(_ id: String) async -> BotState? { await supervisor.state(id) }

    func ids(_ statuses: [BotStatus]) -> [String] { statuses.map(\.id).sorted() }

    /// The audit log, oldest first.
    func audit() async throws -> [AuditRow] { try await store.auditLog().reversed() }

    /// A bot file for carol's `carol-1` at `path` (inside the bots folder or not).
    func writeCarol(to path: String) throws {
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

/// What a restricted caller gets for a bot it may not see: the error of a bot that is not there.
func expectUnknownBot(_ e: CommandError?, _ id: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(e == CommandError("bot_not_found", "no bot '\(id)'"), sourceLocation: sourceLocation)
}

func expectForbidden(_ e: CommandError?, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(e?.code == "forbidden", "\(String(describing: e))", sourceLocation: sourceLocation)
}
