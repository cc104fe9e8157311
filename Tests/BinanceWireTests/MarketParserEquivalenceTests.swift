import BinanceWire
import BotCore
import BotTestKit
import Foundation
import Testing

/// The hot parser against a full JSON parse (JSONSerialization) with the hot streams' rules
/// written plainly over its output: on every message shape of protocols.md §2 and on thousands
/// of seeded variants and broken messages. Where Foundation refuses a message, the hot parser
/// must not call it a push.
struct MarketParserEquivalenceTests {
    static let seed: UInt64 = 0xB1_2026

    enum Expected: Equatable {
        case push(BinanceMarketPush)
        case notHot
        case invalid
    }

    static let baseFrames: [String] = [
        MarketParserTests.trade, MarketParserTests.kline, MarketParserTests.bookTicker, MarketParserTests.depth,
        #"{"stream":"bnbbtc@depth5","data":{"lastUpdateId":160,"bids":[["0.0024","10"]],"asks":[["0.0026","100"]]}}"#,
        #"{"stream":"!serverShutdown","data":{"e":"serverShutdown","E":1770123456789}}"#,
        #"{"e":"serverShutdown","E":1770123456789}"#,
        #"{"result":null,"id":1}"#, #"{"result":["btcusdt@aggTrade"],"id":3}"#,
        #"{"code": 0, "msg": "Unknown property","id": 5}"#, #"{"code":3,"msg":"Invalid JSON: expected value at line 1 column 1"}"#,
        #"{"e":"trade","E":1672515782136,"s":"BNBBTC","t":12345,"p":"0.001","q":"100","T":1672515782136,"m":true,"M":true}"#,
        #"{"u":400900217,"s":"BNBUSDT","b":"25.35190000","B":"31.21000000","a":"25.36520000","A":"40.66000000"}"#,
        #"{"stream":"btcusdt@bookTicker","data":{"e":"bookTicker","u":9,"E":1,"T":2,"s":"BTCUSDT","b":"1","B":"1","a":"2","A":"1"}}"#,
    ]

    @Test func protocolsShapes() {
        for frame in Self.baseFrames { Self.check(Array(frame.utf8), frame) }
        // The three hot payloads are pushes, the rest not.
        #expect(Self.baseFrames.map { Self.reference(Array($0.utf8)) }.filter { if case .push = $0 { true } else { false } }.count == 4)
    }

    @Test func generatedVariants() throws {
        var g = StreamFrameGenerator(seed: Self.seed)
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
        #expect(pushes > 1500 && notHot > 500 && invalid > 300, "\(pushes) pushes, \(notHot) not hot, \(invalid) invalid")
    }

