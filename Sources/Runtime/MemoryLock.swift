#if canImport(Glibc)
import Glibc
#endif

/// Keeps the process's memory resident.
///
/// A daemon that idles between trades leaves pages untouched for seconds, and a kernel short
/// of memory (or one that reclaims cold memory on its own, as DAMON does on the machine the
/// benchmarks ran on) moves them out; the next trade then waits for a disk read, hundreds of
/// microseconds to milliseconds. Pages are locked as they are first touched (`MCL_ONFAULT`),
/// so locking costs no memory the process would not use anyway.
public enum MemoryLock {
    /// Locks the current and future pages; nil when done, else why not (no `CAP_IPC_LOCK` and
    /// too low an `RLIMIT_MEMLOCK`, or a system without it).
    public static func lockResidentPages() -> String? {
        #if os(Linux)
        let onFault: Int32 = 4  // MCL_ONFAULT (Linux 4.4); older glibc headers lack the name
        guard mlockall(MCL_CURRENT | MCL_FUTURE | onFault) != 0 else { return nil }
        let reason = String(cString: strerror(errno))
        return "mlockall: \(reason) (raise RLIMIT_MEMLOCK, e.g. LimitMEMLOCK=infinity, or grant CAP_IPC_LOCK)"
        #else
        return "memory locking is supported on Linux only"
        #endif
    }
}
