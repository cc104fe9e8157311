import BotCore
import Foundation

/// `GET /api/v3/klines`: rows `[openTime, o, h, l, c, volume, closeTime, quoteVolume, trades,
/// takerBuyBase, takerBuyQuote, ignore]`, times and counts as numbers, the rest as strings,
/// oldest first.
public enum BinanceKlineRows {
    static let columns = ["openTime", "open", "high", "low", "close", "volume", "closeTime"]

    /// The klines of an answer for `interval`; a kline still forming at `serverTimeMs` (the
    /// last, normally) is not `closed`.
    public static func decode(status: Int, body: [UInt8], interval: BinanceKlineInterval,
                              serverTimeMs: Int64) throws(BinanceError) -> [BinanceKline] {
        guard (200..<300).contains(status) else { throw BinanceResponse.error(status: status, body: body) }
        let parsed: Any
        do { parsed = try JSONSerialization.jsonObject(with: Data(body)) } catch {
            throw BinanceError.malformed("", "not JSON", httpStatus: status)
        }
        guard let rows = parsed as? [Any] else { throw BinanceError.malformed("", "expected an array", httpStatus: status) }
        var out: [BinanceKline] = []
        out.reserveCapacity(rows.count)
        for (i, item) in rows.enumerated() {
            func bad(_ c: Int, _ why: String) -> BinanceError {
                .malformed("[\(i)][\(c)]" + (c < columns.count ? " (\(columns[c]))" : ""), why, httpStatus: status)
            }
            guard let row = item as? [Any], row.count >= 7 else {
                throw BinanceError.malformed("[\(i)]", "a kline row has at least 7 fields (open time … close time)", httpStatus: status)
            }
            func millis(_ c: Int) throws(BinanceError) -> Int64 {
                guard let v = BinanceJSON.int64(row[c]), v >= 0 else { throw bad(c, "not a time in ms") }
                return v
            }
            func price(_ c: Int) throws(BinanceError) -> Price {
                guard let s = row[c] as? String else { throw bad(c, "expected a string") }
                do { return try Price.parse(s[...]) } catch { throw bad(c, error.description) }
            }
            guard let v = row[5] as? String, let volume = Double(v), volume.isFinite else { throw bad(5, "not a number") }
            let openMs = try millis(0), closeMs = try millis(6)
            let candle = Candle(ts: openMs, open: try price(1), high: try price(2), low: try price(3), close: try price(4),
                                volume: volume)
            out.append(BinanceKline(candle: candle, interval: interval, closeMs: closeMs, closed: closeMs < serverTimeMs))
        }
        return out
    }
}
