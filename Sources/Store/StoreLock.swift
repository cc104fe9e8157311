import Foundation

#if canImport(Glibc)
import Glibc
#endif

public struct StoreLockError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

/// One daemon per database: an exclusive lock on `PATH-lock`, taken before anything is read,
/// held for the life of the process (the kernel drops it when the process ends, however it
/// ends). The file holds the owner's pid, so the second daemon can say which one it met.
public final class StoreLock: Sendable {
    public let path: String
    private let fd: Int32

    /// Takes the lock for the database at `database`, or says who holds it.
    public init(database: String) throws(StoreLockError) {
        path = database + "-lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw StoreLockError(description: "\(path): cannot open the lock file: \(String(cString: strerror(errno)))")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let e = errno
            var buf = [UInt8](repeating: 0, count: 32)
            let n = pread(fd, &buf, buf.count, 0)
            close(fd)
            let pid = n > 0 ? String(decoding: buf[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : ""
            guard e == EWOULDBLOCK else {
                throw StoreLockError(description: "\(path): cannot lock: \(String(cString: strerror(e)))")
            }
            let who = Int32(pid).map { "another botd (pid \($0))" } ?? "another botd"
            throw StoreLockError(description: "\(database) is in use by \(who); stop it first, or give this one its own [storage] path")
        }
        let mine = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pwrite(fd, mine, mine.count, 0)
        self.fd = fd
    }

    deinit { close(fd) }
}
