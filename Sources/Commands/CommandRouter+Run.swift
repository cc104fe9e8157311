import BotConfig
import BotCore
import Foundation
import Runtime
import Store

extension CommandRouter {
    /// Does what `command` asks, within what `caller` may see.
    func run(_ command: Command, _ caller: Caller) async throws -> CommandResult {
        try authorise(command, caller)
        if let id = command.targetBot { try await checkVisible(id, caller) }
        switch command {
        case .status:
            return .statuses(await visibleStatuses(caller))
        case .bots:
            return .bots(await visibleStatuses(caller))
        case .bot(let id):
            guard let s = await supervisor.statuses().first(where: { $0.id == id }) else { throw RuntimeError.unknownBot(id) }
            return .bot(s)
        case .pause(let id):
            try await supervisor.pause(id)
            return .message("paused")
        case .resume(let id):
            try await supervisor.resume(id)
            return .message("resumed")
        case .stop(let id, let policy):
            try await supervisor.stop(id, policy: policy)
            return .message("stopped")
        case .start(let id):
            try await supervisor.startBot(id)
            return .message("starting")
        case .restart(let id):
            try await supervisor.restart(id)
            return .message("restarting")
        case .adjust(let id, let side, let tp, let sl):
            let seq = try await supervisor.adjust(id, ManualChange(positionSide: side, takeProfit: tp, stopLoss: sl, by: caller.name))
            return .message("recorded as event \(seq); the bot applies it next")
        case .close(let id):
            try await supervisor.closePosition(id, by: caller.name)
            return .message("closing at market")
        case .remove(let id):
            guard await supervisor.spec(id) != nil else { throw RuntimeError.unknownBot(id) }
            await supervisor.remove(id)
            return .message("removed")
        case .reload:
            return .reloaded(await supervisor.reload(ConfigSet.load(runtime: runtimePath)))
        case .add(let file):
            let spec: BotSpec
            do { spec = try ConfigSet.load(runtime: runtimePath).bot(file: file) } catch { throw CommandError("bad_config", error.description) }
            await supervisor.add(spec)
            return .message("added \(spec.id)")
        case .orders(let bot, let openOnly):
            return .orders(try await orders(bot: bot, openOnly: openOnly, caller))
        case .trades(let bot, let limit):
            guard (1...1_000).contains(limit) else { throw CommandError("bad_request", "a number of trades from 1 to 1000 (got \(limit))") }
            let visible = await visibleBots(caller)
            let bots = bot.map { [$0] } ?? visible.map { Array($0) }
            return .trades(try await fromStore { try $0.recentFills(bots: bots, limit: limit) })
        case .daily(let days, let zoneName):
            guard (1...366).contains(days) else { throw CommandError("bad_request", "a number of days from 1 to 366 (got \(days))") }
            guard let zone = TimeZone(identifier: zoneName) else { throw CommandError("bad_request", "no time zone '\(zoneName)'") }
            var instruments: [String: Instrument] = [:]
            for s in await visibleStatuses(caller) { instruments[s.id] = await supervisor.spec(s.id)?.instrument }
            let known = instruments
            let rows = try await fromStore { store in
                try known.keys.sorted().flatMap { bot in try store.fills(bot: bot).map { ($0, known[bot]!) } }
            }
            // Each bot's fills in the order they were booked: its legs replay as its ledger did.
            return .daily(DailyReport.days(rows, days: days, zone: zone, nowMs: wallClockMilliseconds()), timeZone: zoneName)
        case .positions:
            return .positions(await visibleStatuses(caller).filter { !$0.position.isZero })
        case .pnl:
            let bots = await visibleStatuses(caller)
            return .pnl(total: bots.reduce(Money.zero) { $0 + $1.netPnL }, bots: bots)
        case .balance:
            return .balances(await supervisor.balances().map {
                AccountBalance(account: $0.account, instrument: $0.instrument, balance: $0.balance, equity: $0.equity)
            })
        case .metrics:
            _ = await supervisor.statuses()  // refreshes the gauges
            return .metrics(metrics.prometheusText())
        case .events(let since):
            let bots = await visibleBots(caller)
            return .events(try await fromStore { store in
                let after = try since ?? max(0, store.lastEventSeq() - 200)
                return try store.events(after: after, limit: 200, bots: bots).map { LoggedEvent(seq: $0.seq, event: $0.event) }
            })
        case .subscribe(let since):
            if let since { return .subscribed(after: since) }
            return .subscribed(after: try await fromStore { try $0.lastEventSeq() })
        case .shutdown:
            onShutdown()
            return .message("shutting down")
        }
    }

    /// The database's orders, given up on after `storeDeadline`: a `status` must not wait
    /// behind another process's write lock, and neither must this caller.
    func orders(bot: String?, openOnly: Bool, _ caller: Caller) async throws -> [OrderRow] {
        // Taken before the query: a restricted caller's rows are those of the bots it sees now.
        let seen: Set<String>? = caller.restrictedTo == nil ? nil : Set(await visibleStatuses(caller).map(\.id))
        let store = store
        guard let rows = try await answer(within: Self.storeDeadline, { try await store.orders(bot: bot, openOnly: openOnly) }) else {
            throw CommandError("store_busy", "the database did not answer within \(Self.storeDeadline) (another process may be holding a write lock on \(store.path)); try again")
        }
        guard let seen else { return rows }
        return rows.filter { seen.contains($0.bot) }
    }

    /// The persisted events after `seq` that `caller` may see, as they are committed, until
    /// the task that reads them is cancelled: what a subscription streams.
    public func follow(after seq: Int64, caller: Caller) async -> EventLogFollower {
        store.follow(after: seq, bots: await visibleBots(caller))
    }

    /// The bots whose events `caller` may see (nil: all, daemon events too).
    func visibleBots(_ caller: Caller) async -> Set<String>? {
        caller.restrictedTo == nil ? nil : Set(await visibleStatuses(caller).map(\.id))
    }

    /// Runs a read on the store, given up on after `storeDeadline`.
    func fromStore<T: Sendable>(_ body: @escaping @Sendable (isolated Store) throws -> T) async throws -> T {
        let store = store
        guard let value = try await answer(within: Self.storeDeadline, { try await store.read(body) }) else {
            throw CommandError("store_busy", "the database did not answer within \(Self.storeDeadline) (another process may be holding a write lock on \(store.path)); try again")
        }
        return value
    }
}
