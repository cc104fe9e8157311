import Synchronization

/// Tells followers of the event log that events were committed, so they read by cursor when
/// there is something to read instead of polling.
///
/// It holds only the highest committed sequence number, never events: a follower that wakes
/// reads whatever is after its cursor, so a burst of commits while it was busy costs one
/// read, and a commit between its last read and its wait is seen at once (the wait compares
/// against the number, which is set before anyone is woken). No wakeup can be lost.
public final class EventLogSignal: Sendable {
    struct Waiter {
        var id: UInt64
        var after: Int64
        var continuation: CheckedContinuation<Bool, Never>
    }

    struct State {
        var last: Int64
        var closed = false
        var waiters: [Waiter] = []
        var nextID: UInt64 = 0
    }

    let state: Mutex<State>
    /// Called after a waiter is registered (see `Store.wakeJournal`).
    let waiting = Mutex<(@Sendable () -> Void)?>(nil)

    public init(last: Int64 = 0) { state = Mutex(State(last: last)) }

    /// Whether anyone is waiting for events now.
    var hasWaiters: Bool { state.withLock { !$0.waiters.isEmpty } }

    func onWaiting(_ hook: @escaping @Sendable () -> Void) { waiting.withLock { $0 = hook } }

    /// The highest committed sequence number published so far.
    public var last: Int64 { state.withLock { $0.last } }

    public var isClosed: Bool { state.withLock { $0.closed } }

    /// Events up to `seq` are committed: wakes everyone waiting for something before it.
    /// Only ever called after the commit, never for a transaction that rolled back (its
    /// numbers are given out again).
    public func publish(_ seq: Int64) {
        let ready = state.withLock { s -> [Waiter] in
            guard seq > s.last else { return [] }
            s.last = seq
            let ready = s.waiters.filter { $0.after < seq }
            s.waiters.removeAll { $0.after < seq }
            return ready
        }
        for w in ready { w.continuation.resume(returning: true) }
    }

    /// No more events will come (the store closed): waiters with nothing left to read return.
    public func close() {
        let waiting = state.withLock { s -> [Waiter] in
            s.closed = true
            defer { s.waiters.removeAll() }
            return s.waiters
        }
        for w in waiting { w.continuation.resume(returning: false) }
    }

    /// Returns true once an event after `seq` is committed (at once if one is); false when
    /// the log is closed with nothing after `seq`, or the task is cancelled.
    public func wait(after seq: Int64) async -> Bool {
        let id = state.withLock { s in
            s.nextID += 1
            return s.nextID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Bool, Never>) in
                // Cancellation is set before its handler runs: checked under the lock, it is
                // seen either here or by the handler, which then finds the waiter.
                let now: Bool? = state.withLock { s in
                    if s.last > seq { return true }
                    if s.closed || Task.isCancelled { return false }
                    s.waiters.append(Waiter(id: id, after: seq, continuation: c))
                    return nil
                }
                if let now { c.resume(returning: now) } else if let hook = waiting.withLock({ $0 }) { hook() }
            }
        } onCancel: {
            let w = state.withLock { s -> Waiter? in
                guard let i = s.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return s.waiters.remove(at: i)
            }
            w?.continuation.resume(returning: false)
        }
    }
}
