import BinanceWire
import Testing

/// The usage headers of every answer, and what a 429 and then a 418 say about sending more
/// (protocols.md §1.4).
struct LimitHeaderTests {
    @Test func usedWeightAndOrderCounts() {
        let h = BinanceLimitHeaders(["x-mbx-used-weight-1m": "1234", "X-MBX-USED-WEIGHT-1S": "5", "x-mbx-order-count-10s": "3",
                                     "X-MBX-ORDER-COUNT-1D": "170", "content-type": "application/json", "x-mbx-used-weight": "7",
                                     "x-mbx-used-weight-xm": "9", "x-mbx-order-count-1w": "2", "x-mbx-used-weight-1h": "n/a"])
        #expect(h.usedWeight == [.oneMinute: 1234, BinanceLimitWindow(1, .second): 5])
        #expect(h.usedWeightPerMinute == 1234)
        #expect(h.orderCount == [.tenSeconds: 3, .oneDay: 170])
        #expect(h.retryAfterSeconds == nil)
        #expect(BinanceLimitWindow.tenSeconds.description == "10S" && BinanceLimitWindow.oneDay.seconds == 86_400)
        // The transport's header list, in any case, the last of a repeated one winning.
        let list = BinanceLimitHeaders([(name: "X-MBX-USED-WEIGHT-1M", value: " 10 "), (name: "x-mbx-used-weight-1m", value: "11"),
                                        (name: "Retry-After", value: "30")])
        #expect(list.usedWeightPerMinute == 11 && list.retryAfterSeconds == 30)
        #expect(BinanceLimitHeaders(["retry-after": "soon"]).retryAfterSeconds == nil)
    }

    @Test func successIsNoBackoff() {
        #expect(BinanceBackoff(status: 200, headers: BinanceLimitHeaders(["x-mbx-used-weight-1m": "5999"]), nowMs: 0) == nil)
        #expect(BinanceBackoff(status: 400, headers: BinanceLimitHeaders(["retry-after": "9"]), nowMs: 0) == nil)
        #expect(BinanceBackoff(status: 503, headers: BinanceLimitHeaders([:]), nowMs: 0) == nil)
    }

    /// A 429 says how long to wait; going on brings a 418 and a ban, which outlasts it.
    @Test func rateLimitedThenBanned() throws {
        let now: Int64 = 1_659_142_907_531
        let limited = try #require(BinanceBackoff(status: 429, headers: BinanceLimitHeaders(["Retry-After": "30", "x-mbx-used-weight-1m": "6010"]),
                                                  body: Array(#"{"code":-1003,"msg":"Too much request weight used; current limit is 6000 request weight per 1 MINUTE."}"#.utf8),
                                                  nowMs: now))
        #expect(limited == BinanceBackoff(reason: .rateLimited, untilMs: now + 30_000))
        #expect(!limited.allows(nowMs: now + 29_999) && limited.allows(nowMs: now + 30_000))
        let banned = try #require(BinanceBackoff(status: 418, headers: BinanceLimitHeaders(["retry-after": "3600"]),
                                                 body: Array(#"{"code":-1003,"msg":"Way too much request weight used; IP banned until 1659146400000. Please use WebSocket Streams for live updates to avoid bans."}"#.utf8),
                                                 nowMs: now + 1000))
        // The later of Retry-After (now + 1 s + 3600 s) and the time in the message.
        #expect(banned == BinanceBackoff(reason: .banned, untilMs: now + 1000 + 3_600_000))
        let merged = limited.merged(with: banned)
        #expect(merged == banned && !merged.allows(nowMs: now + 60_000) && merged.description == "banned until \(now + 1000 + 3_600_000)")
        // A later 429 never shortens a ban.
        let again = try #require(BinanceBackoff(status: 429, headers: BinanceLimitHeaders(["retry-after": "1"]), nowMs: now + 2000))
        #expect(merged.merged(with: again) == banned)
        // The ban's own time when it is the later one.
        let fromMessage = try #require(BinanceBackoff(status: 418, headers: BinanceLimitHeaders(["retry-after": "1"]),
                                                      body: Array(#"{"code":-1003,"msg":"Way too much request weight used; IP banned until 1659146400000."}"#.utf8),
                                                      nowMs: now))
        #expect(fromMessage.untilMs == 1_659_146_400_000)
    }

    @Test func defaultsWhenNothingSaysHowLong() throws {
        #expect(try #require(BinanceBackoff(status: 429, headers: BinanceLimitHeaders([:]), nowMs: 1000)).untilMs == 1000 + BinanceBackoff.defaultRateLimitMs)
        let ban = try #require(BinanceBackoff(status: 418, headers: BinanceLimitHeaders([:]), body: Array("<html>".utf8), nowMs: 1000))
        #expect(ban == BinanceBackoff(reason: .banned, untilMs: 1000 + 120_000))
    }

    /// A garbled wait never stops the account for longer than the longest documented ban, nor
    /// overflows.
    @Test func absurdWaitsAreCapped() throws {
        let now: Int64 = 1_700_000_000_000
        let huge = try #require(BinanceBackoff(status: 429, headers: BinanceLimitHeaders(["retry-after": String(Int.max)]), nowMs: now))
        #expect(huge.untilMs == now + BinanceBackoff.maxWaitMs)
        let far = try #require(BinanceBackoff(status: 418, headers: BinanceLimitHeaders([:]),
                                              body: Array(#"{"code":-1003,"msg":"IP banned until 9999999999999999."}"#.utf8), nowMs: now))
        #expect(far.untilMs == now + 3 * 86_400_000)
        let past = try #require(BinanceBackoff(status: 418, headers: BinanceLimitHeaders([:]),
                                               body: Array(#"{"code":-1003,"msg":"IP banned until 1000000000000."}"#.utf8), nowMs: now))
        #expect(past.untilMs == now && past.allows(nowMs: now))
        #expect(try #require(BinanceBackoff(status: 429, headers: BinanceLimitHeaders(["retry-after": "5"]), nowMs: Int64.max - 1)).untilMs == Int64.max)
    }

    @Test func webSocketAPIStatus() throws {
        let frame = #"{"id":"a","status":418,"error":{"code":-1003,"msg":"Way too much request weight used; IP banned until 1659146400000. Please use WebSocket Streams for live updates to avoid bans.","data":{"serverTime":1659142907531,"retryAfter":1659146400000}},"rateLimits":[{"rateLimitType":"REQUEST_WEIGHT","interval":"MINUTE","intervalNum":1,"limit":6000,"count":12011}]}"#
        guard case .response(let r) = try BinanceWSAPIMessage.decode(frame) else { Issue.record("not a response"); return }
        #expect(r.backoff(nowMs: 1_659_142_907_531) == BinanceBackoff(reason: .banned, untilMs: 1_659_146_400_000))
        let limited = #"{"id":"b","status":429,"error":{"code":-1003,"msg":"Too much request weight used; current limit is 6000 request weight per 1 MINUTE.","data":{"serverTime":1659142907531,"retryAfter":1659142920000}}}"#
        guard case .response(let l) = try BinanceWSAPIMessage.decode(limited) else { Issue.record("not a response"); return }
        #expect(l.backoff(nowMs: 1_659_142_907_531) == BinanceBackoff(reason: .rateLimited, untilMs: 1_659_142_920_000))
        #expect(l.error?.kind == .rateLimited)
    }
}
