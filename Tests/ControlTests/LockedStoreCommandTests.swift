import BotConfig
import BotCore
import PaperTrading
import Feeds
import BotTestKit
import Commands
import Control
import Foundation
import Logging
import Runtime
import Store
import Synchronization
import Testing

/// Commands while another process holds the database's write lock: `status` is answered from
/// memory at once, a query of the database gives up with a clear error, and nothing waits for
/// the busy timeout (a minute here, so a wait would show).
@Suite(.serialized)
struct LockedStoreCommandTests {
    struct Runtime {
        let store: Store
        let router: CommandRouter
        init() throws {
            let dir = try SharedData.temporaryDirectory("locked")
            let config = try #require(RuntimeConfig.parse("[storage]\npath = \"s.sqlite\"\n", file: dir.appendingPathComponent("runtime.toml").path,
                                                          diagnostics: Diagnostics()))
            store = try Store(path: config.daemon.storagePath, busyTimeout: .seconds(60))
            var logger = Logger(label: "test")
            logger.logLevel = .critical
            let hub = MarketDataHub(historyMinutes: 1, feed: SimulatorFeed(seed: 1), logger: logger)
            let supervisor = Supervisor(config: config, store: store, hub: hub, metrics: RuntimeMetrics(), logger: logger,
                                        makeVenue: PaperVenue.factory(config: config, prices: hub.prices))
            router = CommandRouter(supervisor: supervisor, store: store, metrics: RuntimeMetrics(), runtimePath: "") {}
        }

        /// The answer to `line`, or nil when none came within `seconds` (the call goes on).
        func ask(_ line: String, within seconds: Double) async throws -> String? {
            let answer = Mutex<String?>(nil)
            let router = router
            Task {
                let r = await router.respond(to: Array(line.utf8), caller: .operator(uid: 0))
                answer.withLock { $0 = r.line }
            }
            for _ in 0..<Int(seconds * 100) {
                if let a = answer.withLock({ $0 }) { return a }
                try await Task.sleep(for: .milliseconds(10))
            }
            return nil
        }
    }

    @Test func statusAnswersAtOnceAndAQueryGivesUpClearly() async throws {
        let r = try Runtime()
        // An order journaled but not yet in SQLite: every read of the store must first copy it
        // in, which needs the lock.
        try r.store.journal.append(JournaledOrder(
            bot: "a", instrument: "binance:BTCUSDT",
            order: OrderRequest(id: ClientOrderID(bot: "a", sequence: 1), side: .buy, type: .market, quantity: Quantity.of("1")),
            snapshot: [1], nextSequence: 2, ts: 1))
        let lock = try ExternalWriter(holding: r.store.path)
        defer { lock.release() }
        let status = try await r.ask(#"{"id":1,"cmd":"status"}"#, within: 2)
        #expect(status == #"{"id":1,"ok":true,"result":{"bots":[]}}"#)
        let orders = try await r.ask(#"{"id":2,"cmd":"orders"}"#, within: 10)
        #expect(orders?.contains(#""code":"store_busy""#) == true, "\(orders ?? "no answer")")
        #expect(orders?.contains(r.store.path) == true)
        // Once the lock is gone the queued audit records and the journaled order are written.
        lock.release()
        let log = try await r.store.auditLog()
        #expect(log.map(\.command).sorted() == ["orders", "status"])
        #expect(try await r.store.orders(bot: "a").count == 1)
    }
}
