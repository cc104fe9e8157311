import Binance
import BinanceWire
import Testing

/// The client's count of Binance's limits: nothing is admitted that would break one, Binance's
/// own count corrects it, and a 429 or 418 stops everything until it ends.
struct LimitBookTests {
    func go(_ d: BinanceLimitBook.Decision) -> BinanceLimitBook.Ticket? {
        if case .go(let t) = d { return t }
        return nil
    }

    @Test func weightIsAdmittedUpToTheMinutesLimitThenWaitsForTheNextMinute() {
        var book = BinanceLimitBook(weightPerMinute: 100)
        let t0: Int64 = 1_700_000_040_000  // 40 s into a minute
        var admitted = 0
        while case .go = book.admit(weight: 20, nowMs: t0) { admitted += 1 }
        #expect(admitted == 5)
        #expect(book.admit(weight: 20, nowMs: t0) == .waitUntil(1_700_000_100_000))
        // A smaller request still fits nowhere: the window is full.
        #expect(book.admit(weight: 1, nowMs: t0 + 1_000) == .waitUntil(1_700_000_100_000))
        // The next minute starts with what is still in flight (5 × 20, unanswered): full too.
        #expect(book.admit(weight: 1, nowMs: 1_700_000_100_000) == .waitUntil(1_700_000_160_000))
    }

    @Test func answersFreeTheNextWindowAndBinancesCountCorrectsOurs() throws {
        var book = BinanceLimitBook(weightPerMinute: 100)
        let t0: Int64 = 1_700_000_040_000  // a minute's start
        let a = go(book.admit(weight: 10, nowMs: t0))!
        let b = go(book.admit(weight: 10, nowMs: t0))!
        // Binance says 90 used: other programs on this IP spend weight too.
        book.answered(a, headers: BinanceLimitHeaders(["X-MBX-USED-WEIGHT-1M": "90"]), backoff: nil, nowMs: t0 + 5)
        // 90 at Binance, and b (10) still on its way: nothing more fits.
        #expect(book.admit(weight: 1, nowMs: t0 + 10) == .waitUntil(t0 + 60_000))
        book.answered(b, headers: BinanceLimitHeaders(["x-mbx-used-weight-1m": "91"]), backoff: nil, nowMs: t0 + 20)
        #expect(book.weight.limit == 100)
        let c = try #require(go(book.admit(weight: 9, nowMs: t0 + 30)))
        #expect(book.admit(weight: 1, nowMs: t0 + 30) == .waitUntil(t0 + 60_000))
        book.answered(c, headers: BinanceLimitHeaders(["X-MBX-USED-WEIGHT-1M": "100"]), backoff: nil, nowMs: t0 + 40)
        // Answered, nothing in flight: the next minute is empty.
        #expect(go(book.admit(weight: 100, nowMs: t0 + 60_000)) != nil)
    }

    @Test func unfilledOrdersAreCountedPerTenSecondsAndPerDay() {
        var book = BinanceLimitBook(weightPerMinute: 6_000, ordersPer10s: 3, ordersPerDay: 5)
        let t0: Int64 = 1_700_000_000_000
        var tickets: [BinanceLimitBook.Ticket] = []
        for _ in 0..<3 { tickets.append(go(book.admit(weight: 1, orders: 1, nowMs: t0))!) }
        #expect(book.admit(weight: 1, orders: 1, nowMs: t0) == .waitUntil(t0 + 10_000))
        // A query places no order: it goes.
        #expect(go(book.admit(weight: 4, nowMs: t0)) != nil)
        for t in tickets { book.answered(t, headers: nil, backoff: nil, nowMs: t0 + 1) }
        // Ten seconds on, two more fit today, then the day is full.
        #expect(go(book.admit(weight: 1, orders: 1, nowMs: t0 + 10_000)) != nil)
        #expect(go(book.admit(weight: 1, orders: 1, nowMs: t0 + 10_000)) != nil)
        let day = (t0 / 86_400_000 + 1) * 86_400_000
        #expect(book.admit(weight: 1, orders: 1, nowMs: t0 + 20_000) == .waitUntil(day))
    }

