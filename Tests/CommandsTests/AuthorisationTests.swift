import DaemonTestKit
import BotConfig
import BotCore
import Commands
import Foundation
import Runtime
import Store
import Testing

/// Every command, asked by alice (role user) on a daemon running her bots and bob's: she sees
/// and acts on hers only, bob's are to her as bots that do not exist, and the daemon-wide
/// commands are forbidden to her. An admin and the operator see and act on every bot.
@Suite(.serialized)
struct AuthorisationTests {
    let alice = TwoUsers.alice
    let admin = TwoUsers.admin
    let op = TwoUsers.op

    @Test func statusListsOnlyTheCallersBots() async throws {
        try await TwoUsers.with { d in
            guard case .statuses(let mine) = try await d.run(.status, alice) else { Issue.record("not statuses"); return }
            #expect(d.ids(mine) == TwoUsers.aliceBots)
            #expect(mine.allSatisfy { $0.user == "alice" })
            for caller in [admin, op] {
                guard case .statuses(let all) = try await d.run(.status, caller) else { Issue.record("not statuses"); return }
                #expect(d.ids(all) == TwoUsers.allBots, "\(caller)")
            }
        }
    }

    @Test func botsListsOnlyTheCallersBots() async throws {
        try await TwoUsers.with { d in
            guard case .bots(let mine) = try await d.run(.bots, alice) else { Issue.record("not bots"); return }
            #expect(d.ids(mine) == TwoUsers.aliceBots)
            for caller in [admin, op] {
                guard case .bots(let all) = try await d.run(.bots, caller) else { Issue.record("not bots"); return }
                #expect(d.ids(all) == TwoUsers.allBots, "\(caller)")
            }
        }
    }

    @Test func botOfAnotherUserIsUnknown() async throws {
        try await TwoUsers.with { d in
            guard case .bot(let s) = try await d.run(.bot("alice-1"), alice) else { Issue.record("not a bot"); return }
            #expect(s.id == "alice-1")
            // Bob's bot and a bot that does not exist are told apart by nothing but the id.
            expectUnknownBot(await d.failure(.bot("bob-1"), alice), "bob-1")
            expectUnknownBot(await d.failure(.bot("nobody-1"), alice), "nobody-1")
            for caller in [admin, op] {
                guard case .bot(let b) = try await d.run(.bot("bob-1"), caller) else { Issue.record("not a bot"); return }
                #expect(b.id == "bob-1" && b.user == "bob")
            }
        }
    }

    @Test func startOnlyTheCallersBots() async throws {
        try await TwoUsers.with { d in
            _ = try await d.run(.stop("bob-1"), op)
            _ = try await d.run(.stop("alice-1"), op)
            expectUnknownBot(await d.failure(.start("bob-1"), alice), "bob-1")
            #expect(await d.state("bob-1") == .stopped)
            await d.expect(.start("alice-1"), alice, gives: .message("starting"))
            #expect(await d.state("alice-1") != .stopped)
            await d.expect(.start("bob-1"), admin, gives: .message("starting"))
            #expect(await d.state("bob-1") != .stopped)
        }
    }

    @Test func stopOnlyTheCallersBots() async throws {
        try await TwoUsers.with { d in
            expectUnknownBot(await d.failure(.stop("bob-1", policy: .closePosition), alice), "bob-1")
            #expect(await d.state("bob-1") == .running)
            await d.expect(.stop("alice-1", policy: .leave), alice, gives: .message("stopped"))
            #expect(await d.state("alice-1") == .stopped)
            await d.expect(.stop("bob-1"), admin, gives: .message("stopped"))
            #expect(await d.state("bob-1") == .stopped)
        }
    }

    @Test func pauseOnlyTheCallersBotsAndTheAuditNamesTheCaller() async throws {
        try await TwoUsers.with { d in
            expectUnknownBot(await d.failure(.pause("bob-1"), alice), "bob-1")
            #expect(await d.state("bob-1") == .running)
            await d.expect(.pause("alice-1"), alice, gives: .message("paused"))
            #expect(await d.state("alice-1") == .paused)
            await d.expect(.pause("bob-1"), op, gives: .message("paused"))
            #expect(await d.state("bob-1") == .paused)

            let pauses = try await d.audit().filter { $0.command == "pause" }
            #expect(pauses.map(\.who) == ["user:alice", "user:alice", "uid:1000"])
            #expect(pauses.map(\.args) == [#"{"bot":"bob-1"}"#, #"{"bot":"alice-1"}"#, #"{"bot":"bob-1"}"#])
            #expect(pauses.map(\.ok) == [false, true, true])
            #expect(pauses.map(\.result) == ["bot_not_found", "ok", "ok"])
        }
    }

