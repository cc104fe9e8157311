import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A serial executor on an OS thread of its own, at a lower scheduling priority than the
/// cooperative pool: where bots whose events take long run (an isolated shard).
///
/// Moving a slow bot to another shard of the pool would not be enough: the pool has one thread
/// per core, so a millisecond of strategy on any of them is a millisecond a shard's trade may
/// wait for a thread. On a thread of its own, at a higher nice value, the kernel hands the core
/// back to a pool thread as soon as one has work, and the slow bot runs in what is left.
final class ThreadExecutor: SerialExecutor, @unchecked Sendable {
    /// Guards `jobs` and `closed`; the thread waits on it when there is nothing to run.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    /// `nice` is added to the thread's priority (Linux keeps a nice value per thread).
    init(name: String, nice: Int32) {
        let thread = Thread { [self] in
            #if canImport(Glibc)
            // `who` 0 is the calling thread on Linux; a failure leaves it at the normal
            // priority, which only costs the isolation part of its effect.
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, nice)
            #endif
            run()
        }
        thread.name = name
        thread.start()
    }

    /// Never returns: a shard lives as long as the process (its bots may move back to a new
    /// instance, never its thread).
    private func run() {
        let me = asUnownedSerialExecutor()
        var batch: [UnownedJob] = []
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            swap(&batch, &jobs)
            condition.unlock()
            for job in batch { job.runSynchronously(on: me) }
            batch.removeAll(keepingCapacity: true)
        }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor { UnownedSerialExecutor(ordinary: self) }
}
