import CSQLite

/// A SQLite failure with the engine's code and message, and the statement that caused it.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    public var code: Int32
    public var message: String
    public var sql: String
    public var description: String { "SQLite error \(code): \(message) - while executing \(sql)" }
}

/// One SQLite connection. Not thread-safe: exactly one owner (the `Store` actor) uses it.
final class Connection {
    private(set) var handle: OpaquePointer?
    private var statements: [String: OpaquePointer] = [:]

    /// `busyTimeoutMs`: how long a statement waits for another connection's lock.
    init(path: String, busyTimeoutMs: Int32 = 5000) throws(SQLiteError) {
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &handle, flags, nil)
        guard rc == SQLITE_OK else {
            let msg = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(handle)
            throw SQLiteError(code: rc, message: msg, sql: "open \(path)")
        }
        sqlite3_busy_timeout(handle, busyTimeoutMs)
    }

    func setBusyTimeout(milliseconds: Int32) { sqlite3_busy_timeout(handle, milliseconds) }

    deinit {
        for s in statements.values { sqlite3_finalize(s) }
        sqlite3_close(handle)
    }

    func error(_ rc: Int32, _ sql: String) -> SQLiteError {
        SQLiteError(code: rc, message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }

    /// Runs one or more statements without results.
    func execute(_ sql: String) throws(SQLiteError) {
        var err: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &err)
        if rc != SQLITE_OK {
            let msg = err.map { String(cString: $0) } ?? ""
            sqlite3_free(err)
            throw SQLiteError(code: rc, message: msg, sql: sql)
        }
    }

    /// Binds, steps and reads one prepared (and cached) statement.
    func run(_ sql: String, _ args: [Value] = [], row: ((Row) throws -> Void)? = nil) throws {
        let stmt = try prepared(sql)
        defer { sqlite3_reset(stmt); sqlite3_clear_bindings(stmt) }
        for (i, a) in args.enumerated() {
            let idx = Int32(i + 1)
            let rc: Int32
            switch a {
            case .null: rc = sqlite3_bind_null(stmt, idx)
            case .int(let v): rc = sqlite3_bind_int64(stmt, idx, v)
            case .double(let v): rc = sqlite3_bind_double(stmt, idx, v)
            case .text(let v): rc = sqlite3_bind_text(stmt, idx, v, -1, Connection.transient)
            case .blob(let v):
                rc = v.withUnsafeBytes { sqlite3_bind_blob(stmt, idx, $0.baseAddress, Int32($0.count), Connection.transient) }
            }
            guard rc == SQLITE_OK else { throw error(rc, sql) }
        }
        while true {
            let rc = sqlite3_step(stmt)
            if rc == SQLITE_DONE { return }
            guard rc == SQLITE_ROW else { throw error(rc, sql) }
            try row?(Row(stmt: stmt))
        }
    }

    private func prepared(_ sql: String) throws(SQLiteError) -> OpaquePointer {
        if let s = statements[sql] { return s }
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v2(handle, sql, -1, &stmt, nil)
        guard rc == SQLITE_OK, let stmt else { throw error(rc, sql) }
        statements[sql] = stmt
        return stmt
    }

    /// Runs `body` in one transaction: all of it is stored, or none of it.
    /// Begin and commit are prepared once, like every statement: `sqlite3_exec` would parse
    /// them again on each order, and the parser is a large body of code to run cold.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try run("BEGIN IMMEDIATE")
        do {
            let v = try body()
            try run("COMMIT")
            return v
        } catch {
            try? run("ROLLBACK")
            throw error
        }
    }

    var lastInsertID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Inside an explicit transaction (not autocommitting).
    var inTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    enum Value {
        case null, int(Int64), double(Double), text(String), blob([UInt8])
    }

    struct Row {
        let stmt: OpaquePointer
        func int(_ i: Int32) -> Int64 { sqlite3_column_int64(stmt, i) }
        func text(_ i: Int32) -> String? {
            guard let p = sqlite3_column_text(stmt, i) else { return nil }
            return String(cString: p)
        }
        func blob(_ i: Int32) -> [UInt8] {
            guard let p = sqlite3_column_blob(stmt, i) else { return [] }
            let n = Int(sqlite3_column_bytes(stmt, i))
            return Array(UnsafeRawBufferPointer(start: p, count: n))
        }
        func isNull(_ i: Int32) -> Bool { sqlite3_column_type(stmt, i) == SQLITE_NULL }
    }
}

/// Named schema migrations, applied in order, each in its own transaction, recorded in the
/// database. A shipped migration is never edited: changes are new migrations.
struct Migrator {
    var migrations: [(String, String)] = []

    mutating func register(_ name: String, _ sql: String) { migrations.append((name, sql)) }

    /// Applies what is missing; returns the names applied now.
    @discardableResult
    func migrate(_ db: Connection, upTo last: String? = nil) throws -> [String] {
        try db.execute("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY NOT NULL)")
        var done = Set<String>()
        try db.run("SELECT name FROM schema_migrations") { done.insert($0.text(0) ?? "") }
        var applied: [String] = []
        for (name, sql) in migrations {
            if !done.contains(name) {
                try db.transaction {
                    try db.execute(sql)
                    try db.run("INSERT INTO schema_migrations(name) VALUES (?)", [.text(name)])
                }
                applied.append(name)
            }
            if name == last { break }
        }
        return applied
    }
}
