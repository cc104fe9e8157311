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
        "/api/v5/trade/fills-history": OKXLimit(requests: 10, perInstrument: false),
        "/api/v5/trade/order-algo": OKXLimit(requests: 20, perInstrument: false),
        "/api/v5/trade/cancel-algos": OKXLimit(requests: 20, perInstrument: false),
        "/api/v5/trade/orders-algo-pending": OKXLimit(requests: 20, perInstrument: false),
        "/api/v5/trade/orders-algo-history": OKXLimit(requests: 20, perInstrument: false),
        "/api/v5/account/config": OKXLimit(requests: 5, perInstrument: false),
        "/api/v5/account/balance": OKXLimit(requests: 10, perInstrument: false),
        "/api/v5/account/positions": OKXLimit(requests: 10, perInstrument: false),
        "/api/v5/account/set-leverage": OKXLimit(requests: 20, perInstrument: false),
        // 5 per second: as 5 per 2 s, since two seconds' worth could otherwise land in one.
        "/api/v5/account/bills": OKXLimit(requests: 5, perInstrument: false),
        // Public, per IP: paced by `OKXPublicPacer` for the whole process.
        "/api/v5/public/instruments": OKXLimit(requests: 20, perInstrument: false),
        "/api/v5/public/time": OKXLimit(requests: 10, perInstrument: false),
        "/api/v5/market/candles": OKXLimit(requests: 40, perInstrument: false),
        "/api/v5/market/history-candles": OKXLimit(requests: 20, perInstrument: false),
        "/api/v5/public/funding-rate-history": OKXLimit(requests: 10, perInstrument: false),
    ]

    /// `GET /trade/order` shares its path with placing (`POST`), but not its limit.
    static func limit(method: String, path: String) -> OKXLimit? {
        if method == "GET" && path == "/api/v5/trade/order" { return OKXLimit(requests: 60, perInstrument: true) }
        if method == "GET" && path == "/api/v5/trade/order-algo" { return OKXLimit(requests: 20, perInstrument: false) }
        return table[path]
    }
}

/// OKX's two-second windows, kept so that no arrival pattern can exceed them.
///
/// OKX counts a request when it arrives; we know only when we sent it and when its answer
/// came, and between the two a loaded machine or network may hold it for any time. So a
/// request holds its slot from when it is sent until two seconds after its answer (or its
/// failure): any window of OKX's that counts it lies inside that span, and as no more than
/// `limit` spans overlap at any instant, no window of OKX's can hold more than `limit`
/// requests, however their delays vary. The cost is one round trip per slot.
struct OKXWindows: Sendable {
    /// Per limit key: when each slot frees (ms on the machine's clock, never on our estimate of
    /// OKX's, which jumps at each re-measurement); `.max` while its request is in flight.
    private var slots: [String: [Int64]] = [:]
    private var nextTicket = 0
    private var tickets: [Int: [(key: String, index: Int64)]] = [:]
    /// Added to each window: clocks a few milliseconds apart.
    let guardMs: Int64

    init(guardMs: Int64 = 50) { self.guardMs = guardMs }

    /// Takes a slot under every key of `keys` (each with its limit) if all have one free at
    /// `nowMs`, returning the ticket to release it with; else how long to wait (ms) before
    /// asking again.
    mutating func admit(_ keys: [(String, Int)], nowMs: Int64) -> (ticket: Int?, waitMs: Int64) {
        var wait: Int64 = 0
        for (key, limit) in keys {
            var s = slots[key, default: []]
            s.removeAll { $0 <= nowMs }
            slots[key] = s
            guard s.count >= limit else { continue }
            // The soonest that frees; a full window of requests in flight is asked about again shortly.
            let soonest = s.min() ?? .max
            wait = max(wait, soonest == .max ? 5 : soonest - nowMs)
        }
        guard wait == 0 else { return (nil, max(1, wait)) }
        nextTicket += 1
        var held: [(String, Int64)] = []
        for (key, _) in keys {
            slots[key, default: []].append(.max)
            held.append((key, Int64(nextTicket)))
        }
        tickets[nextTicket] = held.map { (key: $0.0, index: $0.1) }
        return (nextTicket, 0)
    }

    /// The request of `ticket` was answered (or failed) at `nowMs`: its slots free a window later.
    mutating func release(_ ticket: Int, nowMs: Int64) {
        guard let held = tickets.removeValue(forKey: ticket) else { return }
        for (key, _) in held {
            if let i = slots[key]?.firstIndex(of: .max) {
                slots[key]![i] = nowMs + OKXRateLimits.windowMs + guardMs
            }
        }
    }

    /// Slots taken under `key` at `nowMs`.
    func count(_ key: String, nowMs: Int64) -> Int { (slots[key] ?? []).filter { $0 > nowMs }.count }
}
