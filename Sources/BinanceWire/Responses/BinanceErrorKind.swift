/// What a Binance error means for the caller, from Binance's code, its message where one code
/// covers several causes (-2010, -2011, -1003), and the HTTP status (or the WebSocket API's
/// `status`, which keeps the HTTP meanings).
public enum BinanceErrorKind: String, Hashable, Sendable, CaseIterable {
    /// -1003 over the IP's request weight, or any 429 without a code of its own: not taken;
    /// back off for Retry-After.
    case rateLimited
    /// -1015: over the account's unfilled-order count (also a 429).
    case orderRateLimited
    /// HTTP 418, or -1003 "IP banned until …": no request until the ban ends.
    case ipBanned
    /// HTTP 403: the web application firewall refused the request.
    case blocked
    /// -1008: the server is overloaded; the request was not taken.
    case busy
    /// -1021: the timestamp is outside `recvWindow` or ahead of the server: resync the clock.
    case clockSkew
    /// -1022.
    case badSignature
    /// -2014: the key is not a well-formed key.
    case badAPIKey
    /// -2015 (the key, its IP whitelist or its permissions refuse the call), -1002, or HTTP 401.
    case keyRefused
    /// -2010, the balance does not cover the order.
    case insufficientBalance
    /// -2010, the client order id is already on an open order.
    case duplicateClientOrderID
    /// -2010, a LIMIT_MAKER that would have taken liquidity.
    case wouldTakeLiquidity
    /// -2010 for any other reason (market closed, order type not allowed, stop would trigger…).
    case orderRejected
    /// -2013 (no such order), -2011 for an unknown order, -2026 (archived).
    case unknownOrder
    /// -2011 for another reason (cancel restrictions).
    case cancelRejected
    /// -1013: a filter (price, lot size, notional, …) refused the order.
    case filterFailure
    /// -1121.
    case unknownSymbol
    /// Other request errors (-1014, -1020, -1100 … -1199, -2039): a parameter is wrong.
    case invalidRequest
    /// -2035: this account already has a user data subscription on this connection.
    case alreadySubscribed
    /// -2036.
    case notSubscribed
    /// -2042: the connection has used all its subscription ids; open a new one.
    case subscriptionIDsExhausted
    /// HTTP 5xx or no answer, and -1006, -1007 ("execution status unknown"), -1000, -1001: the
    /// call may or may not have taken effect; query the order.
    case unknownOutcome
    /// The answer could not be read (the error names the field).
    case malformedResponse
    /// Any other refusal.
    case rejected

    /// The kind of Binance `code` with `message`, on an answer with HTTP `status`.
    public static func classify(code: Int?, message: String, httpStatus: Int? = nil) -> BinanceErrorKind {
        if let s = httpStatus, s >= 500 { return .unknownOutcome }
        if httpStatus == 418 { return .ipBanned }
        switch code {
        case -1003: return message.contains("banned") ? .ipBanned : .rateLimited
        case -1015: return .orderRateLimited
        case -1008: return .busy
        case -1021: return .clockSkew
        case -1022: return .badSignature
        case -2014: return .badAPIKey
        case -2015, -1002: return .keyRefused
        case -2010:
            if message.contains("insufficient balance") { return .insufficientBalance }
            if message.contains("Duplicate order") { return .duplicateClientOrderID }
            if message.contains("immediately match and take") { return .wouldTakeLiquidity }
            return .orderRejected
        case -2011: return message.contains("Unknown order") ? .unknownOrder : .cancelRejected
        case -2013, -2026: return .unknownOrder
        case -1013: return .filterFailure
        case -1121: return .unknownSymbol
        case -2035: return .alreadySubscribed
        case -2036: return .notSubscribed
        case -2042: return .subscriptionIDsExhausted
        case -1000, -1001, -1006, -1007: return .unknownOutcome
        case -1014, -1020, -2039: return .invalidRequest
        case let c? where (-1199 ... -1100).contains(c): return .invalidRequest
        default:
            switch httpStatus {
            case 429: return .rateLimited
            case 403: return .blocked
            case 401: return .keyRefused
            default: return .rejected
            }
        }
    }
}
