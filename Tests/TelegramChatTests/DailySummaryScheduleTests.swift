import Foundation
import Telegram
import Testing

/// The daily summary: due once a day at the hour in the user's own zone.
struct DailySummaryScheduleTests {
    let seoul = TimeZone(identifier: "Asia/Seoul")!
    // 2026-12-05 12:00 UTC = 21:00 in Seoul.
    let noonUTC: Int64 = 1_796_472_000_000

    @Test func dueAtTheHourInTheUsersZoneOnceADay() {
        #expect(DailySummarySchedule.due(hour: 21, zone: seoul, lastSent: nil, nowMs: noonUTC) == 20261205)
        #expect(DailySummarySchedule.due(hour: 21, zone: seoul, lastSent: nil, nowMs: noonUTC - 60_000) == nil)
        #expect(DailySummarySchedule.due(hour: 21, zone: seoul, lastSent: 20261205, nowMs: noonUTC + 3_600_000) == nil)
        // The same instant is only noon in London: not yet due there.
        #expect(DailySummarySchedule.due(hour: 21, zone: TimeZone(identifier: "UTC")!, lastSent: nil, nowMs: noonUTC) == nil)
        // Back after three days away: one summary, today's.
        #expect(DailySummarySchedule.due(hour: 21, zone: seoul, lastSent: 20261202, nowMs: noonUTC) == 20261205)
    }
}
