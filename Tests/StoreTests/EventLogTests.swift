import BotCore
import BotTestKit
import Foundation
@testable import Store
import Synchronization
import Testing

/// The event log: events land with the change they report or not at all, exactly once across
/// a crash, and are read by cursor and followed without polling. (A lost wakeup would hang a
/// follower: the time limit makes it a failure.)
@Suite(.timeLimit(.minutes(1))) struct EventLogTests {
    let inst = InstrumentID(venue: "binance", symbol: "BTCUSDT")

    func path() throws -> String {
        try SharedData.temporaryDirectory("eventlog").appendingPathComponent("runtime.sqlite").path
    }

    func order(_ seq: UInt64, bot: String = "a") -> OrderRequest {
        OrderRequest(id: ClientOrderID(bot: bot, sequence: seq), side: .buy, type: .limit(Price.of("100.5")), quantity: Quantity.of("0.25"))
    }

    func placed(_ r: OrderRequest, bot: String = "a", ts: Int64 = 10) -> RuntimeEvent {
        RuntimeEvent(ts: ts, bot: bot, user: "u", .placed(r))
    }

    func note(_ n: Int, bot: String? = "a") -> RuntimeEvent {
        RuntimeEvent(ts: Int64(n), bot: bot, .feedLost("feed-\(n)"))
    }

    /// A follower task's result; the test's time limit cancels the follower too, so a hang
    /// ends as a failure.
    func result<T: Sendable>(_ task: Task<T, any Error>) async throws -> T {
        try await withTaskCancellationHandler { try await task.value } onCancel: { task.cancel() }
    }

    func all(_ store: Store) async throws -> [(seq: Int64, event: RuntimeEvent)] {
        try await store.events(after: 0, limit: 1_000_000)
    }

    @Test func eventsGoInWithTheirChangeAndNotWithoutIt() async throws {
        let store = try Store(path: try path())
        #expect(try await store.appliedMigrations().contains("eventLog"))
        let r = order(0)
        try await store.recordSubmission(bot: "a", instrument: inst, order: r, snapshot: [1], nextSequence: 1, ts: 10,
                                         events: [placed(r)])
        // The same order again violates the orders' primary key: its event is rolled back with it.
        await #expect(throws: SQLiteError.self) {
            try await store.recordSubmission(bot: "a", instrument: self.inst, order: r, snapshot: [2], nextSequence: 1, ts: 11,
                                             events: [self.placed(r, ts: 11), self.note(11)])
        }
        #expect(try await all(store).map(\.event) == [placed(r)])
        // Every record method logs its events with its change.
        try await store.upsertBot(BotRow(id: "a", user: "u", strategy: "s", account: "paper", instrument: inst.description,
                                         timeframe: "1m", state: "running"), ts: 1)
        try await store.setBotState("a", "paused", ts: 12, events: [RuntimeEvent(ts: 12, bot: "a", .botPaused)])
        try await store.saveSnapshot(bot: "a", snapshot: [3], nextSequence: 1, ts: 13, events: [note(13)])
        try await store.saveBar(bot: "a", snapshot: [4], nextSequence: 1, ts: 14, equity: 2, events: [note(14)])
        try await store.amendOrder(r.id, type: .limit(Price.of("99")), quantity: Quantity.of("0.2"), ts: 15,
                                   events: [RuntimeEvent(ts: 15, bot: "a", .orderAmended(r.id, price: Price.of("99"),
                                                                                         quantity: Quantity.of("0.2")))])
        try await store.recordFunding(bot: "a", amount: 1, position: Position(side: .net), ts: 16, events: [note(16)])
        try await store.recordOrderEvent(bot: "a", event: .accepted(r.id), status: .accepted, filled: .zero, position: nil,
                                         snapshot: nil, nextSequence: 1, ts: 17, events: [RuntimeEvent(ts: 17, bot: "a", .orderAccepted(r.id))])
        try await store.appendEvents([note(18), note(19, bot: nil)])
        let log = try await all(store)
        #expect(log.map(\.seq) == Array(1...9), "\(log)")
        #expect(log.map(\.event.kind) == ["order_placed", "bot_paused", "feed_lost", "feed_lost", "order_amended", "feed_lost",
                                          "order_accepted", "feed_lost", "feed_lost"])
        #expect(log.map(\.event.ts) == [10, 12, 13, 14, 15, 16, 17, 18, 19])
        #expect(try await store.lastEventSeq() == 9)
        #expect(try await store.bots().first?.state == "paused")
    }

    @Test func aFailingTransactionLeavesNoEvent() async throws {
        let p = try path()
        let store = try Store(path: p)
        let r = order(0)
        try await store.recordSubmission(bot: "a", instrument: inst, order: r, snapshot: [1], nextSequence: 1, ts: 10,
                                         events: [placed(r)])
        // A trigger that refuses the bot's next position write: the fill before it in the same
        // transaction and its events are rolled back.
        let raw = try Connection(path: p)
        try raw.execute("""
            CREATE TRIGGER refuse BEFORE INSERT ON positions BEGIN SELECT RAISE(ABORT, 'refused'); END;
            """)
        let f = Fill(orderID: r.id, ts: 12, side: .buy, positionSide: .net, price: Price.of("100.5"), quantity: Quantity.of("0.25"),
                     fee: 0, liquidity: .maker, tradeID: "t1")
        var p1 = Position(side: .net)
        p1.apply(f, instrument: Instrument(id: inst, kind: .spot, base: "BTC", quote: "USDT", tickSize: Price.of("0.01"),
                                           lotSize: Quantity.of("0.00001"), minSize: Quantity.of("0.00001"), minNotional: 5,
                                           makerFee: 0, takerFee: 0))
        await #expect(throws: SQLiteError.self) {
            try await store.recordOrderEvent(bot: "a", event: .filled(f), status: .filled, filled: f.quantity, position: p1,
                                             snapshot: nil, nextSequence: 1, ts: 12,
                                             events: [RuntimeEvent(ts: 12, bot: "a", .filled(f))])
        }
        #expect(try await all(store).map(\.event.kind) == ["order_placed"])
        #expect(try await store.fills(bot: "a").isEmpty)
        #expect(try await store.orders(bot: "a").map(\.status) == ["pendingNew"])
        try raw.execute("DROP TRIGGER refuse")
        // Once the position can be written, the fill and its event go in together.
        #expect(try await store.recordOrderEvent(bot: "a", event: .filled(f), status: .filled, filled: f.quantity, position: p1,
                                                 snapshot: nil, nextSequence: 1, ts: 12,
                                                 events: [RuntimeEvent(ts: 12, bot: "a", .filled(f))]))
        #expect(try await all(store).map(\.event.kind) == ["order_placed", "order_filled"])
    }

    /// Journal entries carry their events: applied with the order by the next statement, or by
    /// the next process after a crash, and never twice (an entry applied before a crash cut the
    /// journal short of being emptied is skipped whole, events included).
    @Test func journaledEventsAreLoggedOnceAcrossACrash() async throws {
        let p = try path()
        func entry(_ seq: UInt64) -> JournaledOrder {
            let r = order(seq)
            return JournaledOrder(bot: "a", instrument: inst.description, order: r, snapshot: [UInt8(seq)], nextSequence: seq + 1,
                                  ts: Int64(seq), events: [placed(r, ts: Int64(seq)), note(Int(seq))])
        }
        do {
            // Appended and never copied: the process dies.
            let j = try OrderJournal(path: p + "-orderlog")
            try j.append(entry(1))
        }
        do {
            let store = try Store(path: p)
            #expect(try await all(store).map(\.event) == entry(1).events)
            try store.journal.append(entry(2))
            // Copied by the next statement, and the process dies before the journal is emptied.
            #expect(try await store.orders(bot: "a").count == 2)
            #expect(try await store.lastEventSeq() == 4)
        }
        let again = try Store(path: p)
        let log = try await all(again)
        #expect(log.map(\.seq) == [1, 2, 3, 4])
        #expect(log.map(\.event) == entry(1).events + entry(2).events)
        #expect(try StoreCheck.run(path: p).isClean)
        try await again.close()
        #expect(try await all(try Store(path: p)).count == 4)
    }

    /// A follower sees a journaled order's events when the order is appended, not at whatever
    /// statement the store runs next.
    @Test func aFollowerSeesAJournaledOrderWithoutAnotherStatement() async throws {
        let store = try Store(path: try path())
        for round in 0..<50 {
            let follower = Task { () -> RuntimeEvent? in
                for try await e in store.follow(after: Int64(round)) { return e.event }
                return nil
            }
            if round % 2 == 0 { try await Task.sleep(for: .milliseconds(2)) }
            let r = order(UInt64(round))
            try store.journal.append(JournaledOrder(bot: "a", instrument: inst.description, order: r, snapshot: [],
                                                    nextSequence: UInt64(round) + 1, ts: 1, events: [placed(r)]))
            #expect(try await result(follower) == placed(r))
        }
    }

    @Test func journalEntriesWithoutEventsKeepTheirOldBytes() throws {
        let r = order(3)
        let plain = JournaledOrder(bot: "a", instrument: inst.description, order: r, snapshot: [9], nextSequence: 4, ts: 5)
        var old: [UInt8] = []
        OrderJournal.encode(plain, into: &old)
        // The payload ends with the snapshot, as every entry written before events existed.
        #expect(Array(old.suffix(9)) == [1, 0, 0, 0, 0, 0, 0, 0, 9])
        #expect(OrderJournal.decode(old, at: 0)?.0 == plain)
        var withEvents = plain
        withEvents.events = RuntimeEvent.samples()
        var bytes = old
        OrderJournal.encode(withEvents, into: &bytes)
        let first = try #require(OrderJournal.decode(bytes, at: 0))
        #expect(first.0 == plain && first.1 == old.count)
        #expect(OrderJournal.decode(bytes, at: first.1)?.0 == withEvents)
    }

    @Test func cursorReadsAreInOrderAndFiltered() async throws {
        let store = try Store(path: try path())
        var expected: [RuntimeEvent] = []
        for i in 1...30 {
            let e = note(i, bot: i % 5 == 0 ? nil : ["a", "b", "c"][i % 3])
            expected.append(e)
            try await store.appendEvents([e])
        }
        let page = try await store.events(after: 0, limit: 10)
        #expect(page.map(\.seq) == Array(1...10) && page.map(\.event) == Array(expected[0..<10]))
        #expect(try await store.events(after: 25, limit: 10).map(\.seq) == Array(26...30))
        #expect(try await store.events(after: 30, limit: 10).isEmpty)
        let b = try await store.events(after: 3, limit: 100, bot: "b")
        #expect(b.map(\.seq) == expected.indices.filter { $0 >= 3 && expected[$0].bot == "b" }.map { Int64($0 + 1) })
        let ac = try await store.events(after: 0, limit: 4, bots: ["a", "c"])
        #expect(ac.count == 4 && ac.allSatisfy { ["a", "c"].contains($0.event.bot) } && ac.map(\.seq) == ac.map(\.seq).sorted())
        #expect(try await store.events(after: 0, limit: 100, bot: "b", bots: ["a"]).isEmpty)
        #expect(try await store.events(after: 3, limit: 100, bot: "b", bots: ["a", "b"]).map(\.seq) == b.map(\.seq))
        #expect(try await store.events(after: 0, limit: 100, bots: []).isEmpty)
        // How far a filtered page read: past events of other bots, so a follower does not
        // read them again.
        let filtered = try await store.eventPage(after: 0, limit: 100, bot: "zz")
        #expect(filtered.events.isEmpty && filtered.through == 30)
    }

    @Test func aFollowerGetsEveryEventOfABurstOnceAndInOrder() async throws {
        let store = try Store(path: try path())
        let writers = 10, each = 1_000
        let follower = Task {
            var seen: [(seq: Int64, event: RuntimeEvent)] = []
            for try await e in store.follow(after: 0, pageSize: 97) {
                seen.append(e)
                if seen.count == writers * each { break }
            }
            return seen
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for w in 0..<writers {
                group.addTask {
                    var n = 0
                    while n < each {
                        // Single events and small batches, from ten tasks at once.
                        let batch = min(each - n, [1, 1, 3, 7][n % 4])
                        try await store.appendEvents((n..<(n + batch)).map { RuntimeEvent(ts: Int64($0), bot: "w\(w)", .feedLost("\($0)")) })
                        n += batch
                    }
                }
            }
            try await group.waitForAll()
        }
        let seen = try await result(follower)
        #expect(seen.map(\.seq) == (1...Int64(writers * each)).map { $0 })
        // Each writer's events arrive in the order it wrote them.
        for w in 0..<writers {
            let mine = seen.filter { $0.event.bot == "w\(w)" }.map(\.event.ts)
            #expect(mine == (0..<Int64(each)).map { $0 })
        }
    }

    @Test func aFollowerStartedAtNGetsOnlyWhatComesAfterN() async throws {
        let store = try Store(path: try path())
        for i in 1...20 { try await store.appendEvents([note(i, bot: i % 2 == 0 ? "a" : "b")]) }
        let follower = Task {
            var seen: [Int64] = []
            for try await e in store.follow(after: 12, bot: "a", pageSize: 2) {
                seen.append(e.seq)
                if e.seq >= 30 { break }
            }
            return seen
        }
        try await Task.sleep(for: .milliseconds(20))
        for i in 21...30 { try await store.appendEvents([note(i, bot: i % 2 == 0 ? "a" : "b")]) }
        #expect(try await result(follower) == [14, 16, 18, 20, 22, 24, 26, 28, 30])
    }

    /// A follower of a few bots reads a long stretch of others' events in bounded windows.
    @Test func aFollowerOfSomeBotsSkipsALongStretchOfOthers() async throws {
        let store = try Store(path: try path())
        try await store.appendEvents((1...3_000).map { note($0, bot: "x") } + [note(3_001, bot: "b")])
        let page = try await store.eventPage(after: 0, limit: 2, bots: ["a", "b"], window: 128)
        #expect(page.events.isEmpty && page.through == 128)
        var seen: [Int64] = []
        for try await e in store.follow(after: 0, bots: ["a", "b"], pageSize: 2) {
            seen.append(e.seq)
            break
        }
        #expect(seen == [3_001])
    }

    @Test func aFollowerEndsWhenCancelledOrWhenTheStoreClosesAndAllIsRead() async throws {
        let store = try Store(path: try path())
        for i in 1...3 { try await store.appendEvents([note(i)]) }
        let waiting = Task {
            var n = 0
            for try await _ in store.follow(after: 0) { n += 1 }
            return n
        }
        let read = ReadCount()
        let cancelled = Task {
            var n = 0
            for try await _ in store.follow(after: 1) {
                n += 1
                read.add()
            }
            return n
        }
        // Cancelled once it has read what there is (a fixed sleep lost that race on a busy machine).
        for _ in 0..<1000 where read.value < 2 { try await Task.sleep(for: .milliseconds(5)) }
        try await Task.sleep(for: .milliseconds(20))
        cancelled.cancel()
        #expect(try await result(cancelled) == 2)
        // Posted without waiting: written at the close, read, then the follower ends.
        store.postEvents([note(4)])
        store.postBotState("a", "stopped", ts: 5, events: [RuntimeEvent(ts: 5, bot: "a", .botStopped)])
        try await store.close()
        #expect(try await result(waiting) == 5)
        // A follower of a closed store reads what is there and ends.
        var after: [Int64] = []
        for try await e in store.follow(after: 3) { after.append(e.seq) }
        #expect(after == [4, 5])
    }

    @Test func postedEventsAreWrittenWithTheBotStateInOrder() async throws {
        let store = try Store(path: try path())
        store.postBot(BotRow(id: "a", user: "u", strategy: "s", account: "paper", instrument: inst.description, timeframe: "1m",
                             state: "starting"), ts: 1, events: [RuntimeEvent(ts: 1, bot: "a", .botStarted)])
        store.postBotState("a", "paused", ts: 2, events: [RuntimeEvent(ts: 2, bot: "a", .botPaused)])
        store.postEvents([RuntimeEvent(ts: 3, .daemonStopped)])
        #expect(try await store.bots().map(\.state) == ["paused"])
        #expect(try await all(store).map(\.event.kind) == ["bot_started", "bot_paused", "daemon_stopped"])
    }
}

/// What a follower task has read so far, for the test to wait on.
final class ReadCount: Sendable {
    private let n = Mutex(0)
    func add() { n.withLock { $0 += 1 } }
    var value: Int { n.withLock { $0 } }
}