    @Test func resumeOnlyTheCallersBots() async throws {
        try await TwoUsers.with { d in
            _ = try await d.run(.pause("bob-1"), op)
            _ = try await d.run(.pause("alice-1"), op)
            expectUnknownBot(await d.failure(.resume("bob-1"), alice), "bob-1")
            #expect(await d.state("bob-1") == .paused)
            await d.expect(.resume("alice-1"), alice, gives: .message("resumed"))
            #expect(await d.state("alice-1") == .running)
            await d.expect(.resume("bob-1"), admin, gives: .message("resumed"))
            #expect(await d.state("bob-1") == .running)
        }
    }

    @Test func restartOnlyTheCallersBots() async throws {
        try await TwoUsers.with { d in
            let before = await d.supervisor.events.last?.seq ?? 0
            expectUnknownBot(await d.failure(.restart("bob-1"), alice), "bob-1")
            await d.expect(.restart("alice-1"), alice, gives: .message("restarting"))
            // A restart stops the bot first: alice's did, bob's was never touched.
            let stopped = await d.supervisor.events(after: before).filter { $0.kind == "stopped" }.map(\.bot)
            #expect(stopped == ["alice-1"])
            #expect(await d.state("bob-1") == .running)
            await d.expect(.restart("bob-1"), op, gives: .message("restarting"))
            #expect(await d.supervisor.events(after: before).filter { $0.kind == "stopped" }.map(\.bot) == ["alice-1", "bob-1"])
        }
    }

    @Test func adjustOnlyTheCallersBots() async throws {
        try await TwoUsers.with { d in
            func targets(_ bot: String) async throws -> [Price?] {
                try await d.store.orders(bot: bot).filter { $0.side == "sell" }.map(\.price)
            }
            let high = Price.of("10000000")
            expectUnknownBot(await d.failure(.adjust("bob-1", takeProfit: high), alice), "bob-1")
            guard case .message(let text) = try await d.run(.adjust("alice-1", takeProfit: high), alice) else {
                Issue.record("not a message"); return
            }
            #expect(text.hasPrefix("recorded as event "))
            try await d.settle()
            #expect(try await targets("alice-1") == [high])
            #expect(try await targets("bob-1").isEmpty, "bob's bot was never touched")
            guard case .message = try await d.run(.adjust("bob-1", takeProfit: high), admin) else { Issue.record("not a message"); return }
            try await d.settle()
            #expect(try await targets("bob-1") == [high])
            let adjusts = try await d.audit().filter { $0.command == "adjust" }
            #expect(adjusts.map(\.who) == ["user:alice", "user:alice", "user:root"])
            #expect(adjusts.map(\.result) == ["bot_not_found", "ok", "ok"])
            #expect(adjusts.last?.args == #"{"bot":"bob-1","take_profit":"10000000"}"#)
            // The log says who set it, for the bot's owner to read.
            let logged = try await d.store.events(after: 0, limit: 1000).filter { $0.event.kind == "manual_change" }
            #expect(logged.map(\.event.bot) == ["alice-1", "bob-1"])
            #expect(logged.map { if case .manualChange(let m) = $0.event.what { m.by } else { "" } } == ["user:alice", "user:root"])
        }
    }

