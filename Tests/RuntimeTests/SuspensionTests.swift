import BotCore
import Foundation
@testable import Runtime
import Testing

/// A venue suspends an instrument: the account's bots on it pause, with an event, and resume
/// when it trades again; a bot its user paused stays paused, and other accounts' bots run on.
@Suite(.serialized)
struct SuspensionTests {
    @Test func botsPauseWhileTheirInstrumentIsSuspended() async throws {
        let h = try Harness(accounts: "[accounts.other]\nvenue = \"paper\"")
        let a = try h.bot("a"), b = try h.bot("b"), other = try h.bot("c", account: "other")
        await h.supervisor.start([a, b, other], coldStart: true)
        try await h.waitFor("running") { await [a, b, other].asyncAll { await h.supervisor.state($0.id) == .running } }
        try await h.supervisor.pause("b")
        h.supervisor.venueRouter.instrument(a.instrument.id, suspended: true, account: "paper")
        try await h.waitFor("a paused") { await h.supervisor.state("a") == .paused }
        #expect(await h.supervisor.state("c") == .running)
        let events = await h.supervisor.events(after: 0).filter { $0.bot == "a" && $0.kind == "paused" }
        #expect(events.map(\.detail) == ["\(a.instrument.id) suspended by the venue"])
        h.supervisor.venueRouter.instrument(a.instrument.id, suspended: false, account: "paper")
        try await h.waitFor("a resumed") { await h.supervisor.state("a") == .running }
        #expect(await h.supervisor.state("b") == .paused)
        await h.supervisor.shutdown()
    }
}

extension Array {
    func asyncAll(_ p: (Element) async -> Bool) async -> Bool {
        for e in self where !(await p(e)) { return false }
        return true
    }
}
