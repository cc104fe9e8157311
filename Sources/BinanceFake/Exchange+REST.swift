import BotCore

extension Exchange {
    static let routes: [String: Route] = {
        let list = publicRoutes + tradeRoutes + accountRoutes
        return Dictionary(list.map { ($0.method + " " + $0.path, $0) }, uniquingKeysWith: { a, _ in a })
    }()

    /// Serves one REST request: bans, forced faults, weight, authentication, the order count,
    /// then the handler; every answer says the weight used.
    func handle(_ r: RESTRequest) -> RESTOutcome {
        if WSPath(r.path) != nil { return .respond(refusedHandshake(r)) }
        if r.path == "/api/v3/userDataStream" {
            // The listenKey stream was retired on 2026-02-20 (protocols.md 1.7).
            counters.requests[r.path, default: 0] += 1
            return .respond(RESTResponse(status: 410, body: "<html><head><title>410 Gone</title></head><body><center><h1>410 Gone</h1></center></body></html>",
                                         contentType: "text/html"))
        }
        guard let route = Self.routes[r.method + " " + r.path] else {
            let known = Self.routes.values.contains { $0.path == r.path }
            return .respond(RESTResponse(status: known ? 405 : 404, body: "", contentType: "text/html"))
        }
        counters.requests[route.path, default: 0] += 1
        if let refusal = checkBan() { return .respond(refused(refusal, route)) }
        if faults.rateLimitNext > 0 {
            faults.rateLimitNext -= 1
            counters.forcedRateLimits += 1
            return .respond(refused(tooManyRequests(.weight(limit: limits.weightPerMinute)), route))
        }
        let form = r.bodyText.isEmpty ? [] : RESTRequest.pairs(r.bodyText)
        var call = RESTCall(params: Params(query: r.query, form: form))
        let weight = route.weight(call.params)
        if route.security == .sapi {
            ip.sapiWeight.add(weight, at: now)
        } else if let refusal = chargeWeight(weight) {
            return .respond(refused(refusal, route))
        }
        do {
            if route.security != .none { call.account = try authenticate(r, call.params, route.security) }
            try call.params.checkAllRead(route.known)
        } catch {
            return .respond(answer(route, status: error.status, error.json))
        }
        if route.orderCall != nil, faults.loseNextOrders > 0 {
            faults.loseNextOrders -= 1
            counters.lostRequests += 1
            return .hold
        }
        if route.orderCall == .place, let refusal = checkOrderCount(call.signedAccount) {
            var response = refused(refusal, route)
            response.headers += orderCountHeaders(call.signedAccount)
            return .respond(response)
        }
        let body: JSON
        do { body = try route.handler(self, &call) } catch {
            if route.orderCall == .place { counters.ordersRejected += 1 }
            return .respond(answer(route, status: error.status, error.json))
        }
        if route.orderCall != nil { refundWeight(weight) }
        if route.orderCall != nil, faults.failNextOrders > 0 {
            faults.failNextOrders -= 1
            switch faults.afterExecuting {
            case .noAnswer:
                counters.heldResponses += 1
                return .hold
            case .closeConnection:
                counters.closedConnections += 1
                return .close
            case .serverError(let status):
                counters.serverErrors += 1
                return .respond(answer(route, status: status, body: "<html><body><h1>\(status)</h1></body></html>", contentType: "text/html"))
            }
        }
        var response = answer(route, status: 200, body)
        response.headers += call.headers
        return .respond(response)
    }

    /// An answer with the IP's used weight in its headers, as every Binance answer has.
    func answer(_ route: Route, status: Int, _ json: JSON) -> RESTResponse {
        answer(route, status: status, body: json.text, contentType: "application/json")
    }

    func answer(_ route: Route, status: Int, body: String, contentType: String) -> RESTResponse {
        RESTResponse(status: status, body: body, contentType: contentType, headers: weightHeaders(sapi: route.security == .sapi))
    }

    func weightHeaders(sapi: Bool) -> [(String, String)] {
        if sapi { return [("X-SAPI-USED-IP-WEIGHT-1M", String(ip.sapiWeight.used(at: now)))] }
        let used = String(usedWeight)
        return [("X-MBX-USED-WEIGHT", used), ("X-MBX-USED-WEIGHT-1M", used)]
    }

    /// A 429 or 418 with `Retry-After`.
    func refused(_ r: LimitRefusal, _ route: Route) -> RESTResponse {
        var response = answer(route, status: r.error.status, r.error.json)
        response.headers.append(("Retry-After", String(retryAfterSeconds(until: r.retryAtMs))))
        return response
    }
}
