import Synchronization

/// Wakes one waiting loop when there is work (an update stored, a message queued), or lets it
/// wake by itself after a while: a loop never misses a signal given while it was busy (the
/// signal is kept until the next wait), and never sleeps longer than it asked.
final class Wakeup: Sendable {
    private struct State {
        var signalled = false
        var waiter: (id: Int, continuation: CheckedContinuation<Void, Never>)?
        var nextID = 0
    }

    private let state = Mutex(State())

    func signal() {
        let c = state.withLock { s -> CheckedContinuation<Void, Never>? in
            guard let w = s.waiter else {
                s.signalled = true
                return nil
            }
            s.waiter = nil
            return w.continuation
        }
        c?.resume()
    }

    /// Returns at the first signal (at once if one came since the last wait), after `limit`,
    /// or when the task is cancelled.
    func wait(upTo limit: Duration) async {
        await withTaskGroup(of: Void.self) { g in
            g.addTask { await self.next() }
            g.addTask { try? await Task.sleep(for: limit) }
            _ = await g.next()
            g.cancelAll()
        }
    }

    private func next() async {
        let id = state.withLock { s in
            s.nextID += 1
            return s.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                let now = state.withLock { s -> Bool in
                    if s.signalled || Task.isCancelled {
                        s.signalled = false
                        return true
                    }
                    s.waiter = (id, c)
                    return false
                }
                if now { c.resume() }
            }
        } onCancel: {
            let c = state.withLock { s -> CheckedContinuation<Void, Never>? in
                guard let w = s.waiter, w.id == id else { return nil }
                s.waiter = nil
                return w.continuation
            }
            c?.resume()
        }
    }
}
