/// What Binance keeps per IP (every client of the fake is 127.0.0.1): request weight in
/// fixed minutes, the back-off a 429 ordered, bans, and WebSocket connection attempts.
struct IPLimits {
    var weight = FixedWindowCounter(lengthMs: 60_000)
    /// The wallet endpoints (`/sapi`) count against a limit of their own.
    var sapiWeight = FixedWindowCounter(lengthMs: 60_000)
    /// Until when the last 429 told the IP to wait, and how many requests came anyway.
    var retryAfterUntilMs: Int64?
    var strikes = 0
    var bannedUntilMs: Int64?
    /// Bans so far: each one lasts twice the one before.
    var bans = 0
    var connectAttempts = RateLimiter(windowMs: 300_000)
}

/// A refusal for a limit, with the time the client may try again (epoch ms).
struct LimitRefusal: Error {
    var error: APIError
    var retryAtMs: Int64
}

extension Exchange {
    /// 418 while banned; a request sent while a 429's Retry-After runs is a strike (answered
    /// 429 again), and one strike too many starts a ban.
    func checkBan() -> LimitRefusal? {
        let t = now
        if let until = ip.bannedUntilMs {
            if t < until {
                counters.bannedRequests += 1
                return LimitRefusal(error: .banned(untilMs: until), retryAtMs: until)
            }
            ip.bannedUntilMs = nil
        }
        guard let until = ip.retryAfterUntilMs, t < until else { return nil }
        ip.strikes += 1
        guard ip.strikes > limits.toleratedAfter429 else {
            return LimitRefusal(error: .weight(limit: limits.weightPerMinute), retryAtMs: until)
        }
        let length = min(limits.firstBanMs << Int64(min(ip.bans, 30)), limits.maxBanMs)
        ip.bans += 1
        ip.bannedUntilMs = t + length
        ip.retryAfterUntilMs = nil
        ip.strikes = 0
        counters.bans += 1
        counters.bannedRequests += 1
        return LimitRefusal(error: .banned(untilMs: t + length), retryAtMs: t + length)
    }

    /// Charges `weight` to the IP's minute. Beyond the limit the request is refused (429) and
    /// its weight still counts, as the header then shows.
    func chargeWeight(_ weight: Int) -> LimitRefusal? {
        let used = ip.weight.add(weight, at: now)
        counters.maxWeightPerMinute = max(counters.maxWeightPerMinute, used)
        guard used > limits.weightPerMinute else { return nil }
        counters.weightLimited += 1
        return tooManyRequests(.weight(limit: limits.weightPerMinute))
    }

    /// A 429 lasting to the end of the current minute, from which sending on counts as strikes.
    func tooManyRequests(_ e: APIError) -> LimitRefusal {
        let until = ip.weight.windowEnd(after: now)
        if (ip.retryAfterUntilMs ?? .min) < until {
            ip.retryAfterUntilMs = until
            ip.strikes = 0
        }
        return LimitRefusal(error: e, retryAtMs: until)
    }

    /// Successful order calls cost no weight (since 2026-04-02): the charge is taken back.
    func refundWeight(_ weight: Int) { ip.weight.add(-weight, at: now) }

    var usedWeight: Int { ip.weight.used(at: now) }

    /// `Retry-After`: whole seconds until `ms`, at least 1.
    func retryAfterSeconds(until ms: Int64) -> Int { Int(max(1, (ms - now + 999) / 1000)) }
}
