import TelegramWire

/// What the poller does after each getUpdates, as a state machine with actions (no I/O): go
/// on at once, wait, or stop. Another poller or a webhook (409) is reported and waited out
/// with a growing back-off, as are a flood-control answer, a server's trouble and a failed
/// connection; a bad token (401) stops Telegram alone, with the cause, never the daemon.
public struct PollState: Sendable {
    public enum Action: Equatable, Sendable {
        /// Poll again now.
        case poll
        /// Poll again after `ms`; `report` is said once per run of failures (its first).
        case wait(ms: Int64, report: String?)
        /// Stop polling: Telegram cannot be used (the reason, for the log).
        case stop(String)
    }

    /// Failures in a row, for the back-off; reset by an answer.
    public private(set) var failures = 0
    static let maxBackoffMs: Int64 = 60_000

    public init() {}

    /// An answer came (updates or none).
    public mutating func answered() -> Action {
        failures = 0
        return .poll
    }

    /// getUpdates failed with `error` (Telegram's) or the transport did (`nil`: the request got
    /// no answer).
    public mutating func failed(_ error: TelegramError?) -> Action {
        failures += 1
        let first = failures == 1
        let backoff = min(Self.maxBackoffMs, 1_000 << min(failures - 1, 6))
        switch error {
        case .unauthorized?:
            return .stop("Telegram refused the bot token (401 Unauthorized): check the variable [telegram] token_env names; botd goes on without Telegram")
        case .rateLimited(let seconds)?:
            return .wait(ms: Int64(max(1, seconds)) * 1_000, report: first ? "Telegram asked to wait \(seconds) s (429)" : nil)
        case .conflict?:
            let why = error?.isWebhookConflict == true
                ? "a webhook is set for this bot token; botd deletes it before polling, so another program set it"
                : "another program is polling with this bot token (409); only one may: stop the other one"
            return .wait(ms: backoff, report: first ? why : nil)
        default:
            return .wait(ms: backoff, report: first ? "getUpdates failed; trying again with back-off" : nil)
        }
    }
}
