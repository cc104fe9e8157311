/// A request that cannot be built: which field, and why. Caught here, before Telegram answers
/// a bare 400 that names nothing. Never carries the token.
public struct TelegramRequestError: Error, Hashable, Sendable, CustomStringConvertible {
    public var field: String
    public var reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String { "\(field): \(reason)" }
}
