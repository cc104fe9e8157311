import BotCore
import Synchronization

/// The event log: typed runtime events in the `events` table, numbered by `seq` in commit
/// order. Each is inserted in the transaction of the change it reports (the record methods'
/// `events:` parameter, the journal's entries), so the log says what the record holds: an
/// event whose change rolled back was never logged. Readers resume from the last `seq` they
/// handled, so nothing is lost or repeated across a restart.
extension Store {
    /// Events that report no other change (a feed lost, the daemon started), in one transaction.
    public func appendEvents(_ events: [RuntimeEvent]) throws {
        guard !events.isEmpty else { return }
        try commit(events) { _ in true }
    }

    /// Runs `change` in a transaction and, when it applied (returned true), inserts `events`
    /// in it; after the commit, wakes the log's followers. Returns what `change` returned.
    @discardableResult
    func commit(_ events: [RuntimeEvent], _ change: (Connection) throws -> Bool) throws -> Bool {
        let db = try self.db
        var logged: Int64?
        let applied = try db.transaction {
            guard try change(db) else { return false }
            logged = try Self.insertEvents(db, events)
            return true
        }
        published(logged)
        return applied
    }

    /// `change` alone when it reports nothing (one statement needs no transaction), else with
    /// `events` in one.
    func write(_ events: [RuntimeEvent], _ change: (Connection) throws -> Void) throws {
        if events.isEmpty { return try change(db) }
        try commit(events) { db in
            try change(db)
            return true
        }
    }

    /// Inserts the events in order; the last one's sequence number, nil when there are none.
    static func insertEvents(_ db: Connection, _ events: [RuntimeEvent]) throws -> Int64? {
        guard !events.isEmpty else { return nil }
        for e in events {
            try db.run("INSERT INTO events(ts_ms, kind, bot_id, user, payload) VALUES (?,?,?,?,?)",
                       [.int(e.ts), .text(e.kind), e.bot.map { .text($0) } ?? .null, e.user.map { .text($0) } ?? .null,
                        .text(e.jsonText)])
        }
        return db.lastInsertID
    }

    /// Journaled orders reach SQLite before the store's next statement, which may be long in
    /// coming: while anyone follows the log, they are copied as soon as they are appended, so
    /// an `order_placed` is seen when the order leaves. Each side checks the other after its
    /// own change, under the other's lock (an append looks for waiters after adding its entry;
    /// a waiter looks for entries after registering), so one of them always sees both.
    nonisolated func wakeJournal() {
        let copy: @Sendable () -> Void = { [weak self] in
            Task { await self?.copyJournal() }
        }
        // Weak: each holds the other's hook, and the journal's file lock goes with its last
        // reference.
        journal.onFirstPending { [weak signal = eventSignal] in if signal?.hasWaiters == true { copy() } }
        eventSignal.onWaiting { [weak journal] in
            journal?.followed.store(true, ordering: .relaxed)
            if journal?.hasPending == true { copy() }
        }
    }

    func copyJournal() {
        if journal.hasPending { try? applyJournal() }
    }

    /// After a commit that logged events up to `seq`.
    nonisolated func published(_ seq: Int64?) {
        if let seq { eventSignal.publish(seq) }
    }

    static func lastEventSeq(_ db: Connection) throws -> Int64 {
        var last: Int64 = 0
        try db.run("SELECT MAX(seq) FROM events") { if !$0.isNull(0) { last = $0.int(0) } }
        return last
    }

    /// The sequence number of the newest event, 0 when the log is empty.
    public func lastEventSeq() throws -> Int64 { try Self.lastEventSeq(db) }

    /// Up to `limit` events after `seq`, oldest first; only `bot`'s, or only those of `bots`,
    /// when given (both: `bot` if it is in `bots`). A filter leaves out events of no bot.
    public func events(after seq: Int64, limit: Int, bot: String? = nil,
                       bots: Set<String>? = nil) throws -> [(seq: Int64, event: RuntimeEvent)] {
        try eventPage(after: seq, limit: limit, bot: bot, bots: bots).events
    }

    /// `events(after:...)`, and how far the log was read: the last event returned when the
    /// page is full, else the newest event of all (those after the page's last matched no
    /// filter), so a follower's next read starts past what it has seen. With `window`, a read
    /// for several bots looks at no more than that many sequence numbers: a follower of a few
    /// bots catching up on a long log never holds the store for one long scan.
    func eventPage(after seq: Int64, limit: Int, bot: String? = nil, bots: Set<String>? = nil,
                   window: Int64? = nil) throws -> (events: [(seq: Int64, event: RuntimeEvent)], through: Int64) {
        // Events posted without waiting are written first, as `bots()` does with states; if the
        // database refuses now, the posting side's own retries write them later.
        try? flushDeferred()
        let db = try self.db
        var ids: [String]?
        if let bot { ids = bots.map { $0.contains(bot) ? [bot] : [] } ?? [bot] } else if let bots { ids = bots.sorted() }
        guard limit > 0 else { return ([], seq) }
        guard ids != [] else { return ([], max(seq, try Self.lastEventSeq(db))) }
        var scanned = Int64.max
        var sql = "SELECT seq, ts_ms, kind, bot_id, user, payload FROM events WHERE seq > ?"
        var args: [Connection.Value] = [.int(seq)]
        if let ids, ids.count == 1 {
            sql += " AND bot_id = ?"
            args.append(.text(ids[0]))
        } else if let ids {
            // Several bots: in log order from the cursor, each row tested (`+` keeps SQLite off
            // the per-bot index, which would gather and sort every later row of those bots for
            // each page of a follower catching up).
            sql += " AND +bot_id IN (" + repeatElement("?", count: ids.count).joined(separator: ",") + ")"
            args += ids.map { .text($0) }
            if let window {
                sql += " AND seq <= ?"
                args.append(.int(seq + window))
                scanned = seq + window
            }
        }
        sql += " ORDER BY seq LIMIT ?"
        args.append(.int(Int64(limit)))
        var out: [(seq: Int64, event: RuntimeEvent)] = []
        try db.run(sql, args) { r in
            // A payload this build cannot read still takes its place in the sequence, by kind,
            // so a follower goes on past it.
            let event = (try? RuntimeEvent(json: Array((r.text(5) ?? "").utf8)))
                ?? RuntimeEvent(ts: r.int(1), bot: r.text(3), user: r.text(4), .unknown(kind: r.text(2) ?? ""))
            out.append((r.int(0), event))
        }
        if out.count == limit { return (out, out[out.count - 1].seq) }
        return (out, max(seq, min(scanned, try Self.lastEventSeq(db))))
    }

    /// Every event after `seq` (of `bot`, of `bots`, as `events(after:)` filters), exactly
    /// once and in order: what is in the log first, then each event as it is committed. Ends
    /// when the task is cancelled, or once the store is closed and all is read. It is woken by
    /// this store's commits: events another process writes into the database are read with
    /// the next ones of this process.
    public nonisolated func follow(after seq: Int64, bot: String? = nil, bots: Set<String>? = nil,
                                   pageSize: Int = 512) -> EventLogFollower {
        EventLogFollower(store: self, after: seq, bot: bot, bots: bots, pageSize: max(1, pageSize))
    }
}

extension Store {
    /// Runs several reads in one visit to the store's thread.
    public func read<T: Sendable>(_ body: @Sendable (isolated Store) throws -> T) rethrows -> T { try body(self) }
}
