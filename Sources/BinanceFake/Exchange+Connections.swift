extension Exchange {
    func openSession(_ r: RESTRequest, outlet: any WSOutlet) -> Int {
        let id = nextSessionId
        nextSessionId += 1
        let path = WSPath(r.path, query: r.query) ?? .api
        let s: WSConnection
        switch path {
        case .api:
            s = WSConnection(id: id, kind: .api, outlet: outlet, nowMs: now, lifetimeMs: limits.connectionLifetimeMs)
            s.returnRateLimits = r.param("returnRateLimits") != "false"
        case .streams(let combined, let initial):
            s = WSConnection(id: id, kind: .streams(combined: combined), outlet: outlet, nowMs: now,
                             lifetimeMs: limits.connectionLifetimeMs)
            s.streams = Array(initial.filter { Self.isStreamName($0) }.prefix(limits.streamsPerConnection))
        }
        sessions[id] = s
        counters.wsConnectionsOpened += 1
        return id
    }

    func sessionEnded(_ id: Int) {
        sessions[id]?.closed = true
        sessions[id] = nil
    }

    /// A frame from a client. On market streams every frame counts toward 5 a second (more
    /// drops the connection); a pong answers the pings up to the one whose payload it copies.
    func received(_ frame: WSInbound, session id: Int) {
        guard let s = sessions[id], !s.closed else { return }
        if case .streams = s.kind, !s.inbound.admit("in", limit: limits.streamMessagesPerSecond, nowMs: now) {
            counters.messageRateDrops += 1
            return drop(s)
        }
        switch frame {
        case .pong(let payload):
            counters.pongsReceived += 1
            if let i = s.unansweredPings.firstIndex(where: { $0.payload == payload }) { s.unansweredPings.removeFirst(i + 1) }
        case .text(let text):
            switch s.kind {
            case .streams: streamRequest(text, s)
            case .api: apiRequest(text, s)
            }
        case .ping, .binary:
            break
        }
    }

    /// Time-driven work, run by the housekeeping tick every few milliseconds of real time (and
    /// by `BinanceFake.tick()`): minutes close and kline streams update, connections are
    /// pinged, dropped without a pong, warned and closed at the end of their lifetime.
    func tick() {
        closeMinutes()
        let t = now
        for s in sessions.values.sorted(by: { $0.id < $1.id }) where !s.closed {
            if let oldest = s.unansweredPings.first, t - oldest.sentMs >= limits.pongTimeoutMs {
                counters.pongTimeouts += 1
                drop(s)
                continue
            }
            if !s.shutdownNoticeSent, t >= s.closeAtMs - limits.shutdownNoticeMs { sendShutdownNotice(s) }
            if t >= s.closeAtMs {
                counters.lifetimeCloses += 1
                close(s, code: 1001, reason: "")
                continue
            }
            if t - s.lastPingMs >= limits.pingIntervalMs {
                let payload = Array(String(t).utf8)
                s.lastPingMs = t
                s.unansweredPings.append((payload, t))
                s.outlet.ping(payload)
                counters.pingsSent += 1
            }
        }
        if let every = faults.dropEverySeconds, every > 0 {
            if lastPeriodicDropMs == nil { lastPeriodicDropMs = t }
            if t - lastPeriodicDropMs! >= every * 1000 {
                lastPeriodicDropMs = t
                dropAll()
            }
        } else {
            lastPeriodicDropMs = nil
        }
    }

    /// `serverShutdown`: on the WebSocket API `{"event":{…}}` without a subscription id, on
    /// combined streams `{"stream":"!serverShutdown","data":{…}}`, on raw streams the event.
    func sendShutdownNotice(_ s: WSConnection) {
        s.shutdownNoticeSent = true
        let event = JSON.object([("e", "serverShutdown"), ("E", .int(now))])
        let message: JSON = switch s.kind {
        case .api: .object([("event", event)])
        case .streams(combined: true): .object([("stream", "!serverShutdown"), ("data", event)])
        case .streams(combined: false): event
        }
        counters.serverShutdownsSent += 1
        send(message.text, to: s)
    }

    /// Every message to a client goes through here: the counters and the drop-after-N fault.
    func send(_ text: String, to s: WSConnection) {
        guard !s.closed else { return }
        s.outlet.send(text)
        s.sent += 1
        counters.wsMessagesSent += 1
        if let n = faults.dropAfterMessages, s.sent >= n { drop(s) }
    }

    func drop(_ s: WSConnection) {
        guard !s.closed else { return }
        s.closed = true
        s.outlet.drop()
        sessions[s.id] = nil
        counters.droppedConnections += 1
    }

    func close(_ s: WSConnection, code: UInt16, reason: String) {
        guard !s.closed else { return }
        s.closed = true
        s.outlet.close(code: code, reason: reason)
        sessions[s.id] = nil
    }

    func dropAll() {
        for s in sessions.values.sorted(by: { $0.id < $1.id }) { drop(s) }
    }
}
