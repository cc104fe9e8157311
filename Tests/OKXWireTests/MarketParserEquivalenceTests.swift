import BotCore
import BotTestKit
import Foundation
import OKXWire
import Testing

/// The hot parser against a full JSON parse (JSONSerialization) plus the rules of the hot
/// channels written plainly over its output: on every message shape of protocols.md §4 and
/// on thousands of seeded variants and broken frames. Where Foundation refuses a frame, the
/// hot parser must not call it a push.
struct MarketParserEquivalenceTests {
    static let seed: UInt64 = 0x0C5_2026

    enum Expected: Equatable {
        case push(OKXMarketPush)
        case notHot
        case invalid
    }

    static let baseFrames: [String] = [
        MarketParserTests.tickers, MarketParserTests.trades, MarketParserTests.candles, MarketParserTests.books, MarketParserTests.books5,
        #"{"arg":{"channel":"books","instId":"BTC-USDT"},"action":"update","data":[{"asks":[],"bids":[],"ts":"1597026383085","checksum":0,"prevSeqId":123456,"seqId":123457}]}"#,
        #"{"id":"1512","event":"subscribe","arg":{"channel":"tickers","instId":"BTC-USDT"},"connId":"accb8e21"}"#,
        #"{"id":"1512","event":"error","code":"60012","msg":"Invalid request: {\"op\": \"subscribe\", \"argss\":[{ \"channel\" : \"tickers\", \"instId\" : \"LTC-USD-200327\"}]}","connId":"a4d3ae55"}"#,
        #"{"event":"unsubscribe","arg":{"channel":"tickers","instId":"BTC-USDT"},"connId":"d0b44253"}"#,
        #"{"event":"login","code":"0","msg":"","connId":"a4d3ae55"}"#,
        #"{"event":"notice","code":"64008","msg":"The connection will soon be closed for a service upgrade. Please reconnect.","connId":"a4d3ae55"}"#,
        #"{"event":"channel-conn-count","channel":"orders","connCount":"2","connId":"abcd1234"}"#,
        ResponseDecodingTests.ordersPush(clOrdId: "abc"),
    ]

    @Test func protocolsShapes() {
        for frame in Self.baseFrames { Self.check(Array(frame.utf8), frame) }
    }

    @Test func generatedVariants() throws {
        var g = MarketFrameGenerator(seed: Self.seed)
        let bases: [GenJSON] = try Self.baseFrames.map { try Self.gen(JSONSerialization.jsonObject(with: Data($0.utf8))) }
        var pushes = 0, notHot = 0, invalid = 0
        for n in 0..<4000 {
            let value = n % 4 == 0 ? g.pick(bases) : g.hotFrame()
            let text = g.write(g.vary(value))
            switch Self.check(Array(text.utf8), "seed \(Self.seed) variant \(n): \(text)") {
            case .push: pushes += 1
            case .notHot: notHot += 1
            case .invalid: invalid += 1
            }
        }
        // The generator must reach every outcome, or the comparison proves little.
        #expect(pushes > 2000 && notHot > 500 && invalid > 300, "\(pushes) pushes, \(notHot) not hot, \(invalid) invalid")
    }

    @Test func brokenFrames() {
        var g = MarketFrameGenerator(seed: Self.seed ^ 0xB40C)
        var refusedByFoundation = 0
        for n in 0..<4000 {
            let text = g.write(g.vary(g.hotFrame()))
            let bytes = g.mutate(Array(text.utf8))
            if Self.reference(bytes) == nil { refusedByFoundation += 1 }
            Self.check(bytes, "seed \(Self.seed ^ 0xB40C) mutant \(n): \(String(decoding: bytes, as: UTF8.self))")
        }
        #expect(refusedByFoundation > 2000)
    }

    // MARK: the comparison

