import Foundation
import Synchronization

/// The fake's time in epoch milliseconds, owned by the test.
///
/// Everything in a fake that depends on time reads this clock and never the wall clock:
/// rate-limit windows and bans, the timestamp checks, WebSocket heartbeats, idle timeouts and
/// lifetimes, and the minute a candle belongs to. A test can freeze it, set it, step it, or let it run
/// faster than real time, so a thirty-second idle timeout takes a fraction of a second.
public final class FakeClock: Sendable {
    private struct State {
        var baseMs: Int64
        var anchor: ContinuousClock.Instant
        var rate: Double
    }

    private let state: Mutex<State>

    /// Starts at `startMs` (default: now on the wall clock), running at `rate` times real time.
    public init(startMs: Int64? = nil, rate: Double = 1) {
        let start = startMs ?? Int64(Date().timeIntervalSince1970 * 1000)
        state = Mutex(State(baseMs: start, anchor: .now, rate: rate))
    }

    public var nowMs: Int64 {
        state.withLock { s in s.baseMs + Self.elapsedMs(since: s.anchor, rate: s.rate) }
    }

    /// Seconds since the epoch (OKX's WebSocket login writes its timestamp so).
    public var nowSeconds: Int64 { nowMs / 1000 }

    /// Jumps to `ms`, keeping the current rate.
    public func set(_ ms: Int64) {
        state.withLock { s in
            s.baseMs = ms
            s.anchor = .now
        }
    }

    /// Moves the clock forward (or back, with a negative step).
    public func advance(by ms: Int64) {
        state.withLock { s in
            s.baseMs += Self.elapsedMs(since: s.anchor, rate: s.rate) + ms
            s.anchor = .now
        }
    }

    /// Runs at `rate` times real time from now on; 0 freezes the clock.
    public func run(rate: Double) {
        state.withLock { s in
            s.baseMs += Self.elapsedMs(since: s.anchor, rate: s.rate)
            s.anchor = .now
            s.rate = rate
        }
    }

    public func freeze() { run(rate: 0) }

    public var rate: Double { state.withLock { $0.rate } }

    private static func elapsedMs(since anchor: ContinuousClock.Instant, rate: Double) -> Int64 {
        guard rate != 0 else { return 0 }
        let d = ContinuousClock.now - anchor
        let ms = Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
        return Int64((ms * rate).rounded(.down))
    }
}
