/// A token bucket: `burst` tokens, refilled at `perSecond`. Time is passed in (monotonic
/// seconds), so the bucket itself is a pure value that tests drive without sleeping.
public struct TokenBucket: Sendable {
    public let perSecond: Double
    public let burst: Double
    private var tokens: Double
    private var last: Double?

    public init(perSecond: Double, burst: Int) {
        self.perSecond = perSecond
        self.burst = Double(burst)
        tokens = Double(burst)
    }

    /// Takes a token at time `now`; returns how long to wait first (0 when one was free).
    /// The token is reserved either way, so waiters are served in call order.
    public mutating func take(now: Double) -> Double {
        if let last { tokens = min(burst, tokens + (now - last) * perSecond) }
        last = now
        tokens -= 1
        return tokens >= 0 ? 0 : -tokens / perSecond
    }
}

private let origin = ContinuousClock.now

/// Monotonic seconds since the process's first use of the runtime clock.
func monotonicSeconds() -> Double {
    let d = origin.duration(to: .now)
    return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

/// Monotonic nanoseconds, for timing a strategy's events (a vDSO call, about 20 ns).
@inline(__always)
func monotonicNanos() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
