import BotCore
import MarketSim

/// A JSON value whose objects keep the order they are given, so the generator decides how a
/// frame is laid out.
indirect enum GenJSON {
    case object([(String, GenJSON)])
    case array([GenJSON])
    case string(String)
    case number(String)
    case bool(Bool)
    case null
}

/// Seeded variations of market frames: shuffled members at every level, extra members of every
/// JSON type, several items, random whitespace, and strings with random escapes. Values are
/// mostly valid and sometimes not, so both outcomes are exercised.
struct MarketFrameGenerator {
    var rng: SplitMix64

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
    mutating func chance(_ p: Double) -> Bool { rng.unit() < p }
    mutating func pick<T>(_ xs: [T]) -> T { xs[int(0...xs.count - 1)] }

    // MARK: frames

    mutating func hotFrame() -> GenJSON {
        switch int(0...3) {
        case 0: return frame(channel: "tickers", instId: instId(), items: (0..<int(1...3)).map { _ in ticker() })
        case 1: return frame(channel: pick(["trades", "trades-all"]), instId: instId(), items: (0..<int(1...4)).map { _ in trade() })
        default:
            let bar = pick(["1m", "1s", "3m", "1H", "4H", "1D", "1Dutc", "1W"])
            return frame(channel: "candle" + bar, instId: instId(), items: (0..<int(1...3)).map { _ in candleRow() })
        }
    }

    mutating func frame(channel: String, instId: String, items: [GenJSON]) -> GenJSON {
        var arg: [(String, GenJSON)] = [("channel", .string(channel)), ("instId", .string(instId))]
        if chance(0.3) { arg.append(("uid", .string(String(int(1...999_999))))) }
        return .object([("arg", .object(arg)), ("data", .array(items))])
    }

    mutating func instId() -> String { pick(["BTC-USDT", "BTC-USDT-SWAP", "ETH-USD-250328", "X-Y", "SOL-USDC", "BTC-USD-250328-100000-C"]) }

    mutating func ticker() -> GenJSON {
        .object([("instType", .string("SPOT")), ("instId", .string(instId())), ("last", .string(decimal())),
                 ("lastSz", .string(decimal())), ("askPx", .string(decimal())), ("askSz", .string(decimal())),
                 ("bidPx", .string(decimal())), ("bidSz", .string(decimal())), ("open24h", .string(decimal())),
                 ("high24h", .string(decimal())), ("low24h", .string(decimal())), ("volCcy24h", .string(decimal())),
                 ("vol24h", .string(decimal())), ("sodUtc0", .string(decimal())), ("sodUtc8", .string(decimal())),
                 ("ts", .string(millis()))])
    }

    mutating func trade() -> GenJSON {
        .object([("instId", .string(instId())), ("tradeId", .string(String(int(1...999_999_999)))), ("px", .string(decimal())),
                 ("sz", .string(decimal())), ("side", .string(chance(0.97) ? pick(["buy", "sell"]) : pick(["BUY", "", "bid"]))),
                 ("ts", .string(millis())), ("count", .string(String(int(1...9)))), ("source", .string("0")),
                 ("seqId", .number(String(int(0...99_999_999))))])
    }

    mutating func candleRow() -> GenJSON {
        var cells: [GenJSON] = [.string(millis())] + (0..<4).map { _ in .string(decimal()) }
        cells += [.string(volume()), .string(volume()), .string(volume()),
                  .string(chance(0.97) ? pick(["0", "1"]) : pick(["2", "", "true"]))]
        if chance(0.02) { cells.removeLast() }
        if chance(0.05) { cells.append(extraValue(depth: 1)) }
        return .array(cells)
    }

    /// A decimal as OKX writes prices and sizes; one in thirty is something else.
    mutating func decimal() -> String {
        if chance(1.0 / 30) { return pick(["", "abc", "1e5", "1.2.3", "0.0000000001", "-", ".", "99999999999", " 1"]) }
        var s = String(int(0...3) == 0 ? int(0...9) : int(0...99_999))
        let decimals = int(0...9)
        if decimals > 0 { s += "." + (0..<decimals).map { _ in String(int(0...9)) }.joined() }
        return s
    }

    mutating func volume() -> String {
        if chance(1.0 / 40) { return pick(["", "x", "1e5", "--1"]) }
        var s = String(int(0...1) == 0 ? int(0...999) : int(0...Int.max / 4))
        if chance(0.7) { s += "." + (0..<int(1...12)).map { _ in String(int(0...9)) }.joined() }
        return s
    }

    mutating func millis() -> String {
        chance(1.0 / 40) ? pick(["", "-1", "12a", "99999999999999999999"]) : String(int(1_500_000_000_000...1_900_000_000_000))
    }

    // MARK: variations

    /// Members shuffled at every level, extra members added, more items.
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
            members.shuffle(using: &rng)
            return .object(members)
        case .array(let items):
            return .array(items.map { vary($0, depth: depth + 1) })
        default:
            return v
        }
    }

    mutating func extraKey() -> String {
        chance(0.2) ? pick(["instType", "seqId", "x", "é", "chan nel", "data2", "confirm", "a\"b", "sodUtc0"])
            : String((0..<int(1...8)).map { _ in pick(Array("abcdefghijklmnopqrstuvwxyzABC")) })
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
        let digits = chance(0.5) ? "0123456789abcdef" : "0123456789ABCDEF"
        let d = Array(digits)
        return "\\u" + String([d[Int(v >> 12)], d[Int(v >> 8 & 15)], d[Int(v >> 4 & 15)], d[Int(v & 15)]])
    }

    /// A byte-level change: most break the JSON, some keep it valid with another meaning.
    mutating func mutate(_ bytes: [UInt8]) -> [UInt8] {
        var b = bytes
        guard !b.isEmpty else { return b }
        let interesting: [UInt8] = Array("{}[],:\"\\0-e1a .".utf8) + [0x80, 0xC3, 0xFF, 0x00, 0x0A, 0x7F]
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
