/// A count in fixed windows aligned to the epoch on a fake's clock (the minute, the ten
/// seconds, the day), as Binance keeps request weight and order counts: everything in a
/// window is forgotten at once when the next one starts, and a client can read how much of
/// the current one it has used.
public struct FixedWindowCounter: Sendable, Equatable {
    public let lengthMs: Int64
    /// The window the count belongs to (`floor(ms / lengthMs)`).
    public private(set) var index: Int64 = .min
    public private(set) var count = 0

    public init(lengthMs: Int64) {
        precondition(lengthMs > 0, "a window needs a length")
        self.lengthMs = lengthMs
    }

    static func index(_ ms: Int64, _ length: Int64) -> Int64 {
        ms >= 0 ? ms / length : (ms - length + 1) / length
    }

    /// What the window holding `nowMs` has counted so far.
    public func used(at nowMs: Int64) -> Int {
        Self.index(nowMs, lengthMs) == index ? count : 0
    }

    /// Adds `n` (negative to take back, never below zero) to the window holding `nowMs`;
    /// returns the window's new count.
    @discardableResult
    public mutating func add(_ n: Int, at nowMs: Int64) -> Int {
        let i = Self.index(nowMs, lengthMs)
        if i != index {
            index = i
            count = 0
        }
        count = max(0, count + n)
        return count
    }

    /// When the window holding `nowMs` ends, epoch ms.
    public func windowEnd(after nowMs: Int64) -> Int64 { (Self.index(nowMs, lengthMs) + 1) * lengthMs }

    /// The window index of `nowMs`.
    public func windowIndex(at nowMs: Int64) -> Int64 { Self.index(nowMs, lengthMs) }
}
