import BotCore

extension Venue {
    /// Every endpoint the fake serves, with OKX's documented limits (requests per 2 s).
    static let routes: [String: Route] = {
        var list: [Route] = [
            .get("/api/v5/public/time", limit: 10, .ip) { v, _ in v.publicTime() },
            .get("/api/v5/public/instruments", limit: 20, .ipAndInstType) { v, c in v.publicInstruments(c) },
            .get("/api/v5/public/funding-rate-history", limit: 10, .ip) { v, c in v.fundingRateHistory(c) },
            .get("/api/v5/market/candles", limit: 40, .ip) { v, c in v.marketCandles(c, history: false) },
            .get("/api/v5/market/history-candles", limit: 20, .ip) { v, c in v.marketCandles(c, history: true) },
            .get("/api/v5/market/ticker", limit: 20, .ip) { v, c in v.marketTicker(c) },
            .get("/api/v5/market/trades", limit: 100, .ip) { v, c in v.marketTrades(c) },
            .get("/api/v5/market/books", limit: 40, .ip) { v, c in v.marketBooks(c) },
        ]
        list += accountRoutes + tradeRoutes
        return Dictionary(list.map { ($0.method + " " + $0.path, $0) }, uniquingKeysWith: { a, _ in a })
    }()

    /// Serves one REST request: route, authentication, rate limits, faults, then the handler.
    func handle(_ request: RESTRequest) -> RESTOutcome {
        let inTimeUs = now * 1000
        if request.path.hasPrefix("/ws/v5/") {
            // A WebSocket path the upgrade refused: over the connection limit, or not an upgrade.
            counters.requests[request.path, default: 0] += 1
            if !limiter.wouldAdmit("ws-connect|127.0.0.1", limit: wsConnectLimit, windowMs: 1000, nowMs: now) {
                return .respond(.gateway(.tooManyRequests))
            }
            return .respond(RESTResponse(status: 400, body: #"{"msg":"Not a WebSocket handshake","code":"400"}"#))
        }
        guard let route = Self.routes[request.method + " " + request.path] else {
            let known = Self.routes.values.contains { $0.path == request.path }
            return .respond(known ? .gateway(OKXError(code: "50115", msg: "Invalid request method.", httpStatus: 405))
                                  : RESTResponse(status: 404, body: #"{"msg":"Not Found","code":"404"}"#))
        }
        counters.requests[route.path, default: 0] += 1
        var call = RESTCall(request: request, account: nil, body: nil, inTimeUs: inTimeUs)

        if faults.rateLimitNext > 0 {
            faults.rateLimitNext -= 1
            counters.forcedRateLimits += 1
            return .respond(rateLimited())
        }
        if route.signed {
            switch authenticate(request) {
            case .failure(let e): return .respond(.gateway(e))
            case .success(let book): call.account = book
            }
            if route.trades, !(call.account?.account.permissions.contains(.trade) ?? false) {
                return .respond(.error(.noPermission))
            }
        }
        if !request.body.isEmpty {
            guard let body = JSON.parse(request.body) else { return .respond(.error(.badJSON)) }
            call.body = body
        }
        if let refusal = checkLimits(route, call) { return .respond(refusal) }
        if route.honoursExpTime, let exp = request.header("expTime") {
            guard let ms = Int64(exp) else { return .respond(.error(.param("expTime"))) }
            if ms < now { return .respond(.error(.expTimePassed)) }
        }

        if route.isOrderCall, faults.loseNextOrders > 0 {
            faults.loseNextOrders -= 1
            counters.lostRequests += 1
            return .hold
        }
        let response = route.handler(self, &call)
        if route.isOrderCall, faults.failNextOrders > 0 {
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
                return .respond(status == 500 ? .error(.systemError)
                    : RESTResponse(status: status, body: "<html><body><h1>\(status)</h1></body></html>", contentType: "text/html"))
            }
        }
        return .respond(response)
    }

    func rateLimited() -> RESTResponse {
        rateLimitStatus == 429 ? .gateway(.tooManyRequests) : .gateway(.rateLimit)
    }

    /// The endpoint's own window, and the account-wide order window for place and amend.
    func checkLimits(_ route: Route, _ call: RESTCall) -> RESTResponse? {
        let ip = "127.0.0.1"
        let uid = call.account?.account.uid ?? ""
        let key: String
        switch route.limitKey {
        case .ip: key = ip
        case .ipAndInstType: key = ip + "|" + (call.param("instType") ?? "")
        case .user: key = uid
        case .userAndInstrument: key = uid + "|" + (call.body?["instId"]?.string ?? call.param("instId") ?? "")
        }
        // Per method too: reading an order (GET /trade/order) has its own limit, apart from placing.
        guard limiter.admit(route.method + " " + route.path + "|" + key, limit: route.limit, nowMs: now) else {
            counters.rateLimited[route.path, default: 0] += 1
            return rateLimited()
        }
        if route.accountOrderLimit, !limiter.admit("orders|" + uid, limit: accountOrderLimit, nowMs: now) {
            counters.accountRateLimited += 1
            return .error(.subAccountRateLimit)
        }
        return nil
    }

    /// OKX's checks of the OK-ACCESS-* headers, in the order its gateway reports them.
    func authenticate(_ r: RESTRequest) -> Result<AccountBook, OKXError> {
        guard let key = r.header("OK-ACCESS-KEY"), !key.isEmpty else { return .failure(.noKey) }
        guard let sign = r.header("OK-ACCESS-SIGN"), !sign.isEmpty else { return .failure(.noSign) }
        guard let ts = r.header("OK-ACCESS-TIMESTAMP"), !ts.isEmpty else { return .failure(.noTimestamp) }
        guard let passphrase = r.header("OK-ACCESS-PASSPHRASE"), !passphrase.isEmpty else { return .failure(.noPassphrase) }
        guard let book = accounts[key] else { return .failure(.invalidKey) }
        guard let tsMs = ISOTime.parse(ts) else { return .failure(.invalidTimestamp) }
        guard abs(tsMs - now) <= timestampWindowMs else { return .failure(.timestampExpired) }
        let simulated = r.header("x-simulated-trading") == "1"
        guard simulated == book.account.demo else { return .failure(.wrongEnvironment) }
        guard passphrase == book.account.passphrase else { return .failure(.wrongPassphrase) }
        let expected = OKXSignature.rest(secret: book.account.secret, timestamp: ts, method: r.method, path: r.target,
                                         body: r.bodyText)
        guard OKXSignature.matches(expected, sign) else { return .failure(.invalidSignature) }
        return .success(book)
    }
}
