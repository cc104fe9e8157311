import BotCore

/// The hot path of Binance's combined market streams: one pass over a message's UTF-8 bytes,
/// without Foundation, yielding the symbol and the values of `<symbol>@trade`,
/// `<symbol>@kline_<interval>` and `<symbol>@bookTicker`. Keys may come in any order, with
/// any whitespace, escapes and extra keys (checked and skipped). A successful parse allocates
/// nothing but a symbol longer than 15 bytes.
///
/// The stream's name decides: anything that is not one of those three (control answers,
/// errors, `!serverShutdown`, other streams, a raw payload without the `stream` key) is
/// `.notHot` as soon as the message shows it, and the caller hands it to the full decoder. A
/// hot message is checked whole: malformed JSON, a missing or mistyped field, a bad number,
/// or text after the object is an error naming the field.
public enum BinanceMarketParser {
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(BinanceMarketParseError) -> BinanceMarketPush {
        let result = bytes.withMemoryRebound(to: UInt8.self) { buffer -> Result<BinanceMarketPush, BinanceMarketParseError> in
            guard let base = buffer.baseAddress, !buffer.isEmpty else {
                return .failure(BinanceMarketParseError(offset: 0, field: "", reason: "empty message"))
            }
            var frame = StreamFrame(scanner: StreamScanner(base: base, start: 0, end: buffer.count))
            do throws(StreamFault) {
                return .success(try frame.read())
            } catch {
                return .failure(BinanceMarketParseError(offset: error.offset, field: frame.path.text,
                                                        reason: String(describing: error.reason)))
            }
        }
        return try result.get()
    }

    public static func parse(_ bytes: [UInt8]) throws(BinanceMarketParseError) -> BinanceMarketPush {
        try bytes.withUnsafeBytes { parseResult($0) }.get()
    }

    public static func parse(_ text: String) throws(BinanceMarketParseError) -> BinanceMarketPush {
        var text = text
        return try text.withUTF8 { parseResult(UnsafeRawBufferPointer($0)) }.get()
    }

    private static func parseResult(_ bytes: UnsafeRawBufferPointer) -> Result<BinanceMarketPush, BinanceMarketParseError> {
        do throws(BinanceMarketParseError) { return .success(try parse(bytes)) } catch { return .failure(error) }
    }
}

/// The hot streams, by what follows the first `@` of the stream's name.
enum HotStream {
    case trade
    case kline
    case bookTicker
}

/// One message's parse: the top-level object, `stream`, and `data` read as soon as `stream`
/// has said which kind it is (or again after the object, if `data` came first).
struct StreamFrame {
    var scanner: StreamScanner
    var path = StreamFieldPath.none

    mutating func read() throws(StreamFault) -> BinanceMarketPush {
        scanner.skipSpace()
        guard scanner.peek() == UInt8(ascii: "{") else { throw scanner.syntax("expected a JSON object") }
        scanner.pos += 1
        var kind: HotStream?
        var data: (start: Int, end: Int)?
        var result: BinanceMarketPush?
        var first = true
        while let key = try scanner.nextKey(&first) {
            path = .none
            if scanner.equals(key, "stream") {
                guard kind == nil else { throw scanner.syntax("stream given twice") }
                path = .stream
                scanner.skipSpace()
                guard scanner.peek() == UInt8(ascii: "\"") else {
                    try scanner.skipValue()
                    return .notHot
                }
                guard let k = classify(try scanner.string()) else { return .notHot }
                kind = k
            } else if scanner.equals(key, "data") {
                guard data == nil else { throw scanner.syntax("data given twice") }
                scanner.skipSpace()
                let start = scanner.pos
                if let kind {
                    result = try readData(kind)
                } else {
                    path = .data
                    try scanner.skipValue()
                }
                data = (start, scanner.pos)
            } else {
                try scanner.skipValue()
            }
        }
        path = .none
        scanner.skipSpace()
        guard scanner.pos == scanner.end else { throw scanner.syntax("text after the object") }
        guard let kind else { return .notHot }
        if let result { return result }
        guard let data else {
            path = .data
            throw StreamFault(offset: scanner.pos, reason: "missing", shape: true)
        }
        // `data` came before `stream`: read it again now that the kind is known.
        var again = StreamFrame(scanner: StreamScanner(base: scanner.base, start: data.start, end: data.end))
        do throws(StreamFault) {
            return try again.readData(kind)
        } catch {
            path = again.path
            throw error
        }
    }

    fileprivate mutating func readData(_ kind: HotStream) throws(StreamFault) -> BinanceMarketPush {
        switch kind {
        case .trade:
            let (symbol, t) = try scanner.trade(&path)
            return .trade(symbol: scanner.text(symbol), t)
        case .kline:
            let (symbol, k) = try scanner.kline(&path)
            return .kline(symbol: scanner.text(symbol), k)
        case .bookTicker:
            let (symbol, b) = try scanner.bookTicker(&path)
            return .bookTicker(symbol: scanner.text(symbol), b)
        }
    }

    /// `btcusdt@trade`, `btcusdt@bookTicker`, `btcusdt@kline_1m` (and `…@kline_1m@+08:00`).
    private func classify(_ t: StreamToken) -> HotStream? {
        var it = scanner.bytes(t)
        while let c = it.next() {
            if c == UInt8(ascii: "@") { break }
        }
        var rest = it
        if Self.matches(&rest, "trade", whole: true) { return .trade }
        rest = it
        if Self.matches(&rest, "bookTicker", whole: true) { return .bookTicker }
        rest = it
        if Self.matches(&rest, "kline_", whole: false) { return .kline }
        return nil
    }

    /// Whether the bytes left in `it` are `word` (or, unless `whole`, start with it).
    private static func matches(_ it: inout StreamTokenBytes, _ word: StaticString, whole: Bool) -> Bool {
        let w = word.utf8Start
        for k in 0..<word.utf8CodeUnitCount {
            guard it.next() == w[k] else { return false }
        }
        return !whole || it.next() == nil
    }
}
