import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The database's files on disk.
enum StoreFiles {
    /// The files SQLite keeps beside the database.
    static func companions(_ path: String) -> [String] { [path, path + "-wal", path + "-shm", path + "-journal"] }

    /// Creates the database file 0600 when it is new (SQLite gives its WAL and shm files the
    /// database's mode), and makes existing files 0600 (a store made before this rule).
    static func makePrivate(_ path: String) throws {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw SQLiteError(code: 14, message: "cannot open: \(String(cString: strerror(errno)))", sql: "open \(path)")
        }
        close(fd)
        for f in companions(path) {
            var st = stat()
            if stat(f, &st) == 0, st.st_mode & 0o077 != 0 { chmod(f, 0o600) }
        }
    }

    /// Bytes in the file, 0 when there is none.
    static func size(_ path: String) -> Int {
        var st = stat()
        return stat(path, &st) == 0 ? Int(st.st_size) : 0
    }
}
