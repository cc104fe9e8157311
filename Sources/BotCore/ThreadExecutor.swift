import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A serial executor on an OS thread of its own, for work that must not hold a thread of the
/// cooperative pool (one per core, two here):
///
/// - the store: SQLite blocks (on another process's lock, on a checkpoint that holds writers
///   back, on the disk), and a blocked pool thread would stall every bot that shares it;
/// - an isolated shard: bots whose events take long. On a shard of the pool, a millisecond of
///   strategy is a millisecond a shard's trade may wait for a thread; on a thread of its own at
///   a higher nice value, the kernel hands the core back to a pool thread as soon as one has
///   work, and the slow bots run in what is left.
public final class ThreadExecutor: SerialExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var stopping = false

    /// `nice` is added to the thread's scheduling priority (Linux keeps one per thread).
    public init(name: String, nice: Int32 = 0) {
        let t = Thread { [self] in
            #if canImport(Glibc)
            // `who` 0 is the calling thread on Linux. A failure leaves it at the normal
            // priority: slower bots then compete evenly, which only weakens their isolation.
            if nice != 0 { _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, nice) }
            #endif
            run()
        }
        t.name = name
        t.start()
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Ends the thread once the jobs already queued have run.
    public func shutdown() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    private func run() {
        let me = asUnownedSerialExecutor()
        var batch: [UnownedJob] = []
        while true {
            condition.lock()
            while jobs.isEmpty && !stopping { condition.wait() }
            if jobs.isEmpty && stopping {
                condition.unlock()
                return
            }
            swap(&batch, &jobs)
            condition.unlock()
            for job in batch { job.runSynchronously(on: me) }
            batch.removeAll(keepingCapacity: true)
        }
    }

    public func asUnownedSerialExecutor() -> UnownedSerialExecutor { UnownedSerialExecutor(ordinary: self) }
}
