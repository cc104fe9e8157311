import Backtest
import BotConfig
import BotCore
import Execution
import BotTestKit
import Foundation
import PaperMatching
import Risk
import Strategies
import Testing
@testable import Runtime

/// The write-ahead path's own snapshot encoder must write what `JSONDecoder` reads back to
/// the very value `JSONEncoder` would have written, or decline.
struct SnapshotEncoderTests {
    static func foundation<T: Encodable>(_ v: T) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = .sortedKeys
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "+inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try e.encode(v), as: UTF8.self)
    }

    /// Ours, decoded as the bots decode snapshots, then written by Foundation with sorted keys,
    /// equals Foundation's own writing of the value.
    static func check<T: Codable>(_ v: T, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let ours = try SnapshotEncoder.encode(v)
        let back = try BotActor<RSICross>.decoder.decode(T.self, from: Data(ours))
        #expect(try foundation(back) == foundation(v), "ours: \(String(decoding: ours, as: UTF8.self))",
                sourceLocation: sourceLocation)
    }

    struct Leaf: Codable, Equatable { var x: Double; var s: String?; var tag: [Int: String] = [:] }
    struct Tree: Codable, Equatable {
        var name = "a \"quoted\" \\ name\n\twith\u{01} control and ünïcode ✓"
        var values: [Double] = [0, -0.0, 1e-7, 123456789.125, 1e300, .nan, .infinity, -.infinity, 0.1 + 0.2]
        var ints: [Int64] = [.min, -1, 0, .max]
        var unsigned: UInt64 = .max
        var flags: [Bool] = [true, false]
        var nested: [[Leaf]] = [[], [Leaf(x: 1, s: nil), Leaf(x: 2, s: "b", tag: [3: "c", -4: "d"])]]
        var optionals: [Int?] = [1, nil, 3]
        var empty = Empty()
        var byName: [String: Leaf] = ["k": Leaf(x: .nan, s: "")]
        var maybe: Leaf?
        var present: Leaf? = Leaf(x: 5, s: "s")
        struct Empty: Codable, Equatable {}
    }

    /// Encodes through nested containers by hand, as a custom `encode(to:)` may.
    struct Custom: Codable {
        var a: Int, b: [Double]
        enum Keys: String, CodingKey { case outer, list, a }
        init(a: Int, b: [Double]) { self.a = a; self.b = b }
        init(from d: any Decoder) throws {
            let c = try d.container(keyedBy: Keys.self)
            let o = try c.nestedContainer(keyedBy: Keys.self, forKey: .outer)
            a = try o.decode(Int.self, forKey: .a)
            var l = try o.nestedUnkeyedContainer(forKey: .list)
            var b: [Double] = []
            while !l.isAtEnd { b.append(try l.decode(Double.self)) }
            self.b = b
        }
        func encode(to e: any Encoder) throws {
            var c = e.container(keyedBy: Keys.self)
            var o = c.nestedContainer(keyedBy: Keys.self, forKey: .outer)
            try o.encode(a, forKey: .a)
            var l = o.nestedUnkeyedContainer(forKey: .list)
            for x in b { try l.encode(x) }
            // Asking again for the same container is allowed and must not open a second one.
            var again = e.container(keyedBy: Keys.self)
            try again.encode(a, forKey: .a)
        }
    }

    /// Writes to a nested container after its parent has moved on: cannot be streamed.
    struct Interleaved: Encodable {
        enum Keys: String, CodingKey { case first, second }
        func encode(to e: any Encoder) throws {
            var c = e.container(keyedBy: Keys.self)
            var first = c.nestedUnkeyedContainer(forKey: .first)
            try c.encode(1, forKey: .second)
            try first.encode(2)
        }
    }

    @Test func valuesOfEveryShapeReadBackAsFoundationWritesThem() throws {
        try Self.check(Tree())
        try Self.check(Custom(a: 7, b: [1.5, .nan]))
        try Self.check(Tree.Empty())
        try Self.check([Tree(), Tree()])
        try Self.check(Optional<Int>.none)
        try Self.check("top-level string")
        try Self.check(Price.of("2500.5"))
        #expect(String(decoding: try SnapshotEncoder.encode(Tree.Empty()), as: UTF8.self) == "{}")
    }

    @Test func whatCannotBeStreamedIsDeclinedNotMiswritten() {
        #expect(throws: SnapshotEncoder.Unsupported.self) { try SnapshotEncoder.encode(Interleaved()) }
        #expect(throws: SnapshotEncoder.Unsupported.self) { try SnapshotEncoder.encode(["d": Data([1, 2])]) }
        #expect(throws: SnapshotEncoder.Unsupported.self) { try SnapshotEncoder.encode([Date(timeIntervalSince1970: 0)]) }
    }

    /// The states the shipped strategies really carry, after trading real candles: HYPERRSI's
    /// indicator windows, pivots and NaN-filled warm-up values, RSI-cross's state, and the
    /// runtime's envelope with timers.
    @Test func realStrategyStatesReadBackExactly() throws {
        let bars = Array(try CandleCSV.load(path: SharedData.path("binance_BTCUSDT_1m.csv")).prefix(6000))
        let d = Diagnostics()
        let text = try String(contentsOfFile: SharedData.packageRoot.appendingPathComponent("data/instruments.toml").path, encoding: .utf8)
        let inst = try #require(InstrumentCatalog.parse(text, file: "instruments.toml", diagnostics: d).find(symbol: "BTC-USDT-SWAP"))
        let tf = Timeframe("5m")!
        var hyper = BacktestEngine(strategy: HyperRSIStrategy(params: .init(), setup: StrategySetup(instrument: inst, timeframe: tf)),
                                   botID: "h", instrument: inst, timeframe: tf, base: Timeframe("1m")!,
                                   guardrails: RiskGuard(), paper: PaperConfig())
        // Part way, with warm-up values still undefined, and at the end.
        _ = try hyper.run(Array(bars.prefix(40)))
        try Self.check(hyper.strategy.state)
        _ = try hyper.run(Array(bars.dropFirst(40)))
        try Self.check(hyper.strategy.state)
        try Self.check(BotSnapshot(strategy: hyper.strategy.state, lastBarTs: 1_700_000_000_000, fillsSeen: 12,
                                   timers: [PendingTimer(at: 5, id: 9)]))
        // The runtime's own writing: the strategy's state from its conformance, the envelope by hand.
        typealias Snap = BotSnapshot<HyperRSIStrategy.State>
        for (last, timers, manual): (Int64?, [PendingTimer]?, Int64?) in
            [(nil, nil, nil), (7, [], 3), (8, [PendingTimer(at: 1, id: 2), PendingTimer(at: 3, id: 4)], 41)] {
            let bytes = Snap.json(state: try HyperRSIStrategy.encodeState(hyper.strategy.state), lastBarTs: last, fillsSeen: 5,
                                  timers: timers, manualSeen: manual)
            let back = try BotActor<HyperRSIStrategy>.decoder.decode(Snap.self, from: Data(bytes))
            #expect(back.lastBarTs == last && back.fillsSeen == 5 && back.timers == timers && back.manualSeen == manual)
            #expect(try Self.foundation(back) == Self.foundation(Snap(strategy: hyper.strategy.state, lastBarTs: last,
                                                                          fillsSeen: 5, timers: timers, manualSeen: manual)))
        }
        var rsi = BacktestEngine(strategy: RSICross(params: .init(), setup: StrategySetup(instrument: inst, timeframe: tf)),
                                 botID: "r", instrument: inst, timeframe: tf, base: Timeframe("1m")!,
                                 guardrails: RiskGuard(), paper: PaperConfig())
        _ = try rsi.run(bars)
        try Self.check(BotSnapshot(strategy: rsi.strategy.state, lastBarTs: nil, fillsSeen: 0, timers: nil))
    }
}
