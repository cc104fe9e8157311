import Synchronization

/// Waits at most `limit` for `body`: the answer, or nil when the time ran out first. The work
/// itself goes on (a statement blocked in SQLite cannot be called back); only the wait ends,
/// so a client is answered even while the database is held by another process.
func answer<T: Sendable>(within limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T? {
    let once = Once<T?>()
    return try await withCheckedThrowingContinuation { (c: CheckedContinuation<T?, any Error>) in
        once.set(c)
        let timer = Task {
            // Cancelled means the answer came first.
            guard (try? await Task.sleep(for: limit)) != nil else { return }
            once.resume(.success(nil))
        }
        Task {
            let r: Result<T?, any Error>
            do { r = .success(try await body()) } catch { r = .failure(error) }
            once.resume(r)
            timer.cancel()
        }
    }
}

/// A continuation resumed by whichever side finishes first.
private final class Once<T: Sendable>: Sendable {
    private let continuation = Mutex<CheckedContinuation<T, any Error>?>(nil)

    func set(_ c: CheckedContinuation<T, any Error>) { continuation.withLock { $0 = c } }

    func resume(_ r: Result<T, any Error>) {
        continuation.withLock { c in
            c?.resume(with: r)
            c = nil
        }
    }
}
