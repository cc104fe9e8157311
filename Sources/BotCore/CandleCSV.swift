#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A candle file problem, located by file and 1-based line.
public struct DataFileError: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String
    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }
    public var description: String { line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)" }
}

/// Reads candle files `ts_ms,open,high,low,close,volume` (bar open time in ms, one header line).
///
/// Prices are parsed straight into fixed point from the bytes (no `String` per field), so a
/// 130,000-row file loads in a few milliseconds. Every row is checked: a field that does not
/// parse, a non-increasing timestamp, a NaN or non-positive price, or a high/low that does not
/// contain the open and close stops the load with the file and line.
public enum CandleCSV {
    public static let header = "ts_ms,open,high,low,close,volume"

    public static func load(path: String) throws(DataFileError) -> [Candle] {
        guard let bytes = readFile(path) else {
            throw DataFileError(file: path, line: 0, message: "cannot read the file (\(String(cString: strerror(errno))))")
        }
        return try parse(bytes, file: path)
    }

    public static func parse(_ bytes: [UInt8], file: String) throws(DataFileError) -> [Candle] {
        var out: [Candle] = []
        out.reserveCapacity(bytes.count / 50)
        var line = 0
        var i = 0
        let n = bytes.count
        var lastTs = Int64.min
        while i < n {
            var end = i
            while end < n && bytes[end] != 0x0A { end += 1 }
            line += 1
            var stop = end
            if stop > i && bytes[stop - 1] == 0x0D { stop -= 1 }
            defer { i = end + 1 }
            if stop == i { continue }
            if line == 1 {
                let h = String(decoding: bytes[i..<stop], as: UTF8.self)
                guard h == header else {
                    throw DataFileError(file: file, line: 1, message: "expected the header '\(header)', found '\(h)'")
                }
                continue
            }
            let c = try row(bytes, i, stop, file: file, line: line)
            guard c.ts > lastTs else {
                throw DataFileError(file: file, line: line, message: "timestamp \(c.ts) does not increase (previous row \(lastTs))")
            }
            lastTs = c.ts
            out.append(c)
        }
        if line == 0 { throw DataFileError(file: file, line: 0, message: "the file is empty") }
        return out
    }

    private static func row(_ b: [UInt8], _ start: Int, _ stop: Int, file: String, line: Int) throws(DataFileError) -> Candle {
        var fields: (Int, Int, Int, Int, Int, Int, Int) = (start, 0, 0, 0, 0, 0, 0)
        var count = 1
        var j = start
        while j < stop {
            if b[j] == UInt8(ascii: ",") {
                guard count < 6 else { throw DataFileError(file: file, line: line, message: "expected 6 fields, found more") }
                switch count {
                case 1: fields.1 = j + 1
                case 2: fields.2 = j + 1
                case 3: fields.3 = j + 1
                case 4: fields.4 = j + 1
                default: fields.5 = j + 1
                }
                count += 1
            }
            j += 1
        }
        guard count == 6 else { throw DataFileError(file: file, line: line, message: "expected 6 fields, found \(count)") }
        let starts = [fields.0, fields.1, fields.2, fields.3, fields.4, fields.5, stop + 1]
        func slice(_ k: Int) -> ArraySlice<UInt8> { b[starts[k]..<(starts[k + 1] - 1)] }
        guard let ts = parseInt(slice(0)) else {
            throw DataFileError(file: file, line: line, message: "ts_ms '\(text(slice(0)))' is not an integer")
        }
        var prices: [Price] = []
        prices.reserveCapacity(4)
        for (k, name) in [(1, "open"), (2, "high"), (3, "low"), (4, "close")] {
            let s = slice(k)
            guard let p = parseFixed(s) else {
                throw DataFileError(file: file, line: line, message: "\(name) '\(text(s))' is not a number")
            }
            guard p.raw > 0 else {
                throw DataFileError(file: file, line: line, message: "\(name) must be positive (got \(text(s)))")
            }
            prices.append(p)
        }
        let vs = slice(5)
        let volume: Double
        if let v = parseFixed(vs) { volume = v.doubleValue } else if let v = Double(text(vs)), v.isFinite { volume = v } else {
            throw DataFileError(file: file, line: line, message: "volume '\(text(vs))' is not a number")
        }
        guard volume >= 0 else { throw DataFileError(file: file, line: line, message: "volume must not be negative") }
        let (o, h, l, c) = (prices[0], prices[1], prices[2], prices[3])
        guard h >= max(o, c), l <= min(o, c) else {
            throw DataFileError(file: file, line: line, message: "high \(h) and low \(l) do not contain open \(o) and close \(c)")
        }
        return Candle(ts: ts, open: o, high: h, low: l, close: c, volume: volume)
    }

    private static func text(_ s: ArraySlice<UInt8>) -> String { String(decoding: s, as: UTF8.self) }

    private static func parseInt(_ s: ArraySlice<UInt8>) -> Int64? {
        guard !s.isEmpty, s.count <= 18 else { return nil }
        var v: Int64 = 0
        for c in s {
            guard c >= 48, c <= 57 else { return nil }
            v = v * 10 + Int64(c - 48)
        }
        return v
    }

    /// Fast path for plain decimals; nil for anything else (NaN, exponents, > 9 decimals).
    private static func parseFixed(_ s: ArraySlice<UInt8>) -> Price? {
        guard !s.isEmpty, s.count <= 19 else { return nil }
        var ip: Int64 = 0, fp: Int64 = 0, fd = 0, digits = 0
        var dot = false
        for c in s {
            if c == UInt8(ascii: ".") {
                if dot { return nil }
                dot = true
                continue
            }
            guard c >= 48, c <= 57 else { return nil }
            digits += 1
            if dot {
                fd += 1
                if fd > 9 { if c != 48 { return nil } else { continue } }
                fp = fp * 10 + Int64(c - 48)
            } else {
                ip = ip * 10 + Int64(c - 48)
                if ip > 9_000_000_000 { return nil }
            }
        }
        guard digits > 0 else { return nil }
        var f = fp
        var k = min(fd, 9)
        while k < 9 { f *= 10; k += 1 }
        return Price(raw: ip * FixedPointScale.factor + f)
    }

    static func readFile(_ path: String) -> [UInt8]? {
        guard let f = fopen(path, "rb") else { return nil }
        defer { fclose(f) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let got = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, f) }
            if got > 0 { out.append(contentsOf: chunk[0..<got]) }
            if got < chunk.count { break }
        }
        return ferror(f) == 0 ? out : nil
    }
}
