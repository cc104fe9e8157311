extension Exchange {
    /// Whether a WebSocket handshake may go ahead: a known path, an IP neither banned nor over
    /// 300 attempts in 5 minutes, and for the WebSocket API the 2 weight a connection costs. A
    /// refusal is kept for `handle`, which answers the handshake with it.
    func admitConnection(_ r: RESTRequest) -> Bool {
        guard let path = WSPath(r.path, query: r.query) else { return false }
        var refusal = checkBan()
        if refusal == nil, !ip.connectAttempts.admit("connect", limit: limits.connectionsPer5Minutes, nowMs: now) {
            refusal = tooManyRequests(APIError(code: -1003, msg: "Too many connection attempts.", status: 429))
        }
        if refusal == nil, path == .api { refusal = chargeWeight(2) }
        guard let refusal else { return true }
        counters.refusedConnections += 1
        if let key = r.header("Sec-WebSocket-Key") { handshakeRefusals[key] = refusal }
        return false
    }

    /// The answer to a request on a WebSocket path that was not upgraded.
    func refusedHandshake(_ r: RESTRequest) -> RESTResponse {
        guard let key = r.header("Sec-WebSocket-Key"), let refusal = handshakeRefusals.removeValue(forKey: key) else {
            return RESTResponse(status: 400, body: "", contentType: "text/html", headers: weightHeaders(sapi: false))
        }
        return RESTResponse(status: refusal.error.status, body: refusal.error.json.text,
                            headers: weightHeaders(sapi: false) + [("Retry-After", String(retryAfterSeconds(until: refusal.retryAtMs)))])
    }
}
