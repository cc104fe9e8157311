/// An answer of the WebSocket API: `{"id","status","result" or "error","rateLimits"}`. `status`
/// keeps the HTTP meanings (429 rate limited, 418 banned, 5xx outcome unknown): branch on it,
/// not on the error's code.
public struct BinanceWSAPIResponse: Hashable, Sendable {
    /// The request's id; nil when Binance could not read it (a malformed request).
    public var id: BinanceRequestID?
    public var status: Int
    /// On success.
    public var result: BinanceWSAPIResult?
    /// On failure, classified with the status.
    public var error: BinanceError?
    /// The limits and their use after this request; empty when Binance leaves them out.
    public var rateLimits: [BinanceRateLimit]

    public init(id: BinanceRequestID?, status: Int, result: BinanceWSAPIResult?, error: BinanceError?, rateLimits: [BinanceRateLimit]) {
        self.id = id
        self.status = status
        self.result = result
        self.error = error
        self.rateLimits = rateLimits
    }

    public var succeeded: Bool { status == 200 && error == nil }

    /// What the answer says about sending more (a 429 or a 418 with its `retryAfter`).
    public func backoff(nowMs: Int64) -> BinanceBackoff? { BinanceBackoff(webSocketStatus: status, error: error, nowMs: nowMs) }
}

/// The `result` of the requests this runtime sends.
public enum BinanceWSAPIResult: Hashable, Sendable {
    /// `userDataStream.subscribe.signature`: `{"subscriptionId":0}`.
    case subscription(Int)
    /// `session.subscriptions`: `[{"subscriptionId":0},…]`.
    case subscriptions([Int])
    /// `time`: `{"serverTime":…}`.
    case serverTime(Int64)
    /// `ping`, `userDataStream.unsubscribe`: `{}`.
    case empty
    /// Any other result (an order's, …), not read here.
    case other
}
