import BinanceWire

/// Binance's limits as the client keeps them, so that no request leaves that would break one:
/// request weight per minute (per IP: every account on this machine shares it), unfilled
/// orders per 10 s and per day (per account), and the back-off a 429 or a 418 ordered.
///
/// Binance counts in fixed windows (the minute, the 10 s, the day, on its clock) and says in
/// every answer what the window holds (`X-MBX-USED-WEIGHT-1M`, `X-MBX-ORDER-COUNT-10S`/`-1D`):
/// a window here holds the larger of what this client admitted in it and what Binance last
/// said plus what is still on its way (other programs on the IP spend weight too; the latest
/// answer is the latest count). A request admitted near a window's end may land in the next
/// one, so what is in flight when a window turns is counted in the new one too. A pure state
/// machine: the caller supplies the time (venue ms) and waits as told.
public struct BinanceLimitBook: Sendable {
    /// One of Binance's fixed windows.
    public struct Window: Sendable, Equatable {
        public let lengthMs: Int64
        public let limit: Int
        var index: Int64 = .min
        /// What this client admitted in the window, and what Binance last said it held plus
        /// what was then still on its way.
        var admitted = 0
        var reported = 0
        /// Answered after the window's end, before this client moved on: Binance may have
        /// counted them, and the header it sent, in the next window.
        var late = 0
        var lateReported = 0

        public var used: Int { max(admitted, reported) }

        public init(lengthMs: Int64, limit: Int) {
            self.lengthMs = lengthMs
            self.limit = limit
        }

        /// Moves to the window `nowMs` falls in; the next one starts with what is in flight and
        /// what was answered late in this one.
        mutating func roll(_ nowMs: Int64, inFlight: Int) {
            let i = nowMs >= 0 ? nowMs / lengthMs : (nowMs - lengthMs + 1) / lengthMs
            if i != index {
                let next = i == index + 1
                admitted = inFlight + (next ? late : 0)
                reported = next ? lateReported : 0
                index = i
                late = 0
                lateReported = 0
            }
        }

        /// An answer to `n` admitted here, at `nowMs`, with Binance's count `said` (plus what is
        /// still in flight) if it gave one.
        mutating func answered(_ n: Int, said: Int?, nowMs: Int64) {
            if nowMs >= endMs() {
                late += n
                if let said { lateReported = max(lateReported, said) }
            } else if let said {
                reported = said
            }
        }

        func endMs() -> Int64 { (index + 1) * lengthMs }

        /// A request admitted: on both counts (Binance's, as last said, has not seen it yet).
        mutating func add(_ n: Int) {
            admitted += n
            reported += n
        }
    }

    /// What `admit` decided: go (with the ticket to hand back), or wait until a time.
    public enum Decision: Sendable, Equatable {
        case go(Ticket)
        case waitUntil(Int64)
    }

    public struct Ticket: Sendable, Equatable {
        public let weight: Int
        public let orders: Int
    }

    public private(set) var weight: Window
    public private(set) var ordersShort: Window
    public private(set) var ordersDaily: Window
    /// Until when (venue ms) nothing may be sent, after a 429 or a 418.
    public private(set) var backoff: BinanceBackoff?
    var weightInFlight = 0
    var ordersInFlight = 0
    /// How long after a window's end (on our reading of the venue's clock) it is taken to have
    /// turned: the measured clock offset is off by up to half a round trip, and a request
    /// admitted in a new window that Binance still counts in the old one is refused.
    public let guardMs: Int64
    /// The guard the clients use: a round trip's half is tens of ms; a quarter second spares
    /// a slow one, at 2.5 % of a 10 s window.
    public static let clockGuardMs: Int64 = 250

    /// The limits as `exchangeInfo.rateLimits` gives them (these defaults are the documented
    /// ones: 6,000 weight a minute; the order counts are an account's to read).
    public init(weightPerMinute: Int = 6_000, ordersPer10s: Int = 50, ordersPerDay: Int = 160_000, guardMs: Int64 = 0) {
        self.guardMs = guardMs
        weight = Window(lengthMs: 60_000, limit: weightPerMinute)
        ordersShort = Window(lengthMs: 10_000, limit: ordersPer10s)
        ordersDaily = Window(lengthMs: 86_400_000, limit: ordersPerDay)
    }

    /// Admits a request of `weight` that places `orders` new orders (0 or 1), or says until
    /// when to wait (then ask again).
    public mutating func admit(weight w: Int, orders: Int = 0, nowMs: Int64) -> Decision {
        if let b = backoff, !b.allows(nowMs: nowMs) { return .waitUntil(b.untilMs) }
        roll(nowMs)
        if weight.used + w > weight.limit { return .waitUntil(weight.endMs() + guardMs) }
        if orders > 0 {
            if ordersShort.used + orders > ordersShort.limit { return .waitUntil(ordersShort.endMs() + guardMs) }
            if ordersDaily.used + orders > ordersDaily.limit { return .waitUntil(ordersDaily.endMs() + guardMs) }
        }
        weight.add(w)
        weightInFlight += w
        ordersShort.add(orders)
        ordersDaily.add(orders)
        ordersInFlight += orders
        return .go(Ticket(weight: w, orders: orders))
    }

    /// The answer to an admitted request (or its failure, with no headers): what Binance said
    /// its windows hold, and any back-off it ordered.
    public mutating func answered(_ t: Ticket, headers: BinanceLimitHeaders?, backoff b: BinanceBackoff?, nowMs: Int64) {
        weightInFlight -= t.weight
        ordersInFlight -= t.orders
        roll(nowMs)
        weight.answered(t.weight, said: headers?.usedWeightPerMinute.map { $0 + weightInFlight }, nowMs: nowMs)
        ordersShort.answered(t.orders, said: headers?.orderCount[.tenSeconds].map { $0 + ordersInFlight }, nowMs: nowMs)
        ordersDaily.answered(t.orders, said: headers?.orderCount[.oneDay].map { $0 + ordersInFlight }, nowMs: nowMs)
        if let b { backoff = b.merged(with: backoff) }
    }

    /// Applies the limits `exchangeInfo` published (they may differ from the defaults).
    public mutating func setLimits(weightPerMinute: Int?, ordersPer10s: Int?, ordersPerDay: Int?) {
        if let n = weightPerMinute { weight = Window(lengthMs: 60_000, limit: n) }
        if let n = ordersPer10s { ordersShort = Window(lengthMs: 10_000, limit: n) }
        if let n = ordersPerDay { ordersDaily = Window(lengthMs: 86_400_000, limit: n) }
    }

    mutating func roll(_ nowMs: Int64) {
        let t = nowMs - guardMs
        weight.roll(t, inFlight: weightInFlight)
        ordersShort.roll(t, inFlight: ordersInFlight)
        ordersDaily.roll(t, inFlight: ordersInFlight)
    }
}
