import BotCore
import Synchronization

/// Writes that report rather than record: a bot's state as the supervisor sees it, the events
/// that report it, and the audit log of commands. Whoever posts them must not wait on the
/// database (a `status` must be answered from memory while another process holds the write
/// lock; the supervisor must go on counting a bot's failed starts), so they queue here and the
/// store writes them, in order, as soon as it can. Orders, fills and snapshots never come
/// this way: they are written before they are acted on.
final class DeferredWrites: Sendable {
    struct PendingBot {
        /// The whole row when the bot was (re)registered; nil when only its state changed.
        var row: BotRow?
        var state: String
        var ts: Int64
    }

    struct Pending {
        var bots: [String: PendingBot] = [:]
        var audit: [AuditRow] = []
        /// Audit records not kept because the queue was full (the database unavailable long).
        var droppedAudit = 0
        /// In the order posted; never merged, as bot states are.
        var events: [RuntimeEvent] = []
        var droppedEvents = 0
        var flushing = false
        var isEmpty: Bool { bots.isEmpty && audit.isEmpty && droppedAudit == 0 && events.isEmpty && droppedEvents == 0 }

        mutating func add(_ new: [RuntimeEvent]) {
            let room = max(0, DeferredWrites.maxEvents - events.count)
            events += new.prefix(room)
            droppedEvents += max(0, new.count - room)
        }
    }

    /// Audit records held while the database is unavailable; later ones are counted, not kept.
    static let maxAudit = 10_000
    /// The same for events.
    static let maxEvents = 10_000
    let pending = Mutex(Pending())

    /// Queues a change; true when no flush is under way and the caller must start one.
    func post(_ change: (inout Pending) -> Void) -> Bool {
        pending.withLock { p in
            change(&p)
            if p.flushing { return false }
            p.flushing = true
            return true
        }
    }

    /// Everything queued, for one transaction.
    func take() -> Pending {
        pending.withLock { p in
            defer { p = Pending(flushing: p.flushing) }
            return p
        }
    }

    /// A batch that could not be written goes back, behind nothing newer of its own bot.
    func putBack(_ batch: Pending) {
        pending.withLock { p in
            for (id, b) in batch.bots {
                if var newer = p.bots[id] {
                    if newer.row == nil { newer.row = b.row }
                    p.bots[id] = newer
                } else {
                    p.bots[id] = b
                }
            }
            let room = max(0, Self.maxAudit - p.audit.count)
            p.audit = Array(batch.audit.prefix(room)) + p.audit
            p.droppedAudit += batch.droppedAudit + max(0, batch.audit.count - room)
            let eventRoom = max(0, Self.maxEvents - p.events.count)
            p.events = Array(batch.events.prefix(eventRoom)) + p.events
            p.droppedEvents += batch.droppedEvents + max(0, batch.events.count - eventRoom)
        }
    }

    /// Ends a flush when nothing is left; false when more arrived and it must go on.
    func finishFlush() -> Bool {
        pending.withLock { p in
            if p.isEmpty { p.flushing = false }
            return !p.flushing
        }
    }
}

extension AuditRow {
    /// What the audit log keeps of a request's arguments or outcome.
    public static let fieldLimit = 1024

    /// The row with arguments and result cut to `fieldLimit` bytes, saying so: the audit log
    /// records who did what, not every byte a client sent (2,000 requests of 60 KB would add
    /// 120 MB).
    func capped() -> AuditRow {
        var r = self
        r.args = Self.cap(args)
        r.result = Self.cap(result)
        return r
    }

    static func cap(_ s: String) -> String {
        let total = s.utf8.count
        guard total > fieldLimit else { return s }
        var kept = Substring.UnicodeScalarView()
        var bytes = 0
        for scalar in s.unicodeScalars {
            bytes += UTF8.width(scalar)
            if bytes > fieldLimit { break }
            kept.append(scalar)
        }
        return String(kept) + "… [cut: \(total) bytes in all]"
    }
}

extension Store {
    /// Registers a bot (its row, state included) without waiting for the database; `events`
    /// go in with it.
    public nonisolated func postBot(_ b: BotRow, ts: Int64, events: [RuntimeEvent] = []) {
        post { p in
            p.bots[b.id] = DeferredWrites.PendingBot(row: b, state: b.state, ts: ts)
            p.add(events)
        }
    }

    /// Records a bot's new state without waiting for the database; `events` go in with it.
    /// They are numbered when written, so they may follow events committed after they were
    /// posted (an order the bot placed meanwhile); their `ts` says when they happened.
    public nonisolated func postBotState(_ id: String, _ state: String, ts: Int64, events: [RuntimeEvent] = []) {
        post { p in
            let row = p.bots[id]?.row.map { var r = $0; r.state = state; return r }
            p.bots[id] = DeferredWrites.PendingBot(row: row, state: state, ts: ts)
            p.add(events)
        }
    }

    /// Logs events that report no other change without waiting for the database (a feed lost,
    /// the daemon stopping), in the order posted.
    public nonisolated func postEvents(_ events: [RuntimeEvent]) {
        guard !events.isEmpty else { return }
        post { $0.add(events) }
    }

    /// Adds a command to the audit log without waiting for the database (arguments and result
    /// cut to `AuditRow.fieldLimit` bytes).
    public nonisolated func postAudit(_ row: AuditRow) {
        post { p in
            if p.audit.count < DeferredWrites.maxAudit { p.audit.append(row.capped()) } else { p.droppedAudit += 1 }
        }
    }

    private nonisolated func post(_ change: (inout DeferredWrites.Pending) -> Void) {
        guard deferred.post(change) else { return }
        Task { await self.drainDeferred() }
    }

    /// Writes what is posted until nothing is left; while the database refuses, tries again
    /// every second.
    func drainDeferred() async {
        while true {
            if (try? flushDeferred()) == nil {
                try? await Task.sleep(for: .seconds(1))
                continue
            }
            if deferred.finishFlush() { return }
        }
    }

    /// Writes what is posted now, in one transaction; on failure it stays queued.
    func flushDeferred() throws {
        let batch = deferred.take()
        guard !batch.isEmpty else { return }
        var logged: Int64?
        do {
            let db = try self.db
            try db.transaction {
                for (id, b) in batch.bots {
                    if let row = b.row { try Self.upsertBotRow(db, row, ts: b.ts) } else {
                        try db.run("UPDATE bots SET state = ?, updated_ms = ? WHERE id = ?", [.text(b.state), .int(b.ts), .text(id)])
                    }
                }
                for a in batch.audit { try Self.insertAudit(db, a) }
                if batch.droppedAudit > 0, let last = batch.audit.last {
                    try Self.insertAudit(db, AuditRow(ts: last.ts, who: "botd", command: "audit", args: "",
                                                      ok: false, result: "\(batch.droppedAudit) records dropped while the database was unavailable"))
                }
                if batch.droppedEvents > 0 {
                    try Self.insertAudit(db, AuditRow(ts: batch.events.last?.ts ?? 0, who: "botd", command: "events", args: "",
                                                      ok: false, result: "\(batch.droppedEvents) events dropped while the database was unavailable"))
                }
                logged = try Self.insertEvents(db, batch.events)
            }
        } catch {
            deferred.putBack(batch)
            throw error
        }
        published(logged)
    }
}
