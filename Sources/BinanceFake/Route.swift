/// One REST endpoint: its security type, the parameters it reads, its weight and handler.
struct Route: Sendable {
    /// Binance's security types, by what the key must be allowed to do.
    enum Security {
        /// Public: no key, no signature.
        case none
        /// Signed, needs `enableReading` (USER_DATA).
        case userData
        /// Signed, needs `canTrade` and `enableSpotAndMarginTrading` (TRADE).
        case trade
        /// A signed wallet endpoint: its weight counts against the SAPI limit, not the API's.
        case sapi
    }

    /// Order calls cost no weight when they succeed, and are what order faults act on.
    enum OrderCall {
        case place, cancel
    }

    var method: String
    var path: String
    var security: Security
    /// Parameters it reads; anything else sent is -1104 (signed endpoints also read
    /// `timestamp`, `recvWindow` and `signature`).
    var reads: Set<String>
    var orderCall: OrderCall?
    var weight: @Sendable (Params) -> Int
    var handler: @Sendable (Exchange, inout RESTCall) throws(APIError) -> JSON

    var known: Set<String> { security == .none ? reads : reads.union(["timestamp", "recvWindow", "signature"]) }
}

/// A request being served: its parameters and the account it authenticated as.
struct RESTCall {
    var params: Params
    var account: AccountState?
    /// Headers to add to the answer (the order counts after a placement).
    var headers: [(String, String)] = []

    /// The account of a signed call (the router authenticated it before the handler runs).
    var signedAccount: AccountState {
        guard let account else { preconditionFailure("a signed route ran without an account") }
        return account
    }
}

extension Route {
    static func get(_ path: String, _ security: Security = .none, reads: Set<String> = [], weight: Int,
                    _ handler: @escaping @Sendable (Exchange, inout RESTCall) throws(APIError) -> JSON) -> Route {
        Route(method: "GET", path: path, security: security, reads: reads, weight: { _ in weight }, handler: handler)
    }
}
