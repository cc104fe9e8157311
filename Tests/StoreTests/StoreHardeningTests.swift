import BotCore
import BotTestKit
import Foundation
@testable import Store
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// What fault injection broke in the store: its files' modes, two daemons on one database, a
/// WAL that grew without end, a locked database stalling everything, an audit log of
/// unbounded requests.
@Suite struct StoreHardeningTests {
    func path(_ name: String = "s.sqlite") throws -> String {
        try SharedData.temporaryDirectory("store-hard").appendingPathComponent(name).path
    }

    func mode(_ p: String) -> mode_t {
        var st = stat()
        return stat(p, &st) == 0 ? st.st_mode & 0o777 : 0
    }

    func order(_ seq: UInt64) -> OrderRequest {
        OrderRequest(id: ClientOrderID(bot: "a", sequence: seq), side: .buy, type: .limit(Price.of("100.5")), quantity: Quantity.of("0.25"))
    }

    @Test func theDatabaseAndItsCompanionsAreOwnerOnly() async throws {
        let p = try path()
        let store = try Store(path: p)
        try await store.recordSubmission(bot: "a", instrument: InstrumentID(venue: "binance", symbol: "BTCUSDT"), order: order(1),
                                         snapshot: [1], nextSequence: 2, ts: 1)
        try store.journal.append(JournaledOrder(bot: "a", instrument: "binance:BTCUSDT", order: order(2), snapshot: [2], nextSequence: 3, ts: 2))
        _ = try await store.orders()
        for f in [p, p + "-wal", p + "-shm", p + "-orderlog"] {
            #expect(FileManager.default.fileExists(atPath: f), "\(f)")
            #expect(mode(f) == 0o600, "\(f) is \(String(mode(f), radix: 8))")
        }
        // A database left world-readable by an earlier release is made private when opened.
        let old = try path("old.sqlite")
        FileManager.default.createFile(atPath: old, contents: nil, attributes: [.posixPermissions: 0o644])
        _ = try Store(path: old)
        #expect(mode(old) == 0o600)
    }

    @Test func aSecondOwnerIsRefusedWithThePidOfTheFirst() throws {
        let p = try path()
        do {
            let first = try StoreLock(database: p)
            do {
                _ = try StoreLock(database: p)
                Issue.record("a second lock was granted")
            } catch {
                #expect(error.description.contains("pid \(getpid())") && error.description.contains(p), "\(error)")
            }
            #expect(mode(first.path) == 0o600)
        }
        // Released with its owner: the next one gets it.
        #expect(throws: Never.self) { _ = try StoreLock(database: p) }
    }

    @Test func aWALPastItsBoundIsTruncatedByTheWriterAndACleanStopEmptiesIt() async throws {
        // PASSIVE checkpoints alone never shrink the file, and under a steady stream of commits
        // they never let SQLite start it over either: it grew by every page written. Here the
        // checkpointer's thread is held off (an hour's interval) and looks once, by hand.
        let bound = 256 << 10
        let store = try Store(path: try path(), truncateWALAbove: bound, checkpointInterval: 3600)
        let blob = (0..<6000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        for i in 0..<1500 {
            try await store.saveSnapshot(bot: "b\(i % 50)", snapshot: blob, nextSequence: UInt64(i), ts: Int64(i))
        }
        let grown = store.walSize()
        #expect(grown > 8 * bound)
        store.checkpointer.cycle()
        #expect(store.walTruncations == 0)
        // The next statement truncates first: the log holds just that commit after.
        try await store.saveSnapshot(bot: "b0", snapshot: blob, nextSequence: 9999, ts: 9999)
        #expect(store.walTruncations == 1)
        #expect(store.walSize() < bound, "\(store.walSize()) bytes after the truncation (\(grown) before)")
        // Under the bound nothing is asked.
        store.checkpointer.cycle()
        try await store.saveSnapshot(bot: "b1", snapshot: blob, nextSequence: 10_000, ts: 10_000)
        #expect(store.walTruncations == 1)
        try await store.close()
        #expect(store.walSize() == 0)
        #expect(try await store.snapshot(bot: "b1")?.nextSequence == 10_000)
    }

    @Test func theAuditLogKeepsAKilobyteOfEachRequest() async throws {
        let store = try Store(path: try path())
        let big = #"{"file":""# + String(repeating: "é", count: 30_000) + #""}"#
        store.postAudit(AuditRow(ts: 1, who: "uid:0", command: "add", args: big, ok: false, result: "bad_config"))
        try await store.audit(ts: 2, who: "uid:0", command: "add", args: big, ok: false, result: "bad_config")
        let log = try await store.auditLog()
        #expect(log.count == 2)
        for row in log {
            #expect(row.args.utf8.count < AuditRow.fieldLimit + 64)
            #expect(row.args.hasSuffix("… [cut: \(big.utf8.count) bytes in all]"))
            #expect(row.args.hasPrefix(#"{"file":"éé"#))
        }
    }

    @Test func postedWritesWaitOutALockedDatabaseAndLoseNothing() async throws {
        let p = try path()
        let store = try Store(path: p, busyTimeout: .milliseconds(100))
        try await store.upsertBot(BotRow(id: "a", user: "u", strategy: "s", account: "x", instrument: "i", timeframe: "1m",
                                         state: "starting"), ts: 1)
        // Another process's write transaction, held open.
        let other = try Connection(path: p)
        try other.execute("BEGIN IMMEDIATE")
        store.postBotState("a", "running", ts: 2)
        for i in 0..<5 { store.postAudit(AuditRow(ts: Int64(i), who: "uid:0", command: "status", args: "{}", ok: true, result: "ok")) }
        try await Task.sleep(for: .milliseconds(300))
        await #expect(throws: SQLiteError.self) { try await store.bots() }
        try other.execute("COMMIT")
        // The queue is written once the lock is gone, with nothing lost or repeated.
        try await waitFor { (try? await store.bots().first?.state) == "running" }
        #expect(try await store.auditLog().filter { $0.command == "status" }.count == 5)
    }
}

func waitFor(_ condition: () async -> Bool) async throws {
    for _ in 0..<500 {
        if await condition() { return }
        try await Task.sleep(for: .milliseconds(10))
    }
    Issue.record("condition not reached in 5 s")
    throw CancellationError()
}
