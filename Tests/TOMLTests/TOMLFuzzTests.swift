import BotTestKit
import MarketSim
import Testing
@testable import TOML

/// Property tests over seeded random input (the same cases every run, so a failure
/// reproduces): any bytes parse or throw, without crashing; errors point inside the file and
/// quote no control character; whatever a document holds survives writing it out and reading
/// it back.
struct TOMLFuzzTests {

    static let seed = Array("""
        # comment
        id = "bot-1"
        [params]
        levels = [1, 2.5e-3, 0x1F, 'x', \"\"\"m\\nl\"\"\", { a.b = true }]
        name.first = 'lit'
        [[instrument]]
        symbol = "A\\u00e9"  # é
        [instrument.limits]
        max = -1_000
        """.utf8)

    static let fragments: [[UInt8]] = ["[", "]", "[[", "]]", "{", "}", "=", ",", ".", "\"", "'", "\"\"\"", "'''",
                                       "\\", "\n", "\r\n", "#", " ", "a", "1", "0x", "e", "true", "\\u", "é", ":", "-"]
        .map { Array($0.utf8) } + [[0], [0x1B], [0x7F], [0xFF], [0xC3]]

    func check(_ doc: [UInt8]) {
        do {
            #expect(depth(try TOMLParser.parse(bytes: doc)) <= TOMLLimits.standard.maxDepth)
        } catch {
            let lines = doc.count { $0 == 0x0A } + 1
            #expect((1...lines).contains(error.line) && error.column >= 1, "\(error) in \(doc)")
            #expect(!error.description.unicodeScalars.contains { $0.properties.generalCategory == .control },
                    "\(error.description.debugDescription)")
        }
    }

    @Test func mutatedDocumentsParseOrThrow() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<1_000 {
            var doc = Self.seed
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let at = Int.random(in: 0..<doc.count, using: &rng)
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: doc.insert(contentsOf: Self.fragments.randomElement(using: &rng)!, at: at)
                case 1: doc.remove(at: at)
                case 2: doc[at] = UInt8.random(in: 0...255, using: &rng)
                default: doc.insert(contentsOf: doc[at..<min(doc.count, at + Int.random(in: 1...30, using: &rng))], at: at)
                }
            }
            check(doc)
        }
    }

    @Test func fragmentSoupParsesOrThrows() {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<1_500 {
            check((0..<Int.random(in: 1...40, using: &rng)).flatMap { _ in Self.fragments.randomElement(using: &rng)! })
        }
    }

    // MARK: round trip

    static let keys = ["a", "b-2", "_", "", "a b", "x.y", "é", "\"q\"", "'", "\\", "\u{1}", "\u{7F}"]
    static let texts = ["", "plain", "é 😀", "'", "''''", "\"", "\\", "\\u0041", "a\nb", "\t", "\u{0}", "\u{1B}[0m", "\u{7F}",
                        "\r\n"]
    static let numbers = ["0", "-1", "+7", "1000", "3.25", "-0.5", "1e-3", "6.02E+23"]

    func value(_ rng: inout SplitMix64, depth: Int) -> TOMLValue {
        switch Int.random(in: 0..<(depth < 4 ? 6 : 3), using: &rng) {
        case 0: .string(Self.texts.randomElement(using: &rng)!)
        case 1: .number(Self.numbers.randomElement(using: &rng)!)
        case 2: .bool(Bool.random(using: &rng))
        case 3: .array((0..<Int.random(in: 0...3, using: &rng)).map { _ in value(&rng, depth: depth + 1) })
        default: .table(table(&rng, depth: depth + 1))
        }
    }

    func table(_ rng: inout SplitMix64, depth: Int) -> TOMLTable {
        var t = TOMLTable()
        for _ in 0..<Int.random(in: 0...4, using: &rng) {
            t.insert(Self.keys.randomElement(using: &rng)!, value(&rng, depth: depth), line: 0)
        }
        return t
    }

    func quoted(_ s: String) -> String {
        let escaped = s.unicodeScalars.map { c -> String in
            if c == "\"" || c == "\\" { return "\\\(c)" }
            if c.value < 0x20 || c.value == 0x7F { return "\\u" + String(c.value + 0x10000, radix: 16).dropFirst() }
            return "\(c)"
        }
        return "\"" + escaped.joined() + "\""
    }

    func key(_ k: String) -> String { !k.isEmpty && k.utf8.allSatisfy(isBare) ? k : quoted(k) }

    func inline(_ v: TOMLValue) -> String {
        switch v {
        case .string(let s): quoted(s)
        case .number(let n): n
        case .bool(let b): "\(b)"
        case .array(let items): "[" + items.map(inline).joined(separator: ", ") + "]"
        case .table(let t): "{" + t.keys.map { key($0) + " = " + inline(t[$0]!) }.joined(separator: ", ") + "}"
        }
    }

    /// Values as `key = value` lines, then tables under `[headers]`, each at random inline.
    func document(_ t: TOMLTable, _ name: [String], _ rng: inout SplitMix64) -> String {
        var lines = name.isEmpty ? "" : "[" + name.map(key).joined(separator: ".") + "]\n", tables: [String] = []
        for k in t.keys {
            if case .table = t[k]!, Bool.random(using: &rng) {
                tables.append(k)
            } else {
                lines += key(k) + " = " + inline(t[k]!) + "\n"
            }
        }
        for k in tables { if case .table(let sub) = t[k]! { lines += document(sub, name + [k], &rng) } }
        return lines
    }

    /// Equal but for the order of keys and the lines, which writing out does not keep.
    func same(_ a: TOMLValue, _ b: TOMLValue) -> Bool {
        switch (a, b) {
        case (.table(let x), .table(let y)): Set(x.keys) == Set(y.keys) && x.keys.allSatisfy { same(x[$0]!, y[$0]!) }
        case (.array(let x), .array(let y)): x.count == y.count && zip(x, y).allSatisfy(same)
        default: a == b
        }
    }

    @Test func writtenDocumentsReadBack() throws {
        var rng = SplitMix64(seed: 3)
        for _ in 0..<300 {
            let t = table(&rng, depth: 0)
            let text = document(t, [], &rng)
            let back = try TOMLParser.parse(text)
            #expect(same(.table(t), .table(back)), "\(text)")
        }
    }
}
