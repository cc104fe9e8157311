extension BinanceFake {
    /// What the fake has counted so far.
    public var counters: Counters { core.with { $0.counters } }

    public func resetCounters() { core.with { $0.counters = Counters() } }

    /// Changes the fault switches.
    public func faults(_ change: (inout Faults) -> Void) {
        var f = core.with { $0.faults }
        change(&f)
        let changed = f
        core.with { $0.faults = changed }
    }

    /// Changes the limits (lower them so a test reaches them with a handful of requests).
    public func setLimits(_ change: (inout Limits) -> Void) {
        var l = core.with { $0.limits }
        change(&l)
        let changed = l
        core.with { $0.limits = changed }
    }

    /// Forgets the IP's weight, its 429 back-off and bans, the connection attempts, and every
    /// account's unfilled-order counts.
    public func resetRateLimits() {
        core.with { x in
            x.ip = IPLimits()
            for a in x.accounts.values {
                a.orders10s = FixedWindowCounter(lengthMs: 10_000)
                a.ordersDay = FixedWindowCounter(lengthMs: 86_400_000)
            }
        }
    }

    /// Until when (fake ms) the IP is banned, if it is.
    public var bannedUntilMs: Int64? {
        core.with { x in x.ip.bannedUntilMs.flatMap { $0 > x.now ? $0 : nil } }
    }

    /// Sends `serverShutdown` on every open WebSocket connection now, and closes them all
    /// `afterMs` later on the fake's clock (as before maintenance).
    public func announceShutdown(afterMs: Int64) {
        core.with { x in
            for s in x.sessions.values.sorted(by: { $0.id < $1.id }) where !s.closed {
                s.closeAtMs = min(s.closeAtMs, x.now + afterMs)
                if !s.shutdownNoticeSent { x.sendShutdownNotice(s) }
            }
        }
    }

    /// Sends a malformed frame on every open WebSocket connection.
    public func sendMalformedFrame(_ kind: MalformedFrame) {
        core.with { x in
            for s in x.sessions.values where !s.closed {
                s.outlet.send(malformed: kind, truncatedJSON: #"{"stream":"btcusdt@trade","data":{"e":"trade","E":17000"#)
                x.counters.malformedFrames += 1
            }
        }
    }

    /// Open WebSocket connections.
    public var connectionCount: Int { core.with { $0.sessions.count } }
}
