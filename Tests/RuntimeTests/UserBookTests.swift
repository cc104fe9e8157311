import BotCore
import Runtime
import Testing

struct UserBookTests {
    @Test func sumsBotsAndResetsTheDailyPnLAtUTCMidnight() async {
        let book = UserBook()
        let day = Int64(86_400_000)
        book.update(user: "u", bot: "a", notional: 100, pnl: 50, ts: 10 * day + 1)   // baseline 50
        book.update(user: "u", bot: "a", notional: 100, pnl: 20, ts: 10 * day + 2)   // −30 today
        book.update(user: "u", bot: "b", notional: 300, pnl: 0, ts: 10 * day + 3)    // baseline 0
        book.update(user: "u", bot: "b", notional: 300, pnl: -5, ts: 10 * day + 4)   // −5 today
        book.update(user: "v", bot: "c", notional: 999, pnl: -999, ts: 10 * day + 5)
        var e = book.exposure(user: "u")
        #expect(e.notional == 400 && e.dailyPnL == -35)
        // Next day: yesterday's last figures are the baselines.
        book.update(user: "u", bot: "a", notional: 0, pnl: 25, ts: 11 * day)
        e = book.exposure(user: "u")
        #expect(e.dailyPnL == Money.of("5") + (-5) - 0)   // a: 25 − 20; b still on day 10: −5
        book.remove(user: "u", bot: "b")
        #expect(book.exposure(user: "u").notional == 0)
    }

    @Test func reservationsAreSeenByTheNextCheck() async {
        let book = UserBook()
        let first = book.reserve(user: "u", bot: "a", notional: 10)
        let second = book.reserve(user: "u", bot: "b", notional: 10)
        #expect(first.notional == 0 && second.notional == 10)
        book.release(user: "u", bot: "b", notional: 10)
        #expect(book.exposure(user: "u").notional == 10)
        // The bot's report replaces its reservation with what its ledger holds.
        book.update(user: "u", bot: "a", notional: 12, pending: 0, pnl: 0, ts: 1)
        #expect(book.exposure(user: "u").notional == 12)
    }
}
