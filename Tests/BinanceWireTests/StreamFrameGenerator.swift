import BinanceWire
import BotCore
import MarketSim

/// A JSON value whose objects keep the order they are given, so the generator decides how a
/// message is laid out.
indirect enum GenJSON {
    case object([(String, GenJSON)])
    case array([GenJSON])
    case string(String)
    case number(String)
    case bool(Bool)
    case null
}

/// Seeded variations of combined-stream messages: shuffled keys at every level, extra keys of
/// every JSON type, random whitespace, strings with random escapes. Values are mostly valid and
/// sometimes not (numbers where strings go, fractions where integers go, …), so both outcomes
/// are exercised.
struct StreamFrameGenerator {
    var rng: SplitMix64

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
    mutating func chance(_ p: Double) -> Bool { rng.unit() < p }
    mutating func pick<T>(_ xs: [T]) -> T { xs[int(0...xs.count - 1)] }

    // MARK: messages

    mutating func hotFrame() -> GenJSON {
        let symbol = self.symbol()
        let lower = symbol.lowercased()
        switch int(0...2) {
        case 0: return frame(stream: lower + "@trade", data: trade(symbol))
        case 1:
            let interval = pick(BinanceKlineInterval.allCases).rawValue
            return frame(stream: lower + "@kline_" + interval + (chance(0.1) ? "@+08:00" : ""), data: kline(symbol, interval))
        default: return frame(stream: lower + "@bookTicker", data: bookTicker(symbol))
        }
    }

    mutating func frame(stream: String, data: GenJSON) -> GenJSON { .object([("stream", .string(stream)), ("data", data)]) }

    mutating func symbol() -> String {
        chance(0.02) ? pick(["", "１２３４５６USDT", "A\"B"]) : pick(["BTCUSDT", "ETHBTC", "BNBUSDT", "X", "SHIB1000USDT", "币安人生USDT"])
    }

    mutating func trade(_ symbol: String) -> GenJSON {
        .object([("e", .string("trade")), ("E", integer()), ("s", .string(symbol)), ("t", integer()), ("p", .string(decimal())),
                 ("q", .string(decimal())), ("T", integer()), ("m", flag()), ("M", .bool(true))])
    }

    mutating func kline(_ symbol: String, _ interval: String) -> GenJSON {
        let i = chance(0.97) ? interval : pick(["2m", "1H", "", "1y"])
        let k: GenJSON = .object([("t", integer()), ("T", integer()), ("s", .string(symbol)), ("i", .string(i)), ("f", .number("100")),
                                  ("L", .number(pick(["200", "-1"]))), ("o", .string(decimal())), ("c", .string(decimal())),
                                  ("h", .string(decimal())), ("l", .string(decimal())), ("v", .string(volume())), ("n", .number("100")),
                                  ("x", flag()), ("q", .string(volume())), ("V", .string(volume())), ("Q", .string(volume())),
                                  ("B", .string("123456"))])
        return .object([("e", .string("kline")), ("E", integer()), ("s", .string(symbol)), ("k", k)])
    }

    mutating func bookTicker(_ symbol: String) -> GenJSON {
        .object([("u", integer()), ("s", .string(symbol)), ("b", .string(decimal())), ("B", .string(decimal())), ("a", .string(decimal())),
                 ("A", .string(decimal()))])
    }

    /// A decimal as Binance writes prices and quantities; one in thirty is something else.
    mutating func decimal() -> String {
        if chance(1.0 / 30) { return pick(["", "abc", "1e5", "1.2.3", "0.0000000001", "-", ".", "99999999999", " 1"]) }
        var s = String(int(0...3) == 0 ? int(0...9) : int(0...99_999))
        let decimals = int(0...8)
        if decimals > 0 { s += "." + (0..<decimals).map { _ in String(int(0...9)) }.joined() }
        return s
    }

    mutating func volume() -> String {
        if chance(1.0 / 40) { return pick(["", "x", "1e5", "--1"]) }
        var s = String(int(0...1) == 0 ? int(0...999) : int(0...Int.max / 4))
        if chance(0.7) { s += "." + (0..<int(1...12)).map { _ in String(int(0...9)) }.joined() }
        return s
    }

    /// A time or an id; one in forty is not a non-negative integer.
    mutating func integer() -> GenJSON {
        if chance(1.0 / 40) {
            return pick([.number("1.0"), .number("-5"), .number("1e3"), .number("9223372036854775808"), .string("1"), .bool(true), .null,
                         .number("-0")])
        }
        return .number(String(int(0...1) == 0 ? int(0...999_999) : int(1_500_000_000_000...1_900_000_000_000)))
    }

    mutating func flag() -> GenJSON {
        chance(0.97) ? .bool(chance(0.5)) : pick([.number("1"), .string("true"), .null])
    }

    // MARK: variations

