/// Where a bot's calls go: `base + "/bot" + token + "/" + method`. The URL holds the token, so
/// it must never be logged as it is: log `redact(url)`; the endpoint itself prints redacted.
public struct TelegramEndpoint: Hashable, Sendable, CustomStringConvertible {
    public static let official = "https://api.telegram.org"

    /// Scheme and host (and a path prefix for a local Bot API server), without a trailing `/`.
    public let base: String
    public let token: TelegramToken

    public init(base: String = TelegramEndpoint.official, token: TelegramToken) {
        var b = Substring(base)
        while b.hasSuffix("/") { b.removeLast() }
        self.base = String(b)
        self.token = token
    }

    /// The URL of `method`.
    public func url(_ method: String) -> String { base + "/bot" + token.secret + "/" + method }

    public func url<R>(for request: TelegramRequest<R>) -> String { url(request.method) }

    /// `text` with the token replaced; use it on every URL, error and response that is shown.
    public func redact(_ text: String) -> String { token.redact(text) }

    public var description: String { base + "/bot<redacted>" }
}
