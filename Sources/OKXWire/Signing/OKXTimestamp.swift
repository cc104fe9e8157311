/// OKX's REST timestamp, UTC ISO-8601 with milliseconds ("2020-12-08T09:08:57.715Z"), from epoch
/// milliseconds. Written by hand: the civil date is a few integer divisions (H. Hinnant's
/// `civil_from_days`), where a DateFormatter would bring a locale, a calendar and a lock.
public enum OKXTimestamp {
    public static func iso8601(milliseconds ms: Int64) -> String {
        let (secondsTotal, millis) = floorDivide(ms, 1000)
        let (days, secondOfDay) = floorDivide(secondsTotal, 86_400)
        let (year, month, day) = civil(days: days)
        var s = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
        s += "T" + pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
        return s + "." + pad(millis, 3) + "Z"
    }

    /// The WebSocket login's timestamp: whole Unix seconds, as text.
    public static func seconds(milliseconds ms: Int64) -> String { String(floorDivide(ms, 1000).0) }

    private static func floorDivide(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let q = a / b, r = a % b
        return r < 0 ? (q - 1, r + b) : (q, r)
    }

    /// Year, month (1…12), day (1…31) of the proleptic Gregorian calendar, days from 1970-01-01.
    private static func civil(days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    private static func pad(_ v: Int64, _ width: Int) -> String {
        let s = String(v.magnitude)
        return (v < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - s.count)) + s
    }
}
