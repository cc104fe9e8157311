extension Exchange {
    /// One request on the WebSocket API: `{"id","method","params"}`, answered
    /// `{"id","status","result" or "error","rateLimits"}`. Weight is the IP's, shared with
    /// REST; a ban answers 418 and ends the connection.
    func apiRequest(_ text: String, _ s: WSConnection) {
        guard let msg = JSON.parse(text), case .object = msg else {
            return apiAnswer(s, id: .null, .failure(APIError(code: -1135, msg: "Invalid JSON Request")), rateLimits: false)
        }
        let id = msg["id"] ?? .null
        guard Self.isValidAPIId(id) else {
            return apiAnswer(s, id: .null, .failure(APIError(code: -1135, msg: "Invalid 'id' in JSON request; expected an integer, a string matching '^[a-zA-Z0-9-_]{1,36}$', or null.")),
                             rateLimits: false)
        }
        let params = msg["params"] ?? .object([])
        guard case .object = params else {
            return apiAnswer(s, id: id, .failure(APIError(code: -1135, msg: "Invalid 'params' in JSON request; expected an object.")),
                             rateLimits: false)
        }
        guard var method = msg["method"]?.string else { return apiAnswer(s, id: id, .failure(.mandatory("method")), rateLimits: false) }
        if method.hasPrefix("v3/") { method.removeFirst(3) }
        counters.wsAPIRequests[method, default: 0] += 1
        if let refusal = checkBan() {
            apiAnswer(s, id: id, .refused(refusal), rateLimits: true)
            if refusal.error.status == 418 { close(s, code: 1008, reason: "IP banned") }
            return
        }
        let weight = Self.apiMethods.contains(method) ? 2 : 1
        if let refusal = chargeWeight(weight) { return apiAnswer(s, id: id, .refused(refusal), rateLimits: true) }
        let fields = params.pairs
        let result: Result<JSON, APIError>
        switch method {
        case "ping": result = .success(.object([]))
        case "time": result = .success(.object([("serverTime", .int(now))]))
        case "userDataStream.subscribe.signature": result = Result { () throws(APIError) in try subscribe(fields, s) }
        case "userDataStream.unsubscribe": result = Result { () throws(APIError) in try unsubscribe(fields, s) }
        case "session.subscriptions":
            result = .success(.array(s.subscriptions.map { .object([("subscriptionId", .int($0.id))]) }))
        case "session.status":
            result = .success(.object([
                ("apiKey", .null), ("authorizedSince", .null), ("connectedSince", .int(s.openedMs)),
                ("returnRateLimits", .bool(s.returnRateLimits)), ("serverTime", .int(now)),
                ("userDataStream", .bool(!s.subscriptions.isEmpty)),
            ]))
        default: result = .failure(.unsupported)
        }
        let returnLimits = params["returnRateLimits"]?.bool != false
        switch result {
        case .success(let r): apiAnswer(s, id: id, .success(r), rateLimits: returnLimits)
        case .failure(let e): apiAnswer(s, id: id, .failure(e), rateLimits: returnLimits)
        }
    }

    /// The methods of weight 2 (ping, time and the unknown ones weigh 1).
    static let apiMethods: Set<String> = ["userDataStream.subscribe.signature", "userDataStream.unsubscribe",
                                          "session.subscriptions", "session.status"]

    enum APIOutcome {
        case success(JSON)
        case failure(APIError)
        /// A 429 or 418: the error carries `data` with the server time and when to retry.
        case refused(LimitRefusal)
    }

    func apiAnswer(_ s: WSConnection, id: JSON, _ outcome: APIOutcome, rateLimits: Bool) {
        var f: [(String, JSON)] = [("id", id)]
        switch outcome {
        case .success(let r):
            f += [("status", .int(200)), ("result", r)]
        case .failure(let e):
            f += [("status", .int(e.status)), ("error", e.json)]
        case .refused(let r):
            let data = JSON.object([("serverTime", .int(now)), ("retryAfter", .int(r.retryAtMs))])
            f += [("status", .int(r.error.status)), ("error", .object(r.error.json.pairs + [("data", data)]))]
        }
        if rateLimits, s.returnRateLimits { f.append(("rateLimits", rateLimitsJSON(weightCount: usedWeight))) }
        send(JSON.object(f).text, to: s)
    }

    /// An integer, a string matching `^[a-zA-Z0-9-_]{1,36}$`, or null.
    static func isValidAPIId(_ id: JSON) -> Bool {
        switch id {
        case .null: true
        case .number(let n): Int64(n) != nil
        case .string(let s):
            (1...36).contains(s.utf8.count) && s.utf8.allSatisfy { c in
                (48...57).contains(c) || (65...90).contains(c) || (97...122).contains(c) || c == UInt8(ascii: "-") || c == UInt8(ascii: "_")
            }
        default: false
        }
    }
}
