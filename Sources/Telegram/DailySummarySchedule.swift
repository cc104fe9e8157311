import Foundation

/// When each user's daily summary is due: once a day, at `[telegram] daily_summary_hour` in
/// the user's own time zone. The day last summarised is stored (as `yyyymmdd`), so a restart
/// neither repeats nor skips one; a summary missed while botd was down goes out when it is
/// back, on that day only (a week away is not seven summaries).
public enum DailySummarySchedule {
    /// The day (`yyyymmdd` in `zone`) whose summary is due at `nowMs`, or nil: none yet today,
    /// or today's already sent (`lastSent`).
    public static func due(hour: Int, zone: TimeZone, lastSent: Int64?, nowMs: Int64) -> Int64? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let now = Date(timeIntervalSince1970: Double(nowMs) / 1000)
        let c = calendar.dateComponents([.year, .month, .day, .hour], from: now)
        guard let y = c.year, let m = c.month, let d = c.day, let h = c.hour, h >= hour else { return nil }
        let today = Int64(y * 10_000 + m * 100 + d)
        if let lastSent, lastSent >= today { return nil }
        return today
    }
}
