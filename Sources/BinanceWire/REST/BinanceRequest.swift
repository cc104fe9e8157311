import BotCore

public enum BinanceHTTPMethod: String, Hashable, Sendable {
    case get = "GET"
    case post = "POST"
    case delete = "DELETE"
}

/// What a call needs besides its parameters: nothing (market data), the key's header
/// (`X-MBX-APIKEY`), or the header and a signature over the parameters with a timestamp
/// (TRADE and USER_DATA calls).
public enum BinanceSecurity: String, Hashable, Sendable {
    case none
    case apiKey
    case signed
}

/// One REST call as a value: what to send, nothing sent. Built by `BinanceRest`; signed just
/// before it leaves, because the signature covers the time it is sent.
public struct BinanceRequest: Hashable, Sendable {
    public let method: BinanceHTTPMethod
    /// `/api/v3/…` or `/sapi/v1/…`, without the query.
    public let path: String
    public let query: BinanceQuery
    /// A form body (`application/x-www-form-urlencoded`); the builders here send everything in
    /// the query, so it is empty unless moved there with `parametersInBody()`.
    public let body: BinanceQuery
    public let security: BinanceSecurity
    /// Request weight as Binance documents it for these parameters. `/api` calls count against
    /// the IP's REQUEST_WEIGHT (6,000 a minute); `/sapi` calls against SAPI's own limits.
    /// Placing and cancelling weigh 1 when they fail and 0 when they succeed (since 2026-04-02).
    public let weight: Int
    /// Adds one to the account's unfilled-order count (the ORDERS limits).
    public let countsAsOrder: Bool
    /// Which of the runtime's limit classes it belongs to.
    public let endpoint: VenueEndpoint

    init(_ method: BinanceHTTPMethod, _ path: String, query: BinanceQuery = BinanceQuery(), security: BinanceSecurity,
         weight: Int, countsAsOrder: Bool = false, endpoint: VenueEndpoint = .query) {
        self.method = method
        self.path = path
        self.query = query
        self.body = BinanceQuery()
        self.security = security
        self.weight = weight
        self.countsAsOrder = countsAsOrder
        self.endpoint = endpoint
    }

    init(copying r: BinanceRequest, query: BinanceQuery, body: BinanceQuery) {
        self.method = r.method
        self.path = r.path
        self.query = query
        self.body = body
        self.security = r.security
        self.weight = r.weight
        self.countsAsOrder = r.countsAsOrder
        self.endpoint = r.endpoint
    }

    /// The same call with its parameters in a form body (POST and DELETE only; a GET has none):
    /// then the timestamp and the signature go there too.
    public func parametersInBody() throws(BinanceRequestError) -> BinanceRequest {
        guard method != .get else { throw BinanceRequestError(field: "body", reason: "a GET sends its parameters in the query") }
        var body = self.body
        for p in query.parameters { body.add(p.name, p.value) }
        return BinanceRequest(copying: self, query: BinanceQuery(), body: body)
    }

    public var isSAPI: Bool { path.hasPrefix("/sapi/") }

    /// The path with its query, unsigned.
    public var requestPath: String { query.isEmpty ? path : path + "?" + query.text }

    /// The request ready to send at `timestampMs` (epoch ms on the server's clock: the local
    /// clock corrected by the offset `/api/v3/time` gave). Signed calls get `recvWindow` (ms,
    /// 1…60,000; Binance's default 5,000 when nil) and `timestamp` after their parameters,
    /// then `signature` last, in the body when the call has one, else in the query; the
    /// signature covers the query followed by the body exactly as sent.
    public func signed(_ credentials: BinanceCredentials?, timestampMs: Int64,
                       recvWindowMs: Int? = nil) throws(BinanceRequestError) -> BinanceSignedRequest {
        var query = self.query, body = self.body
        var headers: [BinanceHeader] = []
        if security != .none {
            guard let credentials else { throw BinanceRequestError(field: "credentials", reason: "\(path) needs an API key") }
            headers.append(BinanceHeader("X-MBX-APIKEY", credentials.apiKey))
            if security == .signed {
                if let recvWindowMs, !(1...60_000).contains(recvWindowMs) {
                    throw BinanceRequestError(field: "recvWindow", reason: "\(recvWindowMs) ms must be 1 to 60000")
                }
                guard timestampMs >= 0 else { throw BinanceRequestError(field: "timestamp", reason: "\(timestampMs) is before 1970") }
                let inBody = !body.isEmpty
                if inBody {
                    body.add("recvWindow", recvWindowMs)
                    body.add("timestamp", timestampMs)
                } else {
                    query.add("recvWindow", recvWindowMs)
                    query.add("timestamp", timestampMs)
                }
                let signature = credentials.restSignature(query: query.text, body: body.text)
                if inBody { body.add("signature", signature) } else { query.add("signature", signature) }
            }
        }
        if !body.isEmpty { headers.append(BinanceHeader("Content-Type", "application/x-www-form-urlencoded")) }
        let q = query.text
        return BinanceSignedRequest(method: method, requestPath: q.isEmpty ? path : path + "?" + q, body: Array(body.text.utf8),
                                    headers: headers)
    }
}
