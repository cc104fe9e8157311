import Foundation

/// Runs `body` on a thread of its own and awaits it. Seconds of pure computation in a test
/// would otherwise hold a thread of Swift's cooperative pool (two on CI's two cores) and stall
/// every other test's tasks meanwhile: the network tests' timeouts then fire for nothing.
public func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { (c: CheckedContinuation<T, any Error>) in
        let t = Thread {
            do { c.resume(returning: try body()) } catch { c.resume(throwing: error) }
        }
        t.stackSize = 8 << 20
        t.start()
    }
}
