/// One REST endpoint: who may call it, its documented rate limit, and its handler.
struct Route: Sendable {
    /// Whose requests share a limit ("Rate limit rule" in docs-v5).
    enum LimitKey {
        case ip
        case ipAndInstType
        case user
        case userAndInstrument
    }

    var method: String
    var path: String
    /// Needs OK-ACCESS-* headers.
    var signed: Bool
    /// Needs the key's `trade` permission (otherwise `read_only` is enough).
    var trades = false
    /// Requests per two seconds.
    var limit: Int
    var limitKey: LimitKey
    /// Counts toward the sub-account's 1,000 new and amended orders per two seconds (50061).
    var accountOrderLimit = false
    /// Honours the `expTime` header (place and amend).
    var honoursExpTime = false
    /// Subject to `FakeFaults.failNextOrders`.
    var isOrderCall = false
    var handler: @Sendable (Venue, inout RESTCall) -> RESTResponse
}

/// A request being served: the raw request, the account it authenticated as, its JSON body.
struct RESTCall {
    var request: RESTRequest
    var account: AccountBook?
    var body: JSON?
    /// Gateway time the request was taken, µs (`inTime`).
    var inTimeUs: Int64

    func param(_ name: String) -> String? { request.param(name) }

    /// The first of `names` given a value that is not an integer (51000 names it); an empty
    /// value counts as absent, as on OKX.
    func nonInteger(_ names: String...) -> String? {
        names.first { n in param(n).map { !$0.isEmpty && Int64($0) == nil } ?? false }
    }

    /// Whether the filter `name` is absent, empty, or equal to `value`.
    func allows(_ name: String, _ value: String) -> Bool {
        guard let p = param(name), !p.isEmpty else { return true }
        return p == value
    }
}

extension Route {
    static func get(_ path: String, signed: Bool = false, limit: Int, _ key: LimitKey,
                    _ handler: @escaping @Sendable (Venue, inout RESTCall) -> RESTResponse) -> Route {
        Route(method: "GET", path: path, signed: signed, limit: limit, limitKey: key, handler: handler)
    }

    static func post(_ path: String, limit: Int, _ key: LimitKey, trades: Bool = true,
                     _ handler: @escaping @Sendable (Venue, inout RESTCall) -> RESTResponse) -> Route {
        Route(method: "POST", path: path, signed: true, trades: trades, limit: limit, limitKey: key, handler: handler)
    }
}
