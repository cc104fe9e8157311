/// Sliding two-second windows on the fake's clock, one per limit key (endpoint and User ID,
/// Instrument ID or IP as the endpoint's "Rate limit rule" says). A request refused does not
/// count toward the window, as a client that waits has its quota back two seconds after the
/// requests it was allowed.
struct RateLimiter {
    static let windowMs: Int64 = 2000
    private var windows: [String: [Int64]] = [:]

    /// Whether one more request under `key` fits `limit` per window at `nowMs`; counts it if so.
    mutating func admit(_ key: String, limit: Int, windowMs: Int64 = windowMs, nowMs: Int64) -> Bool {
        var w = windows[key, default: []]
        w.removeAll { $0 <= nowMs - windowMs || $0 > nowMs }
        guard w.count < limit else {
            windows[key] = w
            return false
        }
        w.append(nowMs)
        windows[key] = w
        return true
    }

    /// Whether `admit` would succeed now, without counting anything.
    func wouldAdmit(_ key: String, limit: Int, windowMs: Int64 = windowMs, nowMs: Int64) -> Bool {
        (windows[key] ?? []).filter { $0 > nowMs - windowMs && $0 <= nowMs }.count < limit
    }

    mutating func reset() { windows = [:] }
}
