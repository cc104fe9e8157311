import BotCore

/// The hot path of OKX's public WebSocket: one pass over a frame's UTF-8 bytes, without
/// Foundation, yielding the instrument and the BotCore values of `trades`/`trades-all`,
/// `tickers` and every `candle*` channel. Fields may come in any order, with any whitespace,
/// escapes and extra fields (checked and skipped); `data` may hold several items. The only
/// allocations are the result's: its array, and its `instId` when longer than 15 bytes.
///
/// Anything else, events included, is `.notHot`, decided as soon as the frame shows it (an
/// `event` key, or an `arg` of another channel): the caller then hands the frame to the full
/// decoder, which checks the rest. A hot frame is checked whole: malformed JSON, a missing or
/// mistyped field, a bad number or side, or text after the object is an error naming the field.
public enum OKXMarketParser {
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(OKXMarketParseError) -> OKXMarketPush {
        let result = bytes.withMemoryRebound(to: UInt8.self) { buffer -> Result<OKXMarketPush, OKXMarketParseError> in
            guard let base = buffer.baseAddress, !buffer.isEmpty else {
                return .failure(OKXMarketParseError(offset: 0, field: "", reason: "empty frame"))
            }
            var frame = MarketFrame(scanner: MarketScanner(base: base, start: 0, end: buffer.count))
            do throws(MarketFault) {
                return .success(try frame.read())
            } catch {
                return .failure(OKXMarketParseError(offset: error.offset, field: frame.path.text,
                                                    reason: String(describing: error.reason)))
            }
        }
        return try result.get()
    }

    public static func parse(_ bytes: [UInt8]) throws(OKXMarketParseError) -> OKXMarketPush {
        try bytes.withUnsafeBytes { parseResult($0) }.get()
    }

    public static func parse(_ text: String) throws(OKXMarketParseError) -> OKXMarketPush {
        var text = text
        return try text.withUTF8 { parseResult(UnsafeRawBufferPointer($0)) }.get()
    }

    private static func parseResult(_ bytes: UnsafeRawBufferPointer) -> Result<OKXMarketPush, OKXMarketParseError> {
        do throws(OKXMarketParseError) { return .success(try parse(bytes)) } catch { return .failure(error) }
    }
}

/// One frame's parse: the top-level object, `arg`, and `data` read as soon as `arg` has said
/// which channel it is (or after the object, if `data` came first).
struct MarketFrame {
    var scanner: MarketScanner
    var path = MarketFieldPath.none

    private struct Arg {
        var channel: MarketChannel
        var instId: StringToken?
    }

    mutating func read() throws(MarketFault) -> OKXMarketPush {
        scanner.skipSpace()
        guard scanner.peek() == UInt8(ascii: "{") else {
            if isPong { return .notHot }
            throw scanner.syntax("expected a JSON object")
        }
        scanner.pos += 1
        var arg: Arg?, argSeen = false
        var data: (start: Int, end: Int)?
        var result: OKXMarketPush?
        // A push that is valid JSON but not the expected shape is only an error once the
        // frame is known to be no event: an event is not a push, whatever else it carries.
        var deferred: (fault: MarketFault, path: MarketFieldPath)?
        var first = true
        while let key = try scanner.nextKey(&first) {
            path = .none
            if scanner.equals(key, "arg") {
                guard !argSeen else { throw scanner.syntax("arg given twice") }
                argSeen = true
                guard let a = try readArg() else { return .notHot }
                arg = a
            } else if scanner.equals(key, "data") {
                guard data == nil else { throw scanner.syntax("data given twice") }
                scanner.skipSpace()
                let start = scanner.pos
                if let a = arg, let instId = a.instId {
                    do throws(MarketFault) {
                        result = try readData(a.channel, instId)
                    } catch let fault where fault.shape {
                        deferred = (fault, path)
                        scanner.pos = start
                        path = .data
                        try scanner.skipValue()
                    }
                } else {
                    path = .data
                    try scanner.skipValue()
                }
                data = (start, scanner.pos)
            } else if scanner.equals(key, "event") {
                return .notHot
            } else {
                try scanner.skipValue()
            }
        }
        path = .none
        scanner.skipSpace()
        guard scanner.pos == scanner.end else { throw scanner.syntax("text after the object") }
        guard let arg else { return .notHot }
        if let deferred {
            path = deferred.path
            throw deferred.fault
        }
        guard let instId = arg.instId else {
            path = .arg("instId")
            throw MarketFault(offset: scanner.pos, reason: "missing, empty or not a string", shape: true)
        }
        if let result { return result }
        guard let data else {
            path = .data
            throw MarketFault(offset: scanner.pos, reason: "missing", shape: true)
        }
        // `data` came before `arg`: read it again now that the channel is known.
        var again = MarketFrame(scanner: MarketScanner(base: scanner.base, start: data.start, end: data.end))
        do throws(MarketFault) {
            return try again.readData(arg.channel, instId)
        } catch {
            path = again.path
            throw error
        }
    }

