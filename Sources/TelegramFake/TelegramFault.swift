/// A fault the next requests of a method get instead of their answer (`TelegramFake.inject`).
/// These are what a client meets between it and Telegram, not Telegram's own refusals.
public enum TelegramFault: Sendable, Equatable {
    /// This status and body, as given.
    case status(Int, body: String)
    /// The connection closes with no answer.
    case close
    /// The request is taken and never answered (the client's timeout ends it).
    case hold
    /// Flood control: 429 with `parameters.retry_after`.
    case tooManyRequests(retryAfter: Int)
    /// 502 with a proxy's HTML page, as nginx in front of the Bot API gives it.
    case badGateway
}
