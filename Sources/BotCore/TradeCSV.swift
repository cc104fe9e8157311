#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads trade files `ts_ms,trade_id,price,amount,side` (one header line; `side` is the
/// taker's, `buy` or `sell`). Every row is checked: a field that does not parse, a time that
/// goes back, a non-positive price or amount, or an unknown side stops the load with the file
/// and line. Several trades may share a millisecond.
public enum TradeCSV {
    public static let header = "ts_ms,trade_id,price,amount,side"

    /// True when `path` starts with the trade header (how a replay tells trades from candles).
    public static func isTradeFile(_ path: String) -> Bool {
        // Only the header line: the file itself may be large, and the load reads it anyway.
        guard let f = fopen(path, "r") else { return false }
        defer { fclose(f) }
        var head = [UInt8](repeating: 0, count: header.utf8.count + 3)
        let n = fread(&head, 1, head.count, f)
        return head[..<n].dropFirst(DataFile.byteOrderMarkLength(head[..<n])).starts(with: header.utf8)
    }

    public static func load(path: String) throws(DataFileError) -> [Trade] {
        try parse(try DataFile.read(path), file: path)
    }

    /// The trades in `bytes`, the contents of `file` (named in errors).
    public static func parse(_ bytes: [UInt8], file path: String) throws(DataFileError) -> [Trade] {
        let text = String(decoding: bytes.dropFirst(DataFile.byteOrderMarkLength(bytes)), as: UTF8.self)
        var trades: [Trade] = []
        var lastTs = Int64.min
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if n == 0 {
                guard line == header else {
                    throw DataFileError(file: path, line: 1, message: "expected the header '\(header)' (got '\(q(line))')")
                }
                continue
            }
            if line.isEmpty { continue }
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            func bad(_ what: String) -> DataFileError { DataFileError(file: path, line: n + 1, message: what) }
            guard f.count == 5 else { throw bad("expected 5 fields, got \(f.count)") }
            guard f[0].utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let ts = Int64(f[0]) else {
                throw bad("ts_ms '\(q(f[0]))' is not a plain integer")
            }
            guard ts >= lastTs else { throw bad("ts_ms \(ts) goes back in time (previous \(lastTs))") }
            guard let price = Price(String(f[2])), price.raw > 0 else { throw bad("price '\(q(f[2]))' is not a positive number") }
            guard let amount = Quantity(String(f[3])), amount.raw > 0 else { throw bad("amount '\(q(f[3]))' is not a positive number") }
            guard let side = Side(rawValue: String(f[4])) else { throw bad("side '\(q(f[4]))' must be buy or sell") }
            lastTs = ts
            trades.append(Trade(ts: ts, price: price, quantity: amount, side: side))
        }
        return trades
    }

    private static func q(_ s: Substring) -> String { DataFile.quote(s.utf8) }
}