    @Test func brokenFrames() {
        var g = StreamFrameGenerator(seed: Self.seed ^ 0xB40C)
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
        let hot: Result<BinanceMarketPush, BinanceMarketParseError>
        do { hot = .success(try BinanceMarketParser.parse(bytes)) } catch { hot = .failure(error) }
        guard let expected = reference(bytes) else {
            // Not JSON for Foundation: an error, or not hot (another stream's name can come before the fault).
            if case .success(let p) = hot { #expect(p == .notHot, "\(note)") }
            return .invalid
        }
        switch (expected, hot) {
        case (.push(let e), .success(let p)): #expect(p == e, "\(note)")
        case (.notHot, .success(let p)): #expect(p == .notHot, "\(note)")
        case (.invalid, .failure): break
        case (_, .failure(let e)) where stricterThanFoundation(e, bytes): break
        // A key given twice has no one meaning: Foundation keeps the last copy, the hot parser
        // decides at the first (a `stream` of another kind is not hot, whatever follows).
        case (_, .success(.notHot)) where hasDuplicateKeys(bytes): break
        default: Issue.record("expected \(expected), got \(hot): \(note)")
        }
        return expected
    }

    /// What the hot parser refuses although Foundation reads it: a key given twice (Foundation
    /// keeps one), lone surrogates and invalid UTF-8 (Foundation may replace them), deep nesting.
    static func stricterThanFoundation(_ e: BinanceMarketParseError, _ bytes: [UInt8]) -> Bool {
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

    /// The hot streams' rules over Foundation's parse; nil when Foundation refuses the message.
    static func reference(_ bytes: [UInt8]) -> Expected? {
        guard let top = try? JSONSerialization.jsonObject(with: Data(bytes)) else { return nil }
        guard let object = top as? [String: Any] else { return .invalid }
        guard let stream = object["stream"] as? String else { return .notHot }
        let kind: String
        let rest = stream.firstIndex(of: "@").map { String(stream[stream.index(after: $0)...]) } ?? ""
        if rest == "trade" || rest == "bookTicker" {
            kind = rest
        } else if rest.hasPrefix("kline_") {
            kind = "kline"
        } else {
            return .notHot
        }
        guard let data = object["data"] as? [String: Any], let symbol = data["s"] as? String, !symbol.isEmpty else { return .invalid }
        switch kind {
        case "trade":
            guard let id = integer(data["t"]), let p = price(data["p"]), let q = price(data["q"]), let ts = integer(data["T"]),
                  let e = integer(data["E"]), let m = bool(data["m"]) else { return .invalid }
            return .push(.trade(symbol: symbol, BinanceStreamTrade(trade: Trade(ts: ts, price: p, quantity: Quantity(raw: q.raw), side: m ? .sell : .buy),
                                                                   tradeID: id, eventMs: e)))
        case "bookTicker":
            guard let u = integer(data["u"]), let b = price(data["b"]), let bq = price(data["B"]), let a = price(data["a"]),
                  let aq = price(data["A"]) else { return .invalid }
            return .push(.bookTicker(symbol: symbol, BinanceBookTicker(updateID: u, bid: b, bidQuantity: Quantity(raw: bq.raw), ask: a,
                                                                       askQuantity: Quantity(raw: aq.raw))))
        default:
            guard let k = data["k"] as? [String: Any], let t = integer(k["t"]), let close = integer(k["T"]),
                  let i = (k["i"] as? String).flatMap(BinanceKlineInterval.init(rawValue:)), let o = price(k["o"]), let h = price(k["h"]),
                  let l = price(k["l"]), let c = price(k["c"]), let v = volume(k["v"]), let x = bool(k["x"]) else { return .invalid }
            return .push(.kline(symbol: symbol, BinanceKline(candle: Candle(ts: t, open: o, high: h, low: l, close: c, volume: v),
                                                             interval: i, closeMs: close, closed: x)))
        }
    }

    static func price(_ v: Any?) -> Price? {
        guard let s = v as? String else { return nil }
        return try? Price.parse(s[...])
    }

    /// A JSON integer (not a fraction, an exponent or a boolean) from 0 to Int64.max.
    static func integer(_ v: Any?) -> Int64? {
        guard let n = v as? NSNumber, ["i", "l", "q", "s"].contains(String(cString: n.objCType)), n.int64Value >= 0 else { return nil }
        return n.int64Value
    }

    static func bool(_ v: Any?) -> Bool? {
        guard let n = v as? NSNumber, String(cString: n.objCType) == "c" else { return nil }
        return n.boolValue
    }

    /// A plain decimal (optional sign, at most one dot, a digit somewhere) read as Double.
    static func volume(_ v: Any?) -> Double? {
        guard let s = v as? String else { return nil }
        var body = Substring(s)
        if body.first == "-" || body.first == "+" { body = body.dropFirst() }
        guard body.contains(where: { $0.isASCII && $0.isNumber }), body.filter({ $0 == "." }).count <= 1,
              body.allSatisfy({ ($0.isASCII && $0.isNumber) || $0 == "." }) else { return nil }
        return Double(s)
    }

    static func gen(_ v: Any) -> GenJSON {
        switch v {
        case let o as [String: Any]: .object(o.sorted { $0.key < $1.key }.map { ($0.key, gen($0.value)) })
        case let a as [Any]: .array(a.map(gen))
        case let s as String: .string(s)
        case let n as NSNumber: String(cString: n.objCType) == "c" ? .bool(n.boolValue) : .number(n.stringValue)
        default: .null
        }
    }
}
