/// An OKX error code with its documented message and HTTP status (docs-v5 "Error Code").
struct OKXError: Error, Equatable {
    var code: String
    var msg: String
    var httpStatus: Int = 200

    // Gateway and authentication.
    static let rateLimit = OKXError(code: "50011", msg: "Rate limit reached. Please refer to API documentation and throttle requests accordingly.")
    static let tooManyRequests = OKXError(code: "50011", msg: "Too Many Requests", httpStatus: 429)
    static func empty(_ p: String) -> OKXError { OKXError(code: "50014", msg: "Parameter \(p) can not be empty.", httpStatus: 400) }
    static let systemError = OKXError(code: "50026", msg: "System error. Try again later", httpStatus: 500)
    static let noPermission = OKXError(code: "50120", msg: "This API key doesn't have permission to use this function")
    static let expTimePassed = OKXError(code: "50036", msg: "The expTime can't be earlier than the current system time. Please adjust the expTime and try again.")
    static let subAccountRateLimit = OKXError(code: "50061", msg: "You've reached the maximum order rate limit for this account.")
    static let wrongEnvironment = OKXError(code: "50101", msg: "APIKey does not match current environment.", httpStatus: 401)
    static let timestampExpired = OKXError(code: "50102", msg: "Timestamp request expired.", httpStatus: 401)
    static let noKey = OKXError(code: "50103", msg: "Request header \"OK-ACCESS-KEY\" cannot be empty.", httpStatus: 401)
    static let noPassphrase = OKXError(code: "50104", msg: "Request header \"OK-ACCESS-PASSPHRASE\" cannot be empty.", httpStatus: 401)
    static let wrongPassphrase = OKXError(code: "50105", msg: "Request header \"OK-ACCESS-PASSPHRASE\" incorrect.", httpStatus: 401)
    static let noSign = OKXError(code: "50106", msg: "Request header \"OK-ACCESS-SIGN\" cannot be empty.", httpStatus: 401)
    static let noTimestamp = OKXError(code: "50107", msg: "Request header \"OK-ACCESS-TIMESTAMP\" cannot be empty.", httpStatus: 401)
    static let invalidKey = OKXError(code: "50111", msg: "Invalid OK-ACCESS-KEY.", httpStatus: 401)
    static let invalidTimestamp = OKXError(code: "50112", msg: "Invalid OK-ACCESS-TIMESTAMP.", httpStatus: 401)
    static let invalidSignature = OKXError(code: "50113", msg: "Invalid signature.", httpStatus: 401)
    static let badJSON = OKXError(code: "50002", msg: "Json data format error.", httpStatus: 400)

    // Trade.
    static func param(_ p: String) -> OKXError { OKXError(code: "51000", msg: "Parameter \(p) error", httpStatus: 400) }
    static let noInstrument = OKXError(code: "51001", msg: "Instrument ID or Spread ID doesn't exist.")
    static let idRequired = OKXError(code: "51003", msg: "Either client order ID or order ID is required.")
    static let insufficient = OKXError(code: "51008", msg: "Order failed. Insufficient USDT margin in account")
    static let duplicateClOrdId = OKXError(code: "51016", msg: "Client order ID already exists.")
    static let belowMinimum = OKXError(code: "51020", msg: "Your order should meet or exceed the minimum order amount.")
    static let suspended = OKXError(code: "51022", msg: "Contract suspended.")
    static let duplicateAlgoClOrdId = OKXError(code: "51065", msg: "algoClOrdId already exists.")
    static let lotSize = OKXError(code: "51121", msg: "Order quantity must be a multiple of the lot size.")
    static let tickSize = OKXError(code: "51150", msg: "The precision of the number of trades or the price exceeds the limit.")
    static let noPositionToReduce = OKXError(code: "51169", msg: "Order failed because you don't have any positions in this direction for this contract to reduce or close.")
    static let reduceOnlySameDirection = OKXError(code: "51170", msg: "Failed to place order. A reduce-only order can’t be the same trading direction as your existing positions.")
    static let limitPriceEmpty = OKXError(code: "51204", msg: "The price for the limit order cannot be empty.")
    static let closeExceedsPosition = OKXError(code: "51112", msg: "Close order size exceeds available size for this position.")
    static let cancelFailed = OKXError(code: "51400", msg: "Order cancellation failed as the order has been filled, canceled or does not exist.")
    static let amendFailed = OKXError(code: "51503", msg: "Your order has already been filled or canceled.")
    static let amendPostOnly = OKXError(code: "51511", msg: "Modification failed as the order price did not meet the requirement for Post Only.")
    static let amendNothing = OKXError(code: "51500", msg: "You must enter a price, quantity, or TP/SL")
    static let orderMissing = OKXError(code: "51603", msg: "Order does not exist.")
    static let leverageTooHigh = OKXError(code: "59102", msg: "Leverage exceeds the maximum limit. Please lower the leverage.")
    static let settingsBlocked = OKXError(code: "59000", msg: "Settings failed. Close any open positions or orders before modifying settings.")
}
