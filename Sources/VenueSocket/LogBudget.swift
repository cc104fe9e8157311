/// At most `perMinute` log lines a minute for one kind of trouble; the rest are counted, and
/// the next line allowed says how many were not logged. A venue stream's bad frames or
/// drops can come by the thousand; its log must not.
public struct LogBudget: Sendable {
    public let perMinute: Int
    private var windowStart: ContinuousClock.Instant?
    private var used = 0
    private var suppressed = 0

    public init(perMinute: Int) { self.perMinute = perMinute }

    /// Nil when this one is not to be logged; else how many were not logged before it.
    public mutating func admit(now: ContinuousClock.Instant = .now) -> Int? {
        if windowStart.map({ now - $0 >= .seconds(60) }) ?? true {
            windowStart = now
            used = 0
        }
        guard used < perMinute else {
            suppressed += 1
            return nil
        }
        used += 1
        defer { suppressed = 0 }
        return suppressed
    }
}
