import BotCore

/// `GET /api/v5/market/candles` and `history-candles`: rows
/// `[ts, o, h, l, c, vol, volCcy, volCcyQuote, confirm]` of strings, newest first.
public enum OKXCandleRows {
    /// The bars of an answer for `instId`, oldest first. The volume is in base units as in
    /// the hot parser: `vol` for spot, `volCcy` for derivatives.
    public static func decode(status: Int, body: [UInt8], instId: String) throws(OKXError) -> [OKXCandle] {
        let rows = try OKXResponse.data([String].self, status: status, body: body)
        let derivative = instId.utf8.count(where: { $0 == UInt8(ascii: "-") }) >= 2
        var out: [OKXCandle] = []
        out.reserveCapacity(rows.count)
        for (i, row) in rows.enumerated() {
            func bad(_ c: Int, _ why: String) -> OKXError {
                .malformed("data[\(i)][\(c)]" + (c < 9 ? " (\(MarketFieldPath.candleColumns[c]))" : ""), why, httpStatus: status)
            }
            guard row.count >= 9 else { throw OKXError.malformed("data[\(i)]", "a candle has 9 fields, not \(row.count)", httpStatus: status) }
            func price(_ c: Int) throws(OKXError) -> Price {
                do { return try Price.parse(row[c][...]) } catch { throw bad(c, error.description) }
            }
            guard row[0].utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let ts = Int64(row[0]) else { throw bad(0, "not a timestamp in ms") }
            let v = derivative ? 6 : 5
            guard let volume = Double(row[v]), volume.isFinite else { throw bad(v, "not a number") }
            guard row[8] == "0" || row[8] == "1" else { throw bad(8, "confirm must be \"0\" or \"1\"") }
            let candle = Candle(ts: ts, open: try price(1), high: try price(2), low: try price(3), close: try price(4), volume: volume)
            out.append(OKXCandle(candle: candle, confirmed: row[8] == "1"))
        }
        return out.reversed()
    }
}
