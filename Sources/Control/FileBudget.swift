import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// How many files botd may open, and how many of them its clients may hold.
///
/// Running out of file descriptors is fatal here, not just a refused connection: libdispatch,
/// which runs Swift's tasks on Linux, checks its worker threads by opening
/// /proc/self/task/TID/stat and aborts (an illegal instruction) when it cannot. So botd never
/// lets clients take the last descriptors: connections beyond the budget are refused while
/// there are still descriptors to refuse them with.
public enum FileBudget {
    /// Descriptors kept free for everything but clients: SQLite's temporary files, the
    /// journal, log files, libdispatch's checks, and the refusals themselves.
    public static let reserve = 48

    /// Raises the soft limit on open files to the hard one (daemons commonly do: the soft
    /// default of 1,024 is meant for interactive programs) and returns the limit in force.
    public static func raiseLimit() -> Int {
        var l = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &l) == 0 else { return 1024 }
        if l.rlim_cur < l.rlim_max {
            var raised = l
            raised.rlim_cur = l.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { l = raised }
        }
        return l.rlim_cur > rlim_t(Int32.max) ? Int(Int32.max) : Int(l.rlim_cur)
    }

    /// Descriptors open now.
    public static func openNow() -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? 0
    }

    /// The control clients botd can serve at once: what is asked, or less when the files
    /// left after `others` (other servers' clients) and the reserve would not hold them.
    public static func controlClients(asked: Int, limit: Int, openNow: Int, others: Int) -> Int {
        max(1, min(asked, limit - openNow - reserve - others))
    }
}