    /// Keys shuffled at every level, extra keys added.
    mutating func vary(_ v: GenJSON, depth: Int = 0) -> GenJSON {
        switch v {
        case .object(var members):
            members = members.map { ($0.0, vary($0.1, depth: depth + 1)) }
            if chance(0.4) {
                for _ in 0..<int(1...3) {
                    let key = extraKey()
                    if !members.contains(where: { $0.0 == key }) { members.append((key, extraValue(depth: depth + 1))) }
                }
            }
            if chance(0.03), !members.isEmpty { members.remove(at: int(0...members.count - 1)) }
            members.shuffle(using: &rng)
            return .object(members)
        case .array(let items):
            return .array(items.map { vary($0, depth: depth + 1) })
        default:
            return v
        }
    }

    mutating func extraKey() -> String {
        chance(0.2) ? pick(["result", "id", "e", "é", "stre am", "data2", "x", "a\"b", "code", "K", "MM"])
            : String((0..<int(2...8)).map { _ in pick(Array("abcdefghijklmnopqrstuvwxyzABC")) })
    }

    mutating func extraValue(depth: Int) -> GenJSON {
        let leaf = depth >= 3
        switch int(0...(leaf ? 4 : 6)) {
        case 0: return .string(pick(["", "x", "ünïcødé", "中文", "😀", "a\"b\\c/d", "line\nbreak\ttab", "\u{01}\u{1F}", "9999.99"]))
        case 1: return .number(pick(["0", "-0", "1", "-12", "3.25", "-2.5e+3", "1E-7", "6.02e23", "123456789012345678"]))
        case 2: return .bool(chance(0.5))
        case 3: return .null
        case 4: return .string(decimal())
        case 5: return .array((0..<int(0...3)).map { _ in extraValue(depth: depth + 1) })
        default: return .object((0..<int(0...3)).map { _ in (extraKey(), extraValue(depth: depth + 1)) })
        }
    }

    // MARK: writing

    mutating func write(_ v: GenJSON) -> String {
        var out = space()
        emit(v, &out)
        return out + space()
    }

    private mutating func emit(_ v: GenJSON, _ out: inout String) {
        switch v {
        case .object(let members):
            out += "{" + space()
            for (i, (k, value)) in members.enumerated() {
                if i > 0 { out += "," + space() }
                out += quoted(k) + space() + ":" + space()
                emit(value, &out)
                out += space()
            }
            out += "}"
        case .array(let items):
            out += "[" + space()
            for (i, value) in items.enumerated() {
                if i > 0 { out += "," + space() }
                emit(value, &out)
                out += space()
            }
            out += "]"
        case .string(let s): out += quoted(s)
        case .number(let n): out += n
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        }
    }

    mutating func space() -> String { chance(0.7) ? "" : pick([" ", "\n", "\t", "\r\n", "  ", " \n "]) }

    /// A JSON string literal; each character is sometimes escaped although it need not be.
    mutating func quoted(_ s: String) -> String {
        var o = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": o += "\\\""
            case "\\": o += "\\\\"
            case "/" where chance(0.5): o += "\\/"
            case "\n" where chance(0.5): o += "\\n"
            default:
                if u.value < 0x20 || chance(0.04) {
                    if u.value < 0x10000 {
                        o += hex(UInt16(u.value))
                    } else {
                        let v = u.value - 0x10000
                        o += hex(UInt16(0xD800 + (v >> 10))) + hex(UInt16(0xDC00 + (v & 0x3FF)))
                    }
                } else {
                    o.unicodeScalars.append(u)
                }
            }
        }
        return o + "\""
    }

    private mutating func hex(_ v: UInt16) -> String {
        let d = Array(chance(0.5) ? "0123456789abcdef" : "0123456789ABCDEF")
        return "\\u" + String([d[Int(v >> 12)], d[Int(v >> 8 & 15)], d[Int(v >> 4 & 15)], d[Int(v & 15)]])
    }

    /// A byte-level change: most break the JSON, some keep it valid with another meaning.
    mutating func mutate(_ bytes: [UInt8]) -> [UInt8] {
        var b = bytes
        guard !b.isEmpty else { return b }
        let interesting: [UInt8] = Array("{}[],:\"\\0-e1a .@".utf8) + [0x80, 0xC3, 0xFF, 0x00, 0x0A, 0x7F]
        for _ in 0..<int(1...3) {
            let i = int(0...b.count - 1)
            switch int(0...4) {
            case 0: b.remove(at: i)
            case 1: b.insert(pick(interesting), at: i)
            case 2: b[i] = pick(interesting)
            case 3: b = Array(b[..<i])
            default:
                let j = int(i...b.count - 1)
                b.insert(contentsOf: b[i...j], at: j)
            }
            if b.isEmpty { break }
        }
        return b
    }
}
