import Foundation
import Synchronization

/// Copies the WAL back into the database from a second connection on a thread of its own, so
/// a commit never waits for the database file's fsync.
///
/// A PASSIVE checkpoint never blocks the writer, but under a steady stream of commits it never
/// finishes either: the writer appends frames while it copies, SQLite starts the log over only
/// once a checkpoint has copied all of it, and so the log grew without end (6.9 GB in five
/// minutes at speed 600, against a 31 MB database). A TRUNCATE checkpoint from this thread
/// would starve the same way, waiting for a gap between commits that its busy handler rarely
/// hits. So once the log passes `truncateAbove`, this thread asks the writer, and the store
/// runs the TRUNCATE itself before its next statement (back-pressure: that statement waits
/// while what the PASSIVE checkpoints left is copied). The log stays below `truncateAbove`
/// plus what the writer adds in one `interval`.
public final class Checkpointer: Sendable {
    /// A quarter of the 64 MiB the WAL must stay under.
    public static let truncateAbove = 16 << 20

    final class Shared: @unchecked Sendable {
        let connection: Connection
        let walPath: String
        let condition = NSCondition()
        var stopping = false
        /// The owner checkpoints for itself at a clean stop; otherwise the thread's last act is one.
        var finalCheckpoint = true
        let exited = DispatchSemaphore(value: 0)
        let truncations = Atomic<Int>(0)
        let wanted = Atomic<Bool>(false)
        /// Copies what it can without blocking the writer; asks for a truncation past the bound.
        func cycle(truncateAbove: Int) {
            try? connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
            if StoreFiles.size(walPath) > truncateAbove { wanted.store(true, ordering: .relaxed) }
        }

        init(_ c: Connection, walPath: String) {
            connection = c
            self.walPath = walPath
        }
    }

    private let shared: Shared
    let truncateAbove: Int
    /// TRUNCATE checkpoints the log's size called for.
    var truncations: Int { shared.truncations.load(ordering: .relaxed) }
    /// Whether the writer should truncate the log before its next statement.
    var truncateWanted: Bool { shared.wanted.load(ordering: .relaxed) }
    /// What the writer's truncation attempt gave.
    func truncated(_ done: Bool) {
        shared.wanted.store(false, ordering: .relaxed)
        if done { shared.truncations.add(1, ordering: .relaxed) }
    }

    init(path: String, interval: Double = 0.5, truncateAbove: Int = Checkpointer.truncateAbove) throws {
        let s = Shared(try Connection(path: path), walPath: path + "-wal")
        shared = s
        self.truncateAbove = truncateAbove
        let t = Thread {
            while true {
                s.condition.lock()
                if !s.stopping { _ = s.condition.wait(until: Date().addingTimeInterval(interval)) }
                let done = s.stopping
                let final = s.finalCheckpoint
                s.condition.unlock()
                if done {
                    if final { try? s.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)") }
                    s.exited.signal()
                    return
                }
                s.cycle(truncateAbove: truncateAbove)
            }
        }
        t.name = "botd-checkpoint"
        t.start()
    }

    /// One look now, as the thread takes every `interval`.
    func cycle() { shared.cycle(truncateAbove: truncateAbove) }

    /// Ends the thread and waits for it; the owner checkpoints the log itself after.
    func stop() {
        shared.condition.lock()
        let wasRunning = !shared.stopping
        shared.stopping = true
        shared.finalCheckpoint = false
        shared.condition.signal()
        shared.condition.unlock()
        if wasRunning { shared.exited.wait() }
    }

    deinit {
        shared.condition.lock()
        shared.stopping = true
        shared.condition.signal()
        shared.condition.unlock()
    }
}