    @discardableResult
    static func check(_ bytes: [UInt8], _ note: String) -> Expected {
        let hot: Result<OKXMarketPush, OKXMarketParseError>
        do { hot = .success(try OKXMarketParser.parse(bytes)) } catch { hot = .failure(error) }
        guard let expected = reference(bytes) else {
            // Not JSON for Foundation: an error, or not hot (an event key can come before the fault).
            if case .success(let p) = hot { #expect(p == .notHot, "\(note)") }
            return .invalid
        }
        switch (expected, hot) {
        case (.push(let e), .success(let p)): #expect(p == e, "\(note)")
        case (.notHot, .success(let p)): #expect(p == .notHot, "\(note)")
        case (.invalid, .failure): break
        case (_, .failure(let e)) where stricterThanFoundation(e, bytes): break
        default: Issue.record("expected \(expected), got \(hot): \(note)")
        }
        return expected
    }

    /// What the hot parser refuses although Foundation reads it: a key given twice (Foundation
    /// keeps one, while the hot parser may stop at the first copy's value), lone surrogates and
    /// invalid UTF-8 (Foundation may replace them), deep nesting.
    static func stricterThanFoundation(_ e: OKXMarketParseError, _ bytes: [UInt8]) -> Bool {
        e.reason.contains("given twice") || e.reason.contains("surrogate") || e.reason.contains("nested too deep")
            || (e.reason == "invalid UTF-8" && String(validating: bytes, as: UTF8.self) == nil) || hasDuplicateKeys(bytes)
    }

    /// Whether an object in `b` (JSON that Foundation accepted) names a key twice.
    static func hasDuplicateKeys(_ b: [UInt8]) -> Bool {
        var i = 0
        func at(_ c: Character) -> Bool { i < b.count && b[i] == c.asciiValue! }
        func space() { while i < b.count, [0x20, 0x0A, 0x0D, 0x09].contains(b[i]) { i += 1 } }
        func string() -> String {
            let start = i
            i += 1
            while i < b.count, b[i] != 0x22 { i += b[i] == 0x5C ? 2 : 1 }
            i += 1
            let raw = Array(b[start..<min(i, b.count)])
            let decoded = (try? JSONSerialization.jsonObject(with: Data([0x5B] + raw + [0x5D]))) as? [String]
            return decoded?.first ?? String(decoding: raw, as: UTF8.self)
        }
        func value() -> Bool {
            space()
            if at("{") {
                i += 1
                var keys = Set<String>()
                space()
                if at("}") { i += 1; return false }
                while i < b.count {
                    space()
                    guard keys.insert(string()).inserted else { return true }
                    space()
                    i += 1  // ':'
                    if value() { return true }
                    space()
                    if at(",") { i += 1; continue }
                    i += 1
                    return false
                }
                return false
            }
            if at("[") {
                i += 1
                space()
                if at("]") { i += 1; return false }
                while i < b.count {
                    if value() { return true }
                    space()
                    if at(",") { i += 1; continue }
                    i += 1
                    return false
                }
                return false
            }
            if at("\"") { _ = string(); return false }
            while i < b.count, !at(","), !at("]"), !at("}"), ![0x20, 0x0A, 0x0D, 0x09].contains(b[i]) { i += 1 }
            return false
        }
        return value()
    }

    /// The hot channels' rules over Foundation's parse; nil when Foundation refuses the frame.
    static func reference(_ bytes: [UInt8]) -> Expected? {
        guard let top = try? JSONSerialization.jsonObject(with: Data(bytes)) else { return nil }
        guard let object = top as? [String: Any] else { return .invalid }
        if object["event"] != nil { return .notHot }
        guard let arg = object["arg"] as? [String: Any], let channel = arg["channel"] as? String else { return .notHot }
        let kind: String
        if channel == "tickers" || channel == "trades" || channel == "trades-all" {
            kind = channel == "tickers" ? "tickers" : "trades"
        } else if channel.hasPrefix("candle") && channel.count > 6 {
            kind = "candles"
        } else {
            return .notHot
        }
        guard let instId = arg["instId"] as? String, !instId.isEmpty, let data = object["data"] as? [Any] else { return .invalid }
        switch kind {
        case "tickers":
            var out: [Ticker] = []
            for item in data {
                guard let o = item as? [String: Any], let last = price(o["last"]), let bid = price(o["bidPx"]), let ask = price(o["askPx"]),
                      let ts = millis(o["ts"]) else { return .invalid }
                out.append(Ticker(ts: ts, bid: bid, ask: ask, last: last))
            }
            return .push(.tickers(instId: instId, out))
        case "trades":
            var out: [Trade] = []
            for item in data {
                guard let o = item as? [String: Any], let px = price(o["px"]), let sz = price(o["sz"]), let ts = millis(o["ts"]),
                      let s = o["side"] as? String, let side = Side(rawValue: s) else { return .invalid }
                out.append(Trade(ts: ts, price: px, quantity: Quantity(raw: sz.raw), side: side))
            }
            return .push(.trades(instId: instId, out))
        default:
            let derivative = instId.filter { $0 == "-" }.count >= 2
            var out: [OKXCandle] = []
            for item in data {
                guard let row = item as? [Any], row.count >= 9 else { return .invalid }
                let cells = row.prefix(9).compactMap { $0 as? String }
                guard cells.count == 9, let ts = millis(cells[0]), let o = price(cells[1]), let h = price(cells[2]), let l = price(cells[3]),
                      let c = price(cells[4]), let v = volume(cells[derivative ? 6 : 5]), cells[8] == "0" || cells[8] == "1"
                else { return .invalid }
                out.append(OKXCandle(candle: Candle(ts: ts, open: o, high: h, low: l, close: c, volume: v), confirmed: cells[8] == "1"))
            }
            return .push(.candles(instId: instId, bar: OKXBar(String(channel.dropFirst(6))), out))
        }
    }

    static func price(_ v: Any?) -> Price? {
        guard let s = v as? String else { return nil }
        return try? Price.parse(s[...])
    }

    static func millis(_ v: Any?) -> Int64? {
        guard let s = v as? String, !s.isEmpty, s.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return Int64(s)
    }

    /// A plain decimal (optional sign, at most one dot, a digit somewhere) read as Double.
    static func volume(_ s: String) -> Double? {
        var body = Substring(s)
        if body.first == "-" || body.first == "+" { body = body.dropFirst() }
        guard body.contains(where: \.isASCIIDigit), body.filter({ $0 == "." }).count <= 1,
              body.allSatisfy({ $0.isASCIIDigit || $0 == "." }) else { return nil }
        return Double(s)
    }

    static func gen(_ v: Any) -> GenJSON {
        switch v {
        case let o as [String: Any]: .object(o.sorted { $0.key < $1.key }.map { ($0.key, gen($0.value)) })
        case let a as [Any]: .array(a.map(gen))
        case let s as String: .string(s)
        case let n as NSNumber: .number(n.stringValue)
        default: .null
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
