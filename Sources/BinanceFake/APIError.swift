/// A Binance error: its code, its documented message, and the HTTP status it comes with
/// (the WebSocket API's `status` keeps the same meanings).
struct APIError: Error, Equatable {
    var code: Int
    var msg: String
    var status = 400

    var json: JSON { .object([("code", .int(code)), ("msg", .string(msg))]) }

    static let unknown = APIError(code: -1000, msg: "An unknown error occurred while processing the request.", status: 500)
    static let badKeyFormat = APIError(code: -2014, msg: "API-key format invalid.", status: 401)
    static let keyRefused = APIError(code: -2015, msg: "Invalid API-key, IP, or permissions for action.", status: 401)
    static let badSignature = APIError(code: -1022, msg: "Signature for this request is not valid.")
    static let outsideRecvWindow = APIError(code: -1021, msg: "Timestamp for this request is outside of the recvWindow.")
    static let aheadOfServer = APIError(code: -1021, msg: "Timestamp for this request was 1000ms ahead of the server's time.")
    static let badSymbol = APIError(code: -1121, msg: "Invalid symbol.")
    static let badInterval = APIError(code: -1120, msg: "Invalid interval.")
    static let badOrderType = APIError(code: -1116, msg: "Invalid orderType.")
    static let badSide = APIError(code: -1117, msg: "Invalid side.")
    static let badTimeInForce = APIError(code: -1115, msg: "Invalid timeInForce.")
    static let insufficientBalance = APIError(code: -2010, msg: "Account has insufficient balance for requested action.")
    static let duplicateOrder = APIError(code: -2010, msg: "Duplicate order sent.")
    static let wouldTake = APIError(code: -2010, msg: "Order would immediately match and take.")
    static let stopWouldTrigger = APIError(code: -2010, msg: "Stop price would trigger immediately.")
    static let marketClosed = APIError(code: -2010, msg: "Market is closed.")
    static let unsupportedCombination = APIError(code: -2010, msg: "Unsupported order combination.")
    static let quoteQtyNotAllowed = APIError(code: -2010, msg: "Quote order qty market orders are not support for this symbol.")
    static let unknownOrderCancel = APIError(code: -2011, msg: "Unknown order sent.")
    static let noSuchOrder = APIError(code: -2013, msg: "Order does not exist.")
    static let unsupported = APIError(code: -1020, msg: "This operation is not supported.")
    static let subscriptionActive = APIError(code: -2035, msg: "User Data Stream subscription already active.")
    static let subscriptionInactive = APIError(code: -2036, msg: "User Data Stream subscription not active.")
    static let subscriptionIdsExhausted = APIError(code: -2042, msg: "Maximum subscription ID reached for this connection.")

    static func mandatory(_ p: String) -> APIError {
        APIError(code: -1102, msg: "Mandatory parameter '\(p)' was not sent, was empty/null, or malformed.")
    }

    static func notGreaterThan(_ p: String, _ max: Int) -> APIError {
        APIError(code: -1102, msg: "'\(p)' contains unexpected value. Cannot be greater than \(max).")
    }

    static func notRequired(_ p: String) -> APIError {
        APIError(code: -1106, msg: "Parameter '\(p)' sent when not required.")
    }

    static func illegalNumber(_ p: String) -> APIError {
        APIError(code: -1100, msg: "Illegal characters found in parameter '\(p)'; legal range is '^([0-9]{1,20})(\\.[0-9]{1,20})?$'.")
    }

    static func illegalClientId(_ p: String) -> APIError {
        APIError(code: -1100, msg: "Illegal characters found in parameter '\(p)'; legal range is '^[\\.A-Z\\:/a-z0-9_-]{1,36}$'.")
    }

    static func tooPrecise(_ p: String) -> APIError {
        APIError(code: -1111, msg: "Parameter '\(p)' has too much precision.")
    }

    static func invalidValue(_ p: String) -> APIError {
        APIError(code: -1130, msg: "Data sent for parameter '\(p)' is not valid.")
    }

    static func notAllRead(read: Int, sent: Int) -> APIError {
        APIError(code: -1104, msg: "Not all sent parameters were read; read '\(read)' parameter(s) but was sent '\(sent)'.")
    }

    static func filter(_ name: String) -> APIError { APIError(code: -1013, msg: "Filter failure: \(name)") }

    static func weight(limit: Int) -> APIError {
        APIError(code: -1003, msg: "Too much request weight used; current limit is \(limit) request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.", status: 429)
    }

    static func banned(untilMs: Int64) -> APIError {
        APIError(code: -1003, msg: "Way too much request weight used; IP banned until \(untilMs). Please use WebSocket Streams for live updates to avoid bans.", status: 418)
    }

    static func orders(limit: Int, per interval: String) -> APIError {
        APIError(code: -1015, msg: "Too many new orders; current limit is \(limit) orders per \(interval).", status: 429)
    }
}
