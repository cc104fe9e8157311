/// What an answer says about sending more: nothing (nil), a broken limit (HTTP 429: send
/// nothing more until `untilMs`), or a ban of the IP for having gone on after 429s (HTTP 418:
/// nothing at all until `untilMs`). A ban lasts anywhere between two minutes and three days. A pure value: the caller
/// keeps the latest and holds its requests until then.
public struct BinanceBackoff: Hashable, Sendable, CustomStringConvertible {
    public enum Reason: String, Hashable, Sendable {
        case rateLimited
        case banned
    }

    public var reason: Reason
    /// Epoch ms.
    public var untilMs: Int64

    public init(reason: Reason, untilMs: Int64) {
        self.reason = reason
        self.untilMs = untilMs
    }

    /// Waited after a 429 that says nothing of how long: a minute, the weight limit's window.
    public static let defaultRateLimitMs: Int64 = 60_000
    /// Waited after a 418 that says nothing of how long: the shortest ban.
    public static let defaultBanMs: Int64 = 120_000
    /// The longest ban Binance documents, and the longest wait taken from an answer: a garbled
    /// header must not stop the account for good.
    public static let maxWaitMs: Int64 = 3 * 86_400_000

    /// From a REST answer at `nowMs`: its status, `Retry-After` (seconds), and for a ban the
    /// time in its message ("IP banned until 1659146400000"), whichever is later. nil for any
    /// status but 429 and 418.
    public init?(status: Int, headers: BinanceLimitHeaders, body: [UInt8] = [], nowMs: Int64) {
        let bannedUntil: Int64? = status == 418 || status == 429 ? BinanceResponse.error(status: status, body: body).retryAfterMs : nil
        let retryAfterMs = headers.retryAfterSeconds.map { Int64(min($0, Int(Self.maxWaitMs / 1000))) * 1000 }
        self.init(status: status, retryAfterMs: retryAfterMs.map { Self.plus(nowMs, $0) }, untilMs: bannedUntil, nowMs: nowMs)
    }

    /// From a WebSocket API answer's `status` and its error (whose `retryAfter` is epoch ms).
    public init?(webSocketStatus status: Int, error: BinanceError?, nowMs: Int64) {
        self.init(status: status, retryAfterMs: nil, untilMs: error?.retryAfterMs, nowMs: nowMs)
    }

    private init?(status: Int, retryAfterMs: Int64?, untilMs: Int64?, nowMs: Int64) {
        let reason: Reason
        switch status {
        case 429: reason = .rateLimited
        case 418: reason = .banned
        default: return nil
        }
        let fallback = Self.plus(nowMs, reason == .banned ? Self.defaultBanMs : Self.defaultRateLimitMs)
        let stated = [retryAfterMs, untilMs].compactMap { $0 }.max()
        self.init(reason: reason, untilMs: stated.map { min(max($0, nowMs), Self.plus(nowMs, Self.maxWaitMs)) } ?? fallback)
    }

    private static func plus(_ a: Int64, _ b: Int64) -> Int64 {
        let (s, overflow) = a.addingReportingOverflow(b)
        return overflow ? .max : s
    }

    /// Whether a request may go at `nowMs`.
    public func allows(nowMs: Int64) -> Bool { nowMs >= untilMs }

    /// This back-off and a newer one together: the one that ends later (a ban on a tie).
    public func merged(with other: BinanceBackoff?) -> BinanceBackoff {
        guard let other else { return self }
        if other.untilMs != untilMs { return other.untilMs > untilMs ? other : self }
        return other.reason == .banned ? other : self
    }

    public var description: String { "\(reason.rawValue) until \(untilMs)" }
}
