extension Venue {
    /// Whether a WebSocket handshake may go ahead: 3 connection requests per second per IP.
    func admitConnection() -> Bool {
        guard limiter.admit("ws-connect|127.0.0.1", limit: wsConnectLimit, windowMs: 1000, nowMs: now) else {
            counters.refusedConnections += 1
            return false
        }
        return true
    }

    func openSession(service: WSService, outlet: any WSOutlet) -> Int {
        let id = nextSessionId
        nextSessionId += 1
        sessions[id] = WSSession(id: id, service: service, outlet: outlet, nowMs: now)
        counters.wsConnectionsOpened += 1
        return id
    }

    func sessionEnded(_ id: Int) {
        sessions[id]?.closed = true
        sessions[id] = nil
    }

    /// Time-driven work, run by the housekeeping task every few milliseconds of real time
    /// (and by `OKXFake.tick()`): candle minutes close, idle connections close with 4004, and
    /// the periodic drop fault fires.
    func tick() {
        closeCandles()
        bookHeartbeats()
        let t = now
        for s in sessions.values.sorted(by: { $0.id < $1.id }) where !s.closed {
            // "The connection will break automatically if the subscription is not established
            // or data has not been pushed for more than 30 seconds": nothing either way.
            if t - max(s.lastInboundMs, s.lastOutboundMs) > 30_000 {
                s.closed = true
                s.outlet.close(code: 4004, reason: "No data received in 30s")
                sessions[s.id] = nil
                counters.idleCloses += 1
            }
        }
        if let every = faults.dropEverySeconds, every > 0 {
            let last = lastPeriodicDropMs ?? t
            if lastPeriodicDropMs == nil { lastPeriodicDropMs = t }
            if t - last >= every * 1000 {
                lastPeriodicDropMs = t
                dropAll()
            }
        } else {
            lastPeriodicDropMs = nil
        }
    }

    func dropAll() {
        for s in sessions.values.sorted(by: { $0.id < $1.id }) { drop(s) }
    }
}
