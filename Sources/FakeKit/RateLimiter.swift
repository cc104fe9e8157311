/// Sliding windows on a fake's clock, one per limit key (an endpoint and a user, an IP, a
/// connection). A request refused does not count toward the window, so a client that waits
/// has its quota back one window after the requests it was allowed.
public struct RateLimiter: Sendable {
    /// The window `admit` and `wouldAdmit` use when not told otherwise.
    public let windowMs: Int64
    private var windows: [String: [Int64]] = [:]

    public init(windowMs: Int64) {
        self.windowMs = windowMs
    }

    /// Whether one more request under `key` fits `limit` per window at `nowMs`; counts it if so.
    public mutating func admit(_ key: String, limit: Int, windowMs: Int64? = nil, nowMs: Int64) -> Bool {
        let span = windowMs ?? self.windowMs
        var w = windows[key, default: []]
        w.removeAll { $0 <= nowMs - span || $0 > nowMs }
        guard w.count < limit else {
            windows[key] = w
            return false
        }
        w.append(nowMs)
        windows[key] = w
        return true
    }

    /// Whether `admit` would succeed now, without counting anything.
    public func wouldAdmit(_ key: String, limit: Int, windowMs: Int64? = nil, nowMs: Int64) -> Bool {
        let span = windowMs ?? self.windowMs
        return (windows[key] ?? []).filter { $0 > nowMs - span && $0 <= nowMs }.count < limit
    }

    public mutating func reset() { windows = [:] }
}