    /// `arg`, or nil when it is not a hot channel's (then the frame is not hot).
    private mutating func readArg() throws(MarketFault) -> Arg? {
        scanner.skipSpace()
        guard scanner.peek() == UInt8(ascii: "{") else {
            try scanner.skipValue()
            return nil
        }
        scanner.pos += 1
        var channel: StringToken?, instId: StringToken?, instIdBad = false
        var first = true
        while let key = try scanner.nextKey(&first) {
            if scanner.equals(key, "channel") {
                path = .arg("channel")
                guard channel == nil else { throw scanner.syntax("channel given twice") }
                scanner.skipSpace()
                if scanner.peek() == UInt8(ascii: "\"") { channel = try scanner.string() } else { try scanner.skipValue() }
            } else if scanner.equals(key, "instId") {
                path = .arg("instId")
                guard instId == nil, !instIdBad else { throw scanner.syntax("instId given twice") }
                scanner.skipSpace()
                if scanner.peek() == UInt8(ascii: "\"") {
                    instId = try scanner.string()
                } else {
                    try scanner.skipValue()
                    instIdBad = true
                }
            } else {
                path = .none
                try scanner.skipValue()
            }
        }
        path = .none
        guard let channel, let kind = classify(channel) else { return nil }
        return Arg(channel: kind, instId: instId.flatMap { $0.count > 0 ? $0 : nil })
    }

    private func classify(_ t: StringToken) -> MarketChannel? {
        if scanner.equals(t, "tickers") { return .tickers }
        if scanner.equals(t, "trades") || scanner.equals(t, "trades-all") { return .trades }
        var it = scanner.bytes(t)
        for c in "candle".utf8 {
            guard it.next() == c else { return nil }
        }
        return it.next() == nil ? nil : .candles(t)
    }

    fileprivate mutating func readData(_ channel: MarketChannel, _ instId: StringToken) throws(MarketFault) -> OKXMarketPush {
        path = .data
        switch channel {
        case .tickers:
            let items = try scanner.tickers(&path)
            return .tickers(instId: scanner.text(instId), items)
        case .trades:
            let items = try scanner.trades(&path)
            return .trades(instId: scanner.text(instId), items)
        case .candles(let bar):
            let items = try scanner.candles(derivative: isDerivative(instId), &path)
            return .candles(instId: scanner.text(instId), bar: OKXBar(scanner.text(bar, droppingFirst: 6)), items)
        }
    }

    /// Spot and margin pairs are `BASE-QUOTE`; swaps, futures and options add parts
    /// (`BTC-USDT-SWAP`, `BTC-USD-250328`, `BTC-USD-250328-100000-C`).
    private func isDerivative(_ instId: StringToken) -> Bool {
        var it = scanner.bytes(instId), dashes = 0
        while let c = it.next() {
            if c == UInt8(ascii: "-") { dashes += 1 }
        }
        return dashes >= 2
    }

    /// The text `pong`, OKX's answer to the text `ping`: not JSON, and not a market push.
    private var isPong: Bool {
        let s = scanner
        guard s.end - s.pos == 4 else { return false }
        return s.base[s.pos] == UInt8(ascii: "p") && s.base[s.pos + 1] == UInt8(ascii: "o")
            && s.base[s.pos + 2] == UInt8(ascii: "n") && s.base[s.pos + 3] == UInt8(ascii: "g")
    }
}