    /// A close by hand cancels the bot's open orders and closes its position at market, even
    /// while it is paused; the bot goes on. Only the caller's bots; a flat bot says so.
    @Test func closeOnlyTheCallersBots() async throws {
        try await TwoUsers.with { d in
            expectUnknownBot(await d.failure(.close("bob-1"), alice), "bob-1")
            await d.expect(.close("alice-1"), alice, gives: .message("closing at market"))
            _ = try await d.run(.pause("alice-2"), alice)
            await d.expect(.close("alice-2"), alice, gives: .message("closing at market"))
            try await d.settle()
            let statuses = await d.supervisor.statuses()
            for id in ["alice-1", "alice-2"] {
                let s = try #require(statuses.first { $0.id == id })
                #expect(s.position.isZero && s.openOrders == 0, "\(s)")
                let rows = try await d.store.orders(bot: id)
                // The entry, the resting buy (now cancelled) and the close: a reduce-only sell, filled.
                #expect(rows.contains { $0.status == "cancelled" } && rows.contains { $0.side == "sell" && $0.reduceOnly && $0.status == "filled" },
                        "\(rows.map { "\($0.side) \($0.type) \($0.status)" })")
            }
            let states = (await d.state("alice-1"), await d.state("alice-2"))
            #expect(states.0 == .running && states.1 == .paused)
            let bob = try #require(statuses.first { $0.id == "bob-1" })
            #expect(!bob.position.isZero && bob.openOrders >= 1, "bob's bot was never touched")
            let flat = await d.failure(.close("alice-1"), alice)
            #expect(flat?.code == "bad_manual_change" && flat?.message.contains("holds no position") == true)
            let closes = try await d.audit().filter { $0.command == "close" }
            #expect(closes.map(\.result) == ["bot_not_found", "ok", "ok", "bad_manual_change"])
        }
    }

    @Test func tradesAndDailyPnLCoverOnlyTheCallersBots() async throws {
        try await TwoUsers.with { d in
            _ = try await d.run(.close("alice-1"), alice)
            try await d.settle()
            guard case .trades(let mine) = try await d.run(.trades(limit: 100), alice),
                  case .trades(let all) = try await d.run(.trades(limit: 100), admin) else { Issue.record("not trades"); return }
            #expect(Set(mine.map(\.bot)) == Set(TwoUsers.aliceBots) && Set(all.map(\.bot)) == Set(TwoUsers.allBots))
            #expect(mine.count == 3, "two entries and alice-1's close")
            #expect(zip(mine, mine.dropFirst()).allSatisfy { $0.ts >= $1.ts }, "newest first")
            guard case .trades(let one) = try await d.run(.trades(limit: 1), alice) else { return }
            #expect(one == [mine[0]])
            expectUnknownBot(await d.failure(.trades(bot: "bob-1"), alice), "bob-1")
            #expect(await d.failure(.trades(limit: 0), alice)?.code == "bad_request")

            guard case .daily(let days, let zone) = try await d.run(.daily(days: 3, timeZone: "Asia/Seoul"), alice) else {
                Issue.record("not daily"); return
            }
            #expect(zone == "Asia/Seoul" && days.count == 3 && days.map(\.day) == days.map(\.day).sorted())
            // Today holds every fill: the ledger's realised PnL and fees, to the unit.
            let statuses = await d.supervisor.statuses().filter { $0.user == "alice" }
            #expect(days.last?.fills == 3)
            #expect(days.reduce(Money.zero) { $0 + $1.realized } == statuses.reduce(Money.zero) { $0 + $1.realizedPnL })
            #expect(days.reduce(Money.zero) { $0 + $1.fees } == statuses.reduce(Money.zero) { $0 + $1.fees })
            #expect(await d.failure(.daily(days: 3, timeZone: "Mars/Olympus"), alice)?.code == "bad_request")
        }
    }

    @Test func reloadIsForbiddenToUsers() async throws {
        try await TwoUsers.with { d in
            try d.writeCarol(to: d.dir.appendingPathComponent("bots/carol.toml").path)
            expectForbidden(await d.failure(.reload, alice))
            #expect(await d.supervisor.spec("carol-1") == nil)
            #expect(d.ids(await d.supervisor.statuses()) == TwoUsers.allBots)
            // The operator's reload acts on every user's bots: the folder holds carol's only.
            guard case .reloaded(let report) = try await d.run(.reload, op) else { Issue.record("not a reload"); return }
            #expect(report.added == ["carol-1"] && report.removed == TwoUsers.allBots && report.errors.isEmpty)
            let last = try #require(try await d.audit().last)
            #expect(last.who == "uid:1000" && last.command == "reload" && last.ok)
        }
    }

    @Test func addIsForbiddenToUsers() async throws {
        try await TwoUsers.with { d in
            let file = d.dir.appendingPathComponent("carol.toml").path
            try d.writeCarol(to: file)
            expectForbidden(await d.failure(.add(file: file), alice))
            #expect(await d.supervisor.spec("carol-1") == nil)
            await d.expect(.add(file: file), admin, gives: .message("added carol-1"))
            #expect(await d.supervisor.spec("carol-1")?.user == "carol")
            // Carol's new bot is not alice's either.
            guard case .statuses(let mine) = try await d.run(.status, alice) else { Issue.record("not statuses"); return }
            #expect(d.ids(mine) == TwoUsers.aliceBots)
            let adds = try await d.audit().filter { $0.command == "add" }
            #expect(adds.map(\.who) == ["user:alice", "user:root"] && adds.map(\.result) == ["forbidden", "ok"])
        }
    }

    @Test func removeOnlyTheCallersBots() async throws {
        try await TwoUsers.with { d in
            expectUnknownBot(await d.failure(.remove("bob-1"), alice), "bob-1")
            #expect(await d.supervisor.spec("bob-1") != nil)
            await d.expect(.remove("alice-2"), alice, gives: .message("removed"))
            #expect(await d.supervisor.spec("alice-2") == nil)
            await d.expect(.remove("bob-1"), admin, gives: .message("removed"))
            #expect(await d.supervisor.spec("bob-1") == nil)
        }
    }

    @Test func ordersListOnlyTheCallersOrders() async throws {
        try await TwoUsers.with { d in
            guard case .orders(let mine) = try await d.run(.orders(), alice) else { Issue.record("not orders"); return }
            #expect(Set(mine.map(\.bot)) == Set(TwoUsers.aliceBots))
            guard case .orders(let open) = try await d.run(.orders(openOnly: true), alice) else { Issue.record("not orders"); return }
            #expect(Set(open.map(\.bot)) == Set(TwoUsers.aliceBots))
            // The resting limit of each of her bots; the market buys are filled.
            #expect(open.count == 2 && open.allSatisfy { $0.type == "limit" } && mine.count > open.count)
            guard case .orders(let one) = try await d.run(.orders(bot: "alice-2"), alice) else { Issue.record("not orders"); return }
            #expect(!one.isEmpty && one.allSatisfy { $0.bot == "alice-2" })
            expectUnknownBot(await d.failure(.orders(bot: "bob-1"), alice), "bob-1")
            expectUnknownBot(await d.failure(.orders(bot: "bob-1", openOnly: true), alice), "bob-1")
            for caller in [admin, op] {
                guard case .orders(let all) = try await d.run(.orders(), caller) else { Issue.record("not orders"); return }
                #expect(Set(all.map(\.bot)) == Set(TwoUsers.allBots), "\(caller)")
                guard case .orders(let bobs) = try await d.run(.orders(bot: "bob-1"), caller) else { Issue.record("not orders"); return }
                #expect(!bobs.isEmpty && bobs.allSatisfy { $0.bot == "bob-1" })
            }
        }
    }

    @Test func positionsListOnlyTheCallersBots() async throws {
        try await TwoUsers.with { d in
            guard case .positions(let mine) = try await d.run(.positions, alice) else { Issue.record("not positions"); return }
            #expect(d.ids(mine) == TwoUsers.aliceBots)
            for caller in [admin, op] {
                guard case .positions(let all) = try await d.run(.positions, caller) else { Issue.record("not positions"); return }
                #expect(d.ids(all) == TwoUsers.allBots, "\(caller)")
            }
        }
    }

    @Test func pnlSumsOnlyTheCallersBots() async throws {
        try await TwoUsers.with { d in
            guard case .pnl(let total, let mine) = try await d.run(.pnl, alice) else { Issue.record("not pnl"); return }
            #expect(d.ids(mine) == TwoUsers.aliceBots)
            #expect(total == mine.reduce(Money.zero) { $0 + $1.netPnL })
            // Fees alone make every bot's figure non-zero: a total with bob's in it would differ.
            #expect(mine.allSatisfy { !$0.fees.isZero })
            for caller in [admin, op] {
                guard case .pnl(let sum, let all) = try await d.run(.pnl, caller) else { Issue.record("not pnl"); return }
                #expect(d.ids(all) == TwoUsers.allBots, "\(caller)")
                #expect(sum == all.reduce(Money.zero) { $0 + $1.netPnL })
            }
        }
    }

    @Test func balanceIsForbiddenToUsers() async throws {
        try await TwoUsers.with { d in
            expectForbidden(await d.failure(.balance, alice))
            for caller in [admin, op] {
                guard case .balances(let books) = try await d.run(.balance, caller) else { Issue.record("not balances"); return }
                #expect(books.contains { $0.account == "paper" && $0.instrument == "all" }, "\(caller)")
            }
        }
    }

    @Test func metricsAreForbiddenToUsers() async throws {
        try await TwoUsers.with { d in
            expectForbidden(await d.failure(.metrics, alice))
            for caller in [admin, op] {
                guard case .metrics(let text) = try await d.run(.metrics, caller) else { Issue.record("not metrics"); return }
                #expect(text.contains("botruntime_"), "\(caller)")
            }
        }
    }

    @Test func eventsShowOnlyTheCallersBots() async throws {
        try await TwoUsers.with { d in
            _ = try await d.run(.pause("bob-1"), op)
            _ = try await d.run(.pause("alice-2"), op)
            // Lifecycle events are posted to the log, not waited for: read until they are in.
            func events(_ caller: Caller) async throws -> [LoggedEvent] {
                for _ in 0..<400 {
                    guard case .events(let list) = try await d.run(.events(), caller) else { return [] }
                    if list.contains(where: { $0.event.kind == "bot_paused" && $0.event.bot == "alice-2" }) { return list }
                    try await Task.sleep(for: .milliseconds(5))
                }
                return []
            }
            let mine = try await events(alice)
            #expect(!mine.isEmpty && Set(mine.compactMap(\.event.bot)).isSubset(of: TwoUsers.aliceBots))
            for caller in [admin, op] {
                let all = try await events(caller)
                #expect(all.contains { $0.event.bot == "bob-1" && $0.event.kind == "bot_paused" }, "\(caller)")
            }
            // Numbered in order, and `since` gives what came after.
            let all = try await events(op)
            #expect(zip(all, all.dropFirst()).allSatisfy { $0.seq < $1.seq })
            guard case .events(let later) = try await d.run(.events(since: all[all.count - 2].seq), op) else { return }
            #expect(later.map(\.seq) == [all.last!.seq])
        }
    }

    @Test func aSubscriptionStreamsOnlyTheCallersBots() async throws {
        try await TwoUsers.with { d in
            guard case .subscribed(let after) = try await d.run(.subscribe(), alice) else { Issue.record("not subscribed"); return }
            _ = try await d.run(.pause("bob-1"), op)
            _ = try await d.run(.pause("alice-1"), op)
            /// What a follower of `caller` sees until alice-1's pause, with a time limit.
            func followed(_ caller: Caller) async throws -> [RuntimeEvent] {
                let follower = await d.router.follow(after: after, caller: caller)
                let reader = Task {
                    var seen: [RuntimeEvent] = []
                    for try await (_, e) in follower {
                        seen.append(e)
                        if e.bot == "alice-1" && e.kind == "bot_paused" { break }
                    }
                    return seen
                }
                let limit = Task {
                    try await Task.sleep(for: .seconds(10))
                    reader.cancel()
                }
                defer { limit.cancel() }
                return try await reader.value
            }
            let mine = try await followed(alice)
            #expect(mine.last?.bot == "alice-1" && mine.allSatisfy { $0.bot.map(TwoUsers.aliceBots.contains) == true }, "\(mine)")
            let all = try await followed(admin)
            #expect(all.contains { $0.bot == "bob-1" && $0.kind == "bot_paused" }, "\(all)")
        }
    }

    @Test func shutdownIsForbiddenToUsers() async throws {
        try await TwoUsers.with { d in
            expectForbidden(await d.failure(.shutdown, alice))
            #expect(d.shutdowns.count.load(ordering: .relaxed) == 0)
            await d.expect(.shutdown, admin, gives: .message("shutting down"))
            #expect(d.shutdowns.count.load(ordering: .relaxed) == 1)
            let last = try #require(try await d.audit().last)
            #expect(last.who == "user:root" && last.command == "shutdown" && last.ok)
        }
    }

    @Test func everyCommandIsAuditedWithItsCaller() async throws {
        try await TwoUsers.with { d in
            _ = try await d.run(.status, alice)
            _ = await d.failure(.metrics, alice)
            _ = try await d.run(.orders(bot: "alice-1", openOnly: true), op)
            let log = try await d.audit().suffix(3)
            #expect(log.map(\.who) == ["user:alice", "user:alice", "uid:1000"])
            #expect(log.map(\.command) == ["status", "metrics", "orders"])
            #expect(log.map(\.result) == ["ok", "forbidden", "ok"])
            #expect(log.last?.args == #"{"bot":"alice-1","open":true}"#)
        }
    }
}
