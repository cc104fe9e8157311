import BinanceWire
import BotCore
import Synchronization

/// The request weight of one IP address, shared by every Binance client in the process: Binance
/// counts weight (and bans) per IP, whichever account or feed spends it. A request waits here
/// until its minute can take it; the answer's headers and any 429 or 418 update the count.
/// Order counts are per account: each gateway keeps its own book for those.
public actor BinanceIPLimits {
    private var book: BinanceLimitBook
    private static let registry = Mutex<[String: BinanceIPLimits]>([:])

    /// `guardMs`: how long after a minute's end it is taken to have turned (`BinanceLimitBook`).
    public init(weightPerMinute: Int = 6_000, guardMs: Int64 = BinanceLimitBook.clockGuardMs) {
        // Order counts unlimited here: they are the account's, not the IP's.
        book = BinanceLimitBook(weightPerMinute: weightPerMinute, ordersPer10s: .max, ordersPerDay: .max, guardMs: guardMs)
    }

    /// The limits of the machine's address towards `host` (one per REST host: a test's fake and
    /// the real venue are different servers).
    public static func shared(host: String) -> BinanceIPLimits {
        registry.withLock { r in
            if let l = r[host] { return l }
            let l = BinanceIPLimits()
            r[host] = l
            return l
        }
    }

    /// Waits until a request of `weight` fits, on `clock` (the venue's), and admits it.
    public func admit(weight: Int, clock: VenueClock) async -> BinanceLimitBook.Ticket {
        while true {
            switch book.admit(weight: weight, nowMs: clock.nowMs) {
            case .go(let t): return t
            case .waitUntil(let ms):
                // Checked again after at most 50 ms: the venue's clock may run at another pace
                // than ours (a test's fake), and answers meanwhile may free the window.
                try? await Task.sleep(for: .milliseconds(max(1, min(ms - clock.nowMs, 50))))
            }
        }
    }

    /// The answer to an admitted request, or nil headers when none came.
    public func answered(_ t: BinanceLimitBook.Ticket, headers: BinanceLimitHeaders?, backoff: BinanceBackoff?, clock: VenueClock) {
        book.answered(t, headers: headers, backoff: backoff, nowMs: clock.nowMs)
    }

    /// The limit `exchangeInfo` publishes. The same limit again keeps the minute's count.
    public func setWeightPerMinute(_ n: Int) {
        guard n != book.weight.limit else { return }
        book.setLimits(weightPerMinute: n, ordersPer10s: nil, ordersPerDay: nil)
    }

    /// Until when nothing may be sent, if a 429 or 418 said so.
    public var backoff: BinanceBackoff? { book.backoff }
    public var usedWeight: Int { book.weight.used }
}
