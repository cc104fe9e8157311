/// OKX's REST limits as docs-v5 gives them ("Rate Limit" of each endpoint): requests per
/// two-second window, per User ID, or per User ID and instrument for the trade calls.
/// OKX sends no usage headers, so the client must count for itself.
struct OKXLimit: Hashable, Sendable {
    var requests: Int
    var perInstrument: Bool
}

enum OKXRateLimits {
    static let windowMs: Int64 = 2_000
    /// New and amended orders over the whole sub-account in a window (50061 beyond).
    static let accountOrders = 1_000

    static let table: [String: OKXLimit] = [
        "/api/v5/trade/order": OKXLimit(requests: 60, perInstrument: true),
        "/api/v5/trade/cancel-order": OKXLimit(requests: 60, perInstrument: true),
        "/api/v5/trade/amend-order": OKXLimit(requests: 60, perInstrument: true),
        "/api/v5/trade/orders-pending": OKXLimit(requests: 60, perInstrument: false),
        "/api/v5/trade/orders-history": OKXLimit(requests: 40, perInstrument: false),
        "/api/v5/trade/fills": OKXLimit(requests: 60, perInstrument: false),
        "/api/v5/trade/order-algo": OKXLimit(requests: 20, perInstrument: false),
        "/api/v5/trade/cancel-algos": OKXLimit(requests: 20, perInstrument: false),
        "/api/v5/trade/orders-algo-pending": OKXLimit(requests: 20, perInstrument: false),
        "/api/v5/trade/orders-algo-history": OKXLimit(requests: 20, perInstrument: false),
        "/api/v5/account/config": OKXLimit(requests: 5, perInstrument: false),
        "/api/v5/account/balance": OKXLimit(requests: 10, perInstrument: false),
        "/api/v5/account/positions": OKXLimit(requests: 10, perInstrument: false),
        "/api/v5/account/set-leverage": OKXLimit(requests: 20, perInstrument: false),
        "/api/v5/public/instruments": OKXLimit(requests: 20, perInstrument: false),
        "/api/v5/public/time": OKXLimit(requests: 10, perInstrument: false),
    ]

    /// `GET /trade/order` shares its path with placing (`POST`), but not its limit.
    static func limit(method: String, path: String) -> OKXLimit? {
        if method == "GET" && path == "/api/v5/trade/order" { return OKXLimit(requests: 60, perInstrument: true) }
        if method == "GET" && path == "/api/v5/trade/order-algo" { return OKXLimit(requests: 20, perInstrument: false) }
        return table[path]
    }
}

/// Sliding two-second windows on the venue's clock, one per limit key, shared by every bot of
/// the account. A request is counted when admitted; one that would not fit waits until the
/// oldest request of its window leaves it. `guardMs` widens each window: the venue counts
/// requests when they arrive, later than they leave here and not always equally later.
struct OKXWindows: Sendable {
    private var sent: [String: [Int64]] = [:]
    let guardMs: Int64

    init(guardMs: Int64 = 250) { self.guardMs = guardMs }

    /// Admits one request under `key` at `nowMs` if `limit` allows, else says how long to wait.
    mutating func admit(_ key: String, limit: Int, nowMs: Int64) -> Int64 {
        let window = OKXRateLimits.windowMs + guardMs
        var w = sent[key, default: []]
        w.removeAll { $0 <= nowMs - window }
        if w.count < limit {
            w.append(nowMs)
            sent[key] = w
            return 0
        }
        sent[key] = w
        return max(1, w[w.count - limit] + window - nowMs + 1)
    }

    /// Admits one request counted under every key of `keys` (each with its limit) if all
    /// allow it, else counts nothing and says how long to wait.
    mutating func admit(_ keys: [(String, Int)], nowMs: Int64) -> Int64 {
        let window = OKXRateLimits.windowMs + guardMs
        var wait: Int64 = 0
        for (key, limit) in keys {
            var w = sent[key, default: []]
            w.removeAll { $0 <= nowMs - window }
            sent[key] = w
            if w.count >= limit { wait = max(wait, w[w.count - limit] + window - nowMs + 1) }
        }
        guard wait == 0 else { return max(1, wait) }
        for (key, _) in keys { sent[key, default: []].append(nowMs) }
        return 0
    }

    /// Requests counted under `key` in the window ending at `nowMs`.
    func count(_ key: String, nowMs: Int64) -> Int {
        (sent[key] ?? []).filter { $0 > nowMs - (OKXRateLimits.windowMs + guardMs) }.count
    }
}
