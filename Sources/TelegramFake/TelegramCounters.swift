/// What the fake answered, counted, so a test can tell "retried" from "gave up" without
/// reading logs.
public struct TelegramCounters: Sendable, Equatable {
    /// getUpdates calls that reached the method (a fault given instead is not one).
    public var getUpdates = 0
    /// 409s: a webhook set, or a second poller (a poll ended by another counts here too).
    public var conflicts = 0
    public var tooManyRequests = 0
    public var badRequests = 0
    public var unauthorized = 0
    public var forbidden = 0
    /// Unknown methods and paths.
    public var notFound = 0
    /// Requests a fault held without an answer.
    public var held = 0
    /// Requests per method (lower-cased), faults included, those with a wrong token not.
    public var requests: [String: Int] = [:]
}
