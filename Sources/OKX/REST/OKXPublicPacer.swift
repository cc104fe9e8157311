import BotCore
import OKXWire

/// OKX limits its public endpoints per IP address (candles 40, history-candles 20, time 10 and
/// instruments 20 requests per 2 s): every client in the process shares them, so one pacer
/// serves all, on the local clock (the windows' length is what matters, not their epoch).
actor OKXPublicPacer {
    static let shared = OKXPublicPacer()
    private var windows = OKXWindows()

    /// Waits for a slot of `request`'s endpoint; the ticket to release when it is answered.
    func admit(_ request: OKXRequest) async -> Int? {
        guard let limit = OKXRateLimits.limit(method: request.method.rawValue, path: request.path) else { return nil }
        while true {
            let (ticket, wait) = windows.admit([(request.path, limit.requests)], nowMs: wallClockMilliseconds())
            if let ticket { return ticket }
            try? await Task.sleep(for: .milliseconds(min(wait, 50)))
        }
    }

    func release(_ ticket: Int) { windows.release(ticket, nowMs: wallClockMilliseconds()) }
}
