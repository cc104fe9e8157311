import BotCore
import CSQLite
import Foundation

/// The system of record: SQLite in WAL mode. Bots, their snapshots, orders with their state
/// history, fills, positions, equity over time and the audit log of commands.
///
/// `synchronous=NORMAL` in WAL mode keeps every committed transaction across a process crash
/// (kill -9); `durability: .full` also survives power loss, at a cost per commit.
public actor Store {
    public enum Durability: String, Sendable { case normal, full }

    let connection: Connection
    public nonisolated let path: String
    nonisolated let checkpointer: Checkpointer
    /// Order submissions, appended by the bots before their orders leave (see `OrderJournal`).
    public nonisolated let journal: OrderJournal
    /// What is reported rather than recorded (bot states, the audit log), posted without
    /// waiting for the store (see `Store+Deferred`).
    nonisolated let deferred = DeferredWrites()
    /// Woken after every commit that logged events (see `follow`).
    public nonisolated let eventSignal: EventLogSignal
    let executor: ThreadExecutor
    let busyTimeoutMs: Int32
    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    /// The connection, once every journaled submission is in it: whatever the store reads or
    /// writes comes after the orders already sent.
    var db: Connection {
        get throws {
            if journal.hasPending { try applyJournal() }
            if checkpointer.truncateWanted { truncateWAL() }
            return connection
        }
    }

    /// Copies the WAL into the database and empties it, between transactions (see
    /// `Checkpointer`). Another process reading the log can hold it up: the wait is short,
    /// and a failure leaves it to the checkpointer's next look.
    func truncateWAL() {
        guard !connection.inTransaction else { return }
        connection.setBusyTimeout(milliseconds: 200)
        defer { connection.setBusyTimeout(milliseconds: busyTimeoutMs) }
        checkpointer.truncated((try? connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")) != nil)
    }

    /// `busyTimeout`: how long a statement waits while another process holds the database's
    /// write lock before it fails. `truncateWALAbove`: see `Checkpointer`.
    public init(path: String, durability: Durability = .normal, busyTimeout: Duration = .seconds(5),
                truncateWALAbove: Int = Checkpointer.truncateAbove, checkpointInterval: Double = 0.5) throws {
        self.path = path
        let busyMs = Int32(clamping: busyTimeout.components.seconds * 1000 + busyTimeout.components.attoseconds / 1_000_000_000_000_000)
        busyTimeoutMs = busyMs
        executor = ThreadExecutor(name: "botd-store")
        // Orders, fills and the audit log are the owner's business only: the database and the
        // files SQLite makes beside it (which take the database's mode) are 0600.
        try StoreFiles.makePrivate(path)
        let db = try Connection(path: path, busyTimeoutMs: busyMs)
        connection = db
        try db.execute("PRAGMA journal_mode=WAL")
        try db.execute("PRAGMA synchronous=\(durability == .full ? "FULL" : "NORMAL")")
        try db.execute("PRAGMA foreign_keys=ON")
        // Checkpoints (which fsync) run on a thread of their own, never inside an order's commit.
        try db.execute("PRAGMA wal_autocheckpoint=0")
        try Store.migrator.migrate(db)
        try StoreFiles.makePrivate(path)
        checkpointer = try Checkpointer(path: path, interval: checkpointInterval, truncateAbove: truncateWALAbove)
        journal = try OrderJournal(path: path + "-orderlog", sync: durability == .full)
        // Submissions a crash left in the journal only (a process killed between an order's
        // append and its copy into SQLite) go in now.
        if let entries = try journal.recover() {
            do {
                if !entries.isEmpty { try db.transaction { for e in entries { try Self.apply(e, to: db) } } }
                journal.endRecovery(applied: true)
            } catch {
                journal.endRecovery(applied: false)
                throw error
            }
        }
        eventSignal = EventLogSignal(last: try Self.lastEventSeq(db))
        wakeJournal()
    }

    /// Copies the journaled submissions into SQLite, in their order, in a transaction of their
    /// own. Inside another transaction it waits for the next statement after it: entries that
    /// arrive meanwhile are other bots' orders (the bot being served is waiting on the store),
    /// and a rollback of that transaction must not take them along.
    func applyJournal() throws {
        guard !connection.inTransaction else { return }
        let entries = journal.takePending()
        guard !entries.isEmpty else { return }
        var logged: Int64?
        do {
            try connection.transaction {
                for e in entries { logged = try Self.apply(e, to: connection) ?? logged }
            }
        } catch {
            journal.putBack(entries)
            throw error
        }
        published(logged)
        journal.compact()
    }

    /// One submission: the order as `pendingNew` with its first history row, the bot's
    /// snapshot and the entry's events; returns the last event's sequence number. An order
    /// already recorded was applied before a crash cut the journal short of being emptied; it
    /// is skipped whole, so a newer snapshot is never replaced by its, and its events are not
    /// logged twice.
    @discardableResult
    static func apply(_ e: JournaledOrder, to db: Connection) throws -> Int64? {
        var known = false
        try db.run("SELECT 1 FROM orders WHERE client_order_id = ?", [.text(e.order.id.description)]) { _ in known = true }
        guard !known else { return nil }
        try insertOrder(db, bot: e.bot, instrument: e.instrument, order: e.order, ts: e.ts)
        try saveSnapshotRow(db, bot: e.bot, snapshot: e.snapshot, nextSequence: e.nextSequence, ts: e.ts)
        guard e.events.isEmpty else { return try insertEvents(db, e.events) }
        // An entry without events is reported here as the order it carries, in the transaction
        // that records it: the bot's write-ahead path stays one append of the order (encoding
        // an event there doubled it), and the event is as durable as the order all the same.
        var user: String?
        try db.run("SELECT user FROM bots WHERE id = ?", [.text(e.bot)]) { user = $0.text(0) }
        return try insertEvents(db, [RuntimeEvent(ts: e.ts, bot: e.bot, user: user, .placed(e.order))])
    }

    /// Puts every journaled submission into SQLite and empties the journal (at a clean stop).
    public func compactJournal() throws {
        try applyJournal()
        journal.compact(force: true)
    }

    /// A clean stop: what is posted and journaled goes into SQLite, the journal is emptied and
    /// the WAL copied into the database and truncated, so the next start reads no log.
    /// Followers of the event log read what is left and end.
    public func close() throws {
        defer { eventSignal.close() }
        try flushDeferred()
        try compactJournal()
        checkpointer.stop()
        try connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    }

    deinit { executor.shutdown() }

    /// Bytes in the WAL file now.
    public nonisolated func walSize() -> Int { StoreFiles.size(path + "-wal") }

    /// TRUNCATE checkpoints the WAL's size has called for so far.
    public nonisolated var walTruncations: Int { checkpointer.truncations }

    static var migrator: Migrator {
        var m = Migrator()
        m.register("createCore", """
            CREATE TABLE bots (
                id TEXT PRIMARY KEY NOT NULL, user TEXT NOT NULL, strategy TEXT NOT NULL, account TEXT NOT NULL,
                instrument TEXT NOT NULL, timeframe TEXT NOT NULL, state TEXT NOT NULL, updated_ms INTEGER NOT NULL);
            CREATE TABLE snapshots (
                bot_id TEXT PRIMARY KEY NOT NULL, ts_ms INTEGER NOT NULL, next_sequence INTEGER NOT NULL, state BLOB NOT NULL);
            CREATE TABLE orders (
                client_order_id TEXT PRIMARY KEY NOT NULL, bot_id TEXT NOT NULL, instrument TEXT NOT NULL,
                sequence INTEGER NOT NULL, side TEXT NOT NULL, type TEXT NOT NULL, price INTEGER, trigger_price INTEGER,
                quantity INTEGER NOT NULL, reduce_only INTEGER NOT NULL, position_side TEXT NOT NULL,
                status TEXT NOT NULL, filled INTEGER NOT NULL DEFAULT 0, created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL);
            CREATE INDEX orders_by_bot ON orders(bot_id, sequence);
            CREATE TABLE order_events (
                id INTEGER PRIMARY KEY AUTOINCREMENT, client_order_id TEXT NOT NULL, ts_ms INTEGER NOT NULL,
                status TEXT NOT NULL, detail TEXT);
            CREATE TABLE fills (
                id INTEGER PRIMARY KEY AUTOINCREMENT, client_order_id TEXT NOT NULL, bot_id TEXT NOT NULL, ts_ms INTEGER NOT NULL,
                side TEXT NOT NULL, position_side TEXT NOT NULL, price INTEGER NOT NULL, quantity INTEGER NOT NULL,
                fee INTEGER NOT NULL, liquidity TEXT NOT NULL);
            CREATE INDEX fills_by_bot ON fills(bot_id, id);
            CREATE TABLE positions (
                bot_id TEXT NOT NULL, position_side TEXT NOT NULL, quantity INTEGER NOT NULL, cost_basis INTEGER NOT NULL,
                realized_pnl INTEGER NOT NULL, fees INTEGER NOT NULL, funding INTEGER NOT NULL, updated_ms INTEGER NOT NULL,
                PRIMARY KEY (bot_id, position_side));
            CREATE TABLE equity (bot_id TEXT NOT NULL, ts_ms INTEGER NOT NULL, equity INTEGER NOT NULL, PRIMARY KEY (bot_id, ts_ms));
            CREATE TABLE audit (
                id INTEGER PRIMARY KEY AUTOINCREMENT, ts_ms INTEGER NOT NULL, who TEXT NOT NULL, command TEXT NOT NULL,
                args TEXT NOT NULL, ok INTEGER NOT NULL, result TEXT NOT NULL);
            """)
        // An order's write-ahead commit wrote about six pages (two pwrites each): a rowid table
        // plus a separate primary-key index for `orders` and `snapshots`, and the
        // sqlite_sequence page AUTOINCREMENT updates. Keyed tables and plain rowids halve it.
        m.register("fewerPagesPerCommit", """
            CREATE TABLE orders_v2 (
                client_order_id TEXT PRIMARY KEY NOT NULL, bot_id TEXT NOT NULL, instrument TEXT NOT NULL,
                sequence INTEGER NOT NULL, side TEXT NOT NULL, type TEXT NOT NULL, price INTEGER, trigger_price INTEGER,
                quantity INTEGER NOT NULL, reduce_only INTEGER NOT NULL, position_side TEXT NOT NULL,
                status TEXT NOT NULL, filled INTEGER NOT NULL DEFAULT 0, created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL
            ) WITHOUT ROWID;
            INSERT INTO orders_v2 SELECT client_order_id, bot_id, instrument, sequence, side, type, price, trigger_price, quantity,
                reduce_only, position_side, status, filled, created_ms, updated_ms FROM orders;
            DROP TABLE orders;
            ALTER TABLE orders_v2 RENAME TO orders;
            CREATE INDEX orders_by_bot ON orders(bot_id, sequence);
            CREATE TABLE snapshots_v2 (
                bot_id TEXT PRIMARY KEY NOT NULL, ts_ms INTEGER NOT NULL, next_sequence INTEGER NOT NULL, state BLOB NOT NULL
            ) WITHOUT ROWID;
            INSERT INTO snapshots_v2 SELECT bot_id, ts_ms, next_sequence, state FROM snapshots;
            DROP TABLE snapshots;
            ALTER TABLE snapshots_v2 RENAME TO snapshots;
            CREATE TABLE order_events_v2 (
                id INTEGER PRIMARY KEY, client_order_id TEXT NOT NULL, ts_ms INTEGER NOT NULL, status TEXT NOT NULL, detail TEXT);
            INSERT INTO order_events_v2 SELECT id, client_order_id, ts_ms, status, detail FROM order_events;
            DROP TABLE order_events;
            ALTER TABLE order_events_v2 RENAME TO order_events;
            CREATE TABLE fills_v2 (
                id INTEGER PRIMARY KEY, client_order_id TEXT NOT NULL, bot_id TEXT NOT NULL, ts_ms INTEGER NOT NULL,
                side TEXT NOT NULL, position_side TEXT NOT NULL, price INTEGER NOT NULL, quantity INTEGER NOT NULL,
                fee INTEGER NOT NULL, liquidity TEXT NOT NULL);
            INSERT INTO fills_v2 SELECT id, client_order_id, bot_id, ts_ms, side, position_side, price, quantity, fee, liquidity FROM fills;
            DROP TABLE fills;
            ALTER TABLE fills_v2 RENAME TO fills;
            CREATE INDEX fills_by_bot ON fills(bot_id, id);
            """)
        // Funding is booked per bot; the ledger is rebuilt from fills and these rows.
        m.register("fundingCharges", """
            CREATE TABLE funding (
                id INTEGER PRIMARY KEY, bot_id TEXT NOT NULL, ts_ms INTEGER NOT NULL, position_side TEXT NOT NULL,
                amount INTEGER NOT NULL);
            CREATE INDEX funding_by_bot ON funding(bot_id, id);
            """)
        // Where the simulated market stood, so a restarted daemon's market goes on from there.
        m.register("marketMarks", """
            CREATE TABLE market_marks (
                instrument TEXT PRIMARY KEY NOT NULL, ts_ms INTEGER NOT NULL, price INTEGER NOT NULL) WITHOUT ROWID;
            """)
        // The event log (see `Store+Events`): `seq` is the rowid, so an insert touches the table's
        // last page and one index; the payload is the whole event, the other columns filter.
        m.register("eventLog", """
            CREATE TABLE events (
                seq INTEGER PRIMARY KEY, ts_ms INTEGER NOT NULL, kind TEXT NOT NULL, bot_id TEXT, user TEXT,
                payload TEXT NOT NULL);
            CREATE INDEX events_by_bot ON events(bot_id, seq) WHERE bot_id IS NOT NULL;
            """)
        // A fill is the venue's trade of an order: recorded once, however often it is reported.
        // A liquidation is booked under an id the bot mints each time it hears of it, so its
        // trade is looked up among the bot's liquidation orders (few: a partial index).
        m.register("fillTradeIDs", """
            ALTER TABLE fills ADD COLUMN trade_id TEXT;
            CREATE UNIQUE INDEX fills_by_trade ON fills(client_order_id, trade_id) WHERE trade_id IS NOT NULL;
            CREATE INDEX orders_liquidations ON orders(bot_id) WHERE type = 'liquidation';
            """)
        // A bot looks for the changes made to it by hand at every start: few, in a small index.
        m.register("manualChanges", """
            CREATE INDEX events_manual ON events(bot_id, seq) WHERE kind = 'manual_change';
            """)
        // A venue may report a funding settlement more than once (OKX's bills are read again
        // after a restart): one row per bot, settlement and leg.
        m.register("fundingOnce", """
            DELETE FROM funding WHERE id NOT IN (SELECT MIN(id) FROM funding GROUP BY bot_id, ts_ms, position_side);
            CREATE UNIQUE INDEX funding_once ON funding(bot_id, ts_ms, position_side);
            """)
        // How each venue liquidation was split among the account's bots (see
        // `Store+Liquidations`); a split with no bot holding the leg is one row with bot ''.
        m.register("liquidationShares", """
            CREATE TABLE liquidation_shares (
                account TEXT NOT NULL, trade_id TEXT NOT NULL, bot_id TEXT NOT NULL, quantity INTEGER NOT NULL,
                ts_ms INTEGER NOT NULL, PRIMARY KEY (account, trade_id, bot_id)) WITHOUT ROWID;
            """)
        // A fee a venue took in the base asset (a Binance spot buy's): what the bot holds is the
        // fill less it. NULL for a fee in quote, as every fill before had.
        m.register("baseFees", """
            ALTER TABLE fills ADD COLUMN base_fee INTEGER;
            """)
        // What a leg held at a time (funding, liquidations reported after the fact) sums the
        // bot's fills since then: found by time, not by scanning all of the bot's fills (40 ms
        // for 100,000, under 1 ms with this; each fill's insert costs about 1 µs more).
        m.register("fillsByTime", """
            CREATE INDEX fills_by_bot_time ON fills(bot_id, ts_ms);
            """)
        // A market order sized in quote (`OrderRequest.quoteQuantity`): what it was to spend or
        // take in; `quantity` is then its reserve. NULL for an order sized in base.
        m.register("quoteSizedOrders", """
            ALTER TABLE orders ADD COLUMN quote_quantity INTEGER;
            """)
        // Telegram's inbox and outbox (see `Store+Telegram`): updates as received with the
        // polling offset; messages to send, in order, until sent; chats that blocked the bot or
        // moved; confirmations waiting for a press.
        m.register("telegram", """
            CREATE TABLE telegram_state (key TEXT PRIMARY KEY NOT NULL, value INTEGER NOT NULL) WITHOUT ROWID;
            CREATE TABLE telegram_inbox (
                update_id INTEGER PRIMARY KEY, received_ms INTEGER NOT NULL, payload TEXT NOT NULL, state INTEGER NOT NULL);
            CREATE INDEX telegram_inbox_open ON telegram_inbox(update_id) WHERE state < 2;
            CREATE TABLE telegram_outbox (
                id INTEGER PRIMARY KEY, chat_id INTEGER NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL, reply_markup TEXT,
                silent INTEGER NOT NULL, packable INTEGER NOT NULL, edit_message_id INTEGER, created_ms INTEGER NOT NULL,
                state INTEGER NOT NULL, sent_ms INTEGER, message_id INTEGER, detail TEXT);
            CREATE INDEX telegram_outbox_open ON telegram_outbox(id) WHERE state < 2;
            CREATE TABLE telegram_chats (chat_id INTEGER PRIMARY KEY, blocked_ms INTEGER, migrated_to INTEGER);
            CREATE TABLE telegram_confirmations (
                token TEXT PRIMARY KEY NOT NULL, user TEXT NOT NULL, chat_id INTEGER NOT NULL, command TEXT NOT NULL,
                created_ms INTEGER NOT NULL, used_ms INTEGER) WITHOUT ROWID;
            """)
        return m
    }

    /// Names of the applied migrations, in order.
    public func appliedMigrations() throws -> [String] {
        var names: [String] = []
        try db.run("SELECT name FROM schema_migrations ORDER BY rowid") { names.append($0.text(0) ?? "") }
        return names
    }

    public func integrityCheck() throws -> String {
        var result = ""
        try db.run("PRAGMA integrity_check") { result = $0.text(0) ?? "" }
        return result
    }

    public func journalMode() throws -> String {
        var mode = ""
        try db.run("PRAGMA journal_mode") { mode = $0.text(0) ?? "" }
        return mode
    }
}
