import Foundation

/// Keeps the process's memory resident.
///
/// A daemon that idles between trades leaves pages untouched for seconds, and a kernel short
/// of memory (or one that reclaims cold memory on its own, as DAMON does on the machine the
/// benchmarks ran on) moves them out; the next trade then waits for a disk read, hundreds of
/// microseconds to milliseconds. Pages are locked as they are first touched (`MCL_ONFAULT`),
/// so locking costs no memory the process would not use anyway.
public enum MemoryLock {
    /// Locks the current and future pages; nil when done, else why not.
    ///
    /// Only with no limit to reach (`CAP_IPC_LOCK`, or an unlimited `RLIMIT_MEMLOCK`): under a
    /// finite limit, locking future pages would make the daemon's allocations fail once it
    /// grew past the limit, which is far worse than a page moved out.
    public static func lockResidentPages() -> String? {
        #if os(Linux)
        var limit = rlimit()
        getrlimit(__rlimit_resource_t(__RLIMIT_MEMLOCK.rawValue), &limit)
        guard limit.rlim_cur == rlim_t.max || hasIPCLockCapability() else {  // rlim_t.max: RLIM_INFINITY
            return "RLIMIT_MEMLOCK is \(limit.rlim_cur / 1024) KiB and there is no CAP_IPC_LOCK "
                + "(set LimitMEMLOCK=infinity or grant the capability)"
        }
        let onFault: Int32 = 4  // MCL_ONFAULT (Linux 4.4); older glibc headers lack the name
        guard mlockall(MCL_CURRENT | MCL_FUTURE | onFault) != 0 else { return nil }
        return "mlockall: \(String(cString: strerror(errno)))"
        #else
        return "memory locking is supported on Linux only"
        #endif
    }

    #if os(Linux)
    /// Bit 14 of the effective capability set in /proc/self/status.
    static func hasIPCLockCapability() -> Bool {
        guard let f = fopen("/proc/self/status", "r") else { return false }
        defer { fclose(f) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), f) != nil {
            let text = String(cString: line)
            guard text.hasPrefix("CapEff:") else { continue }
            let hex = text.dropFirst("CapEff:".count).trimmingCharacters(in: .whitespacesAndNewlines)
            return UInt64(hex, radix: 16).map { $0 & (1 << 14) != 0 } ?? false
        }
        return false
    }
    #endif
}
