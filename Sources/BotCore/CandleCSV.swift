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
        try parse(try DataFile.read(path), file: path)
    }

    public static func parse(_ bytes: [UInt8], file: String) throws(DataFileError) -> [Candle] {
        var result: Result<[Candle], DataFileError> = .success([])
        bytes.withUnsafeBufferPointer { buf in
            do throws(DataFileError) { result = .success(try parse(buf, file: file)) } catch { result = .failure(error) }
        }
        return try result.get()
    }

    static func parse(_ b: UnsafeBufferPointer<UInt8>, file: String) throws(DataFileError) -> [Candle] {
        var out: [Candle] = []
        out.reserveCapacity(b.count / 48)
        let n = b.count
        // A spreadsheet's byte-order mark before the header is not part of it.
        var i = DataFile.byteOrderMarkLength(b), line = 0
        var lastTs = Int64.min
        var sawHeader = false
        while i < n {
            line += 1
            var end = i
            while end < n && b[end] != 0x0A { end += 1 }
            var stop = end
            if stop > i && b[stop - 1] == 0x0D { stop -= 1 }
            defer { i = end + 1 }
            if stop == i { continue }
            // The first line with anything on it is the header (a blank first line once let
            // the header go unchecked).
            if !sawHeader {
                let h = UnsafeBufferPointer(rebasing: b[i..<stop])
                guard h.elementsEqual(header.utf8) else {
                    throw DataFileError(file: file, line: line, message: "expected the header '\(header)', found '\(DataFile.quote(h))'")
                }
                sawHeader = true
                continue
            }
            // The careful parser takes what the fast path declines: it reads it, or says why not.
            let c: Candle
            if let fast = fastRow(b, i, stop) { c = fast } else { c = try row(Array(b[i..<stop]), file: file, line: line) }
            guard c.ts > lastTs else {
                throw DataFileError(file: file, line: line, message: "timestamp \(c.ts) does not increase (previous row \(lastTs))")
            }
            lastTs = c.ts
            out.append(c)
        }
        if line == 0 { throw DataFileError(file: file, line: 0, message: "the file is empty") }
        return out
    }

    /// The common case, in one pass over the row: six plain numbers, valid prices. Nil sends
    /// the row to the careful parser, which names the problem.
    @inline(__always)
    static func fastRow(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ stop: Int) -> Candle? {
        var i = start
        var ts: Int64 = 0, digits = 0
        while i < stop, b[i] != 0x2C {
            let d = b[i] &- 48
            guard d < 10, digits < 18 else { return nil }
            ts = ts &* 10 &+ Int64(d)
            digits += 1
            i += 1
        }
        guard digits > 0, i < stop else { return nil }
        i += 1
        guard let o = fixed(b, &i, stop), let h = fixed(b, &i, stop), let l = fixed(b, &i, stop),
              let c = fixed(b, &i, stop), let v = fixed(b, &i, stop), i > stop else { return nil }
        guard o > 0, h > 0, l > 0, c > 0, h >= max(o, c), l <= min(o, c) else { return nil }
        return Candle(ts: ts, open: Price(raw: o), high: Price(raw: h), low: Price(raw: l), close: Price(raw: c),
                      volume: Price(raw: v).doubleValue)
    }

    /// A plain non-negative decimal with at most 9 decimals and 10 integer digits, up to the
    /// next comma (or the row's end); `i` moves past the comma.
    @inline(__always)
    static func fixed(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int, _ stop: Int) -> Int64? {
        var ip: Int64 = 0, fp: Int64 = 0, intDigits = 0, fracDigits = -1
        while i < stop {
            let ch = b[i]
            if ch == 0x2C { break }
            if ch == 0x2E {
                guard fracDigits < 0 else { return nil }
                fracDigits = 0
            } else {
                let d = ch &- 48
                guard d < 10 else { return nil }
                if fracDigits < 0 {
                    guard intDigits < 10 else { return nil }
                    ip = ip &* 10 &+ Int64(d)
                    intDigits += 1
                } else {
                    guard fracDigits < 9 else { return nil }
                    fp = fp &* 10 &+ Int64(d)
                    fracDigits += 1
                }
            }
            i += 1
        }
        i += 1
        guard intDigits > 0 || fracDigits > 0 else { return nil }
        var scale = max(fracDigits, 0)
        while scale < 9 { fp &*= 10; scale += 1 }
        // Ten integer digits can pass Int64 in fixed point (a volume of 9,223,372,037 wrapped
        // negative and was accepted, found by fuzzing): the careful parser takes those.
        guard ip <= 9_000_000_000 else { return nil }
        return ip &* 1_000_000_000 &+ fp
    }

    /// The careful parser: checks each field and says which one is wrong.
    static func row(_ b: [UInt8], file: String, line: Int) throws(DataFileError) -> Candle {
        let stop = b.count
        var cursor = 0
        guard let f0 = field(b, &cursor, stop), let f1 = field(b, &cursor, stop), let f2 = field(b, &cursor, stop),
              let f3 = field(b, &cursor, stop), let f4 = field(b, &cursor, stop), let f5 = field(b, &cursor, stop),
              cursor > stop else {
            let n = b.reduce(1) { $0 + ($1 == UInt8(ascii: ",") ? 1 : 0) }
            throw DataFileError(file: file, line: line, message: "expected 6 fields, found \(n)")
        }
        guard let ts = parseInt(b[f0]) else {
            throw DataFileError(file: file, line: line, message: "ts_ms '\(text(b[f0]))' is not an integer")
        }
        let o = try price(b, f1, "open", file, line), h = try price(b, f2, "high", file, line)
        let l = try price(b, f3, "low", file, line), c = try price(b, f4, "close", file, line)
        let volume: Double
        if let v = parseFixed(b[f5]) { volume = v.doubleValue } else if let v = Double(String(decoding: b[f5], as: UTF8.self)), v.isFinite { volume = v } else {
            throw DataFileError(file: file, line: line, message: "volume '\(text(b[f5]))' is not a number")
        }
        guard volume >= 0 else { throw DataFileError(file: file, line: line, message: "volume must not be negative") }
        guard h >= max(o, c), l <= min(o, c) else {
            throw DataFileError(file: file, line: line, message: "high \(h) and low \(l) do not contain open \(o) and close \(c)")
        }
        return Candle(ts: ts, open: o, high: h, low: l, close: c, volume: volume)
    }

    /// The bounds of the field at `cursor`, moving `cursor` past its comma; nil past the row.
    private static func field(_ b: [UInt8], _ cursor: inout Int, _ stop: Int) -> Range<Int>? {
        guard cursor <= stop else { return nil }
        let s = cursor
        while cursor < stop && b[cursor] != UInt8(ascii: ",") { cursor += 1 }
        defer { cursor += 1 }
        return s..<cursor
    }

    private static func price(_ b: [UInt8], _ r: Range<Int>, _ name: StaticString, _ file: String, _ line: Int) throws(DataFileError) -> Price {
        guard let p = parseFixed(b[r]) else {
            throw DataFileError(file: file, line: line, message: "\(name) '\(text(b[r]))' is not a number")
        }
        guard p.raw > 0 else {
            throw DataFileError(file: file, line: line, message: "\(name) must be positive (got \(text(b[r])))")
        }
        return p
    }

    private static func text(_ s: ArraySlice<UInt8>) -> String { DataFile.quote(s) }

    private static func parseInt(_ s: ArraySlice<UInt8>) -> Int64? {
        guard !s.isEmpty, s.count <= 18 else { return nil }
        var v: Int64 = 0
        for c in s {
            guard c >= 48, c <= 57 else { return nil }
            v = v * 10 + Int64(c - 48)
        }
        return v
    }

    /// Plain decimals; nil for anything else (NaN, exponents, > 9 decimals).
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
}
