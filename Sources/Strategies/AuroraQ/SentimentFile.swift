import Foundation

/// Timestamped sentiment scores for backtests (`ts_ms,asset,overall,fear_greed,volatility,trend`),
/// read once and looked up by decision time: features 16–21 of the observation (README.md).
/// The scores are the seed's value·confidence per query, each in [−1, 1].
public struct SentimentFile: Sendable {
    struct Rows: Sendable {
        var ts: [Int64] = []
        /// s2, s3, s4 of each row.
        var fearGreed: [Double] = [], volatility: [Double] = [], trend: [Double] = []
        /// Feature 16 of each row, and its running sum (for the 20- and 10-row means).
        var mean: [Double] = [], sums: [Double] = [0]
    }

    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    public static let header = ["ts_ms", "asset", "overall", "fear_greed", "volatility", "trend"]

    let assets: [String: Rows]
    public let path: String

    public init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure(description: "\(path): cannot read the sentiment file")
        }
        try self.init(text: String(decoding: data, as: UTF8.self), path: path)
    }

    /// Parses `text`; the first problem is an error naming the file, line and field.
    public init(text: String, path: String) throws {
        self.path = path
        var assets: [String: Rows] = [:]
        var lineNumber = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw[...]
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            func fail(_ message: String) -> Failure { Failure(description: "\(path):\(lineNumber): \(message)") }
            if lineNumber == 1 {
                guard fields == Self.header else { throw fail("the header must be \(Self.header.joined(separator: ","))") }
                continue
            }
            if line.allSatisfy(\.isWhitespace) { continue }
            guard fields.count == Self.header.count else {
                throw fail("\(fields.count) fields; expected \(Self.header.count) (\(Self.header.joined(separator: ",")))")
            }
            guard let ts = Int64(fields[0]) else { throw fail("ts_ms '\(fields[0])' is not an integer of milliseconds") }
            let asset = fields[1].uppercased()
            guard !asset.isEmpty else { throw fail("asset is empty") }
            var s = [Double]()
            for i in 2..<6 {
                guard let v = Double(fields[i]), v.isFinite, (-1...1).contains(v) else {
                    throw fail("\(Self.header[i]) '\(fields[i])' is not a score in [-1, 1]")
                }
                s.append(v)
            }
            var rows = assets[asset] ?? Rows()
            if let last = rows.ts.last, ts <= last {
                throw fail("ts_ms \(ts) is out of order: not after the previous \(asset) row's \(last)")
            }
            let m = (s[0] + s[1] + s[2] + s[3]) / 4
            rows.ts.append(ts)
            rows.fearGreed.append(s[1])
            rows.volatility.append(s[2])
            rows.trend.append(s[3])
            rows.mean.append(m)
            rows.sums.append(rows.sums.last! + m)
            assets[asset] = rows
        }
        self.assets = assets
    }

    /// Features 16–21 for `asset` at `time` from rows at or before it, the latest at most
    /// `maxAge` ms old; nil when there is none (the caller uses the neutral fallback).
    public func features(asset: String, at time: Int64, maxAge: Int64) -> [Double]? {
        guard let r = assets[asset.uppercased()] else { return nil }
        // Rows at or before `time`: never one published after the decision.
        var lo = 0, hi = r.ts.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if r.ts[mid] <= time { lo = mid + 1 } else { hi = mid }
        }
        let count = lo
        guard count > 0, time - r.ts[count - 1] <= maxAge else { return nil }
        let i = count - 1
        func recent(_ n: Int) -> Double {
            let k = min(n, count)
            return (r.sums[count] - r.sums[count - k]) / Double(k)
        }
        return [r.mean[i], (r.fearGreed[i] + 1) / 2, r.volatility[i], r.trend[i], recent(20), recent(10)]
    }
}
