import BotCore
import BotTestKit
import Foundation
@testable import Runtime
import Store
import Testing

/// Another process holding the database's write lock: a bot that cannot start must reach
/// `failed` after its restart budget, not stay `starting` for ever.
@Suite(.serialized)
struct LockedStoreTests {
    @Test func aBotThatCannotStartIsFailedAfterItsBudget() async throws {
        // Each start waits out the busy timeout before it fails, so three failed starts take
        // longer than the restart window: counted only in the window, they never added up.
        let h = try Harness(maxRestarts: 2, period: 0.2, busyTimeout: .milliseconds(150))
        let lock = try ExternalWriter(holding: h.config.daemon.storagePath)
        await h.supervisor.start([try h.bot("a")], coldStart: true)
        try await h.waitFor("failed") { await h.supervisor.state("a") == .failed }
        #expect(await h.supervisor.state("a") == .failed)
        let failed = await h.supervisor.events.first { $0.kind == "failed" && $0.bot == "a" }
        #expect(failed?.detail.contains("could not start 3 times in a row") == true, "\(failed?.detail ?? "no failure event")")
        #expect(failed?.detail.contains("database is locked") == true)
        // Its state reaches the database once the other process lets go.
        lock.release()
        try await h.waitFor("the state recorded") { (try? await h.store.bots().first?.state) == "failed" }
        #expect(try await h.store.bots().first?.state == "failed")
    }
}