    @Test func binancesOrderCountHeadersCountToo() {
        var book = BinanceLimitBook(weightPerMinute: 6_000, ordersPer10s: 10, ordersPerDay: 1_000)
        let t0: Int64 = 1_700_000_000_000
        let t = go(book.admit(weight: 1, orders: 1, nowMs: t0))!
        book.answered(t, headers: BinanceLimitHeaders(["X-MBX-ORDER-COUNT-10S": "10", "X-MBX-ORDER-COUNT-1D": "12"]),
                      backoff: nil, nowMs: t0 + 3)
        #expect(book.admit(weight: 1, orders: 1, nowMs: t0 + 4) == .waitUntil(t0 + 10_000))
        #expect(book.ordersDaily.limit == 1_000)
    }

    @Test func a429StopsEverythingForItsRetryAfterAndA418UntilTheBanEnds() throws {
        var book = BinanceLimitBook()
        let t0: Int64 = 1_700_000_000_000
        let t = go(book.admit(weight: 1, nowMs: t0))!
        let limited = try #require(BinanceBackoff(status: 429, headers: BinanceLimitHeaders(["Retry-After": "7"]), nowMs: t0 + 1))
        book.answered(t, headers: nil, backoff: limited, nowMs: t0 + 1)
        #expect(book.admit(weight: 1, nowMs: t0 + 2) == .waitUntil(t0 + 7_001))
        #expect(go(book.admit(weight: 1, nowMs: t0 + 7_001)) != nil)
        let u = go(book.admit(weight: 1, nowMs: t0 + 7_002))!
        let banned = try #require(BinanceBackoff(status: 418, headers: BinanceLimitHeaders(["Retry-After": "120"]), nowMs: t0 + 7_010))
        book.answered(u, headers: nil, backoff: banned, nowMs: t0 + 7_010)
        #expect(book.admit(weight: 1, nowMs: t0 + 60_000) == .waitUntil(t0 + 127_010))
        // A later, shorter 429 does not shorten the ban.
        let v = go(book.admit(weight: 1, nowMs: t0 + 127_010))!
        book.answered(v, headers: nil, backoff: try #require(BinanceBackoff(status: 429, headers: BinanceLimitHeaders(["Retry-After": "1"]),
                                                                            nowMs: t0 + 127_011)), nowMs: t0 + 127_011)
        #expect(book.admit(weight: 1, nowMs: t0 + 127_500) == .waitUntil(t0 + 128_011))
    }
}

/// The guard after a window's end: our reading of the venue's clock may be ahead of it.
@Suite struct LimitBookGuardTests {
    @Test func aWindowTurnsOnlyItsGuardAfterItsEnd() {
        var book = BinanceLimitBook(weightPerMinute: 6_000, ordersPer10s: 2, ordersPerDay: 1_000, guardMs: 250)
        for _ in 0..<2 {
            guard case .go(let t) = book.admit(weight: 1, orders: 1, nowMs: 9_000) else { Issue.record("refused"); return }
            book.answered(t, headers: nil, backoff: nil, nowMs: 9_100)
        }
        // Past the window's end on our clock, not yet past its guard: wait until then.
        #expect(book.admit(weight: 1, orders: 1, nowMs: 10_100) == .waitUntil(10_250))
        guard case .go = book.admit(weight: 1, orders: 1, nowMs: 10_250) else {
            Issue.record("the next window refused an order after the guard")
            return
        }
    }

    /// An answer that comes after the window's end but before this client moved on may have
    /// been counted by Binance in the next window: it starts there, with the header's count.
    @Test func anAnswerAfterTheWindowsEndCountsInTheNext() {
        var book = BinanceLimitBook(weightPerMinute: 6_000, ordersPer10s: 2, ordersPerDay: 1_000, guardMs: 250)
        guard case .go(let a) = book.admit(weight: 1, orders: 1, nowMs: 9_990) else { Issue.record("refused"); return }
        // Binance took it at 10,010 (its next window: 1 order) and said so; we are within the guard.
        var headers = BinanceLimitHeaders([String: String]())
        headers.orderCount[.tenSeconds] = 1
        book.answered(a, headers: headers, backoff: nil, nowMs: 10_020)
        guard case .go = book.admit(weight: 1, orders: 1, nowMs: 10_300) else { Issue.record("refused"); return }
        // One late, one new: the window of 2 is full.
        #expect(book.admit(weight: 1, orders: 1, nowMs: 10_400) == .waitUntil(20_250))
    }
}
