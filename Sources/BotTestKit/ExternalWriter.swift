import CSQLite

/// Another process's hold on a database, as a fault to inject: a connection of its own that
/// takes the write lock (`BEGIN IMMEDIATE`) and keeps it until `release`.
public final class ExternalWriter {
    private var handle: OpaquePointer?

    public init(holding path: String) throws {
        guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE, nil) == SQLITE_OK,
              sqlite3_exec(handle, "BEGIN IMMEDIATE", nil, nil, nil) == SQLITE_OK else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(handle)
            throw ExternalWriterError(message: "\(path): \(message)")
        }
    }

    public func release() {
        guard let h = handle else { return }
        sqlite3_exec(h, "ROLLBACK", nil, nil, nil)
        sqlite3_close(h)
        handle = nil
    }

    deinit { release() }
}

public struct ExternalWriterError: Error { public var message: String }
