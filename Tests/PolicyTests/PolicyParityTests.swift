import BotCore
import BotTestKit
import Foundation
import Indicators
import Policy
import Testing

/// The parity fixtures `training/auroraq-ppo/export_fixtures.py` writes: what the Python
/// environment builds from a stretch of real candles, and what PyTorch computes in float64 from
/// the committed model's stored weights. Swift must build the same observations (within 1e-9)
/// and the same probabilities (within 1e-6).
struct PolicyParityTests {
    static let fixtures = SharedData.packageRoot.appendingPathComponent("Tests/Fixtures/auroraq-ppo")
    static let model = SharedData.packageRoot.appendingPathComponent("bots/models/auroraq-ppo-btc-5m.safetensors").path

    struct Stretch: Decodable {
        var data: String
        var first_ts_ms: Int64
        var bars: Int
    }

    /// Header and rows of a fixture CSV, every cell a number.
    static func table(_ name: String) throws -> (header: [String], rows: [[Double]]) {
        let text = try String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8)
        let lines = text.split(separator: "\n")
        let header = lines[0].split(separator: ",").map(String.init)
        let rows = try lines.dropFirst().map { line in
            try line.split(separator: ",").map { try #require(Double($0), "\(name): '\($0)'") }
        }
        return (header, rows)
    }

    @Test func theObservationBuilderMatchesThePythonEnvironment() throws {
        let stretch = try JSONDecoder().decode(Stretch.self, from: Data(contentsOf: Self.fixtures.appendingPathComponent("observations.json")))
        let all = try CandleCSV.load(path: SharedData.path(stretch.data))
        let start = try #require(all.firstIndex { $0.ts == stretch.first_ts_ms })
        let candles = all[start..<(start + stretch.bars)]
        let (header, rows) = try Self.table("observations.csv")
        #expect(header == ["ts_ms"] + AuroraObservation.featureNames)
        #expect(rows.count >= 1_000)
        var byTs: [Int64: [Double]] = [:]
        for r in rows { byTs[Int64(r[0])] = Array(r.dropFirst()) }

        var o = AuroraObservation()
        var compared = 0, worst = 0.0, worstAt = ""
        for c in candles {
            guard let reading = o.update(high: c.high.doubleValue, low: c.low.doubleValue, close: c.close.doubleValue, volume: c.volume) else {
                #expect(byTs[c.ts] == nil, "Python has an observation at \(c.ts) before the 50th bar")
                continue
            }
            let expected = try #require(byTs[c.ts], "no Python observation at \(c.ts)")
            let swift = reading.market + AuroraObservation.neutralSentiment + [0, 0, 0, 0, 0]
            for i in 0..<AuroraObservation.size {
                let d = abs(swift[i] - expected[i])
                if d > worst { (worst, worstAt) = (d, "\(AuroraObservation.featureNames[i]) at \(c.ts): swift \(swift[i]) python \(expected[i])") }
            }
            compared += 1
        }
        #expect(compared == rows.count)
        #expect(worst <= 1e-9, "largest difference \(worst): \(worstAt)")
    }

    @Test func theForwardPassMatchesPyTorchInFloat64() throws {
        let policy = try MLPPolicy(try SafeTensors(path: Self.model), inputs: 26)
        let (header, rows) = try Self.table("probabilities.csv")
        #expect(header.prefix(3) == ["p_hold", "p_long", "p_short"] && header.count == 29)
        #expect(rows.count >= 1_000)
        var worst = 0.0
        var agree = 0
        for r in rows {
            let p = policy.probabilities(Array(r[3...]))
            for i in 0..<3 { worst = max(worst, abs(p[i] - r[i])) }
            let torchAction = (0..<3).max { r[$0] < r[$1] }!
            if policy.action(Array(r[3...])) == torchAction { agree += 1 }
        }
        #expect(worst <= 1e-6, "largest difference \(worst)")
        #expect(agree == rows.count)
    }
}

/// The committed model's sidecar reports how it did on the held-out months; the same
/// evaluation computed here, from the Swift observation and forward pass over the whole data file,
/// must give the same figures: what the runtime runs is what was evaluated.
struct PolicyEvaluationTests {
    struct Sidecar: Decodable {
        struct Training: Decodable { var data: String; var fee: Double; var train_to: String }
        struct Evaluation: Decodable {
            var bars: Int
            var `return`: Double
            var trades: Int
            var max_drawdown: Double
            var buy_and_hold_return: Double
            var top_probability_at_least_0_7: Double
            var action_shares: [String: Double]
        }
        var training: Training
        var evaluation: Evaluation
    }

    @Test func theSidecarsEvaluationIsReproduced() throws {
        let sidecarPath = PolicySidecar.path(forModel: PolicyParityTests.model)
        let sidecar = try JSONDecoder().decode(Sidecar.self, from: Data(contentsOf: URL(fileURLWithPath: sidecarPath)))
        _ = try PolicySidecar(path: sidecarPath)
        let policy = try MLPPolicy(try SafeTensors(path: PolicyParityTests.model), inputs: 26)
        let bars = try CandleCSV.load(path: SharedData.path(sidecar.training.data))
        let evalFrom = try #require(ISO8601DateFormatter().date(from: sidecar.training.train_to)).timeIntervalSince1970 * 1000
        var o = AuroraObservation()
        var probabilities: [[Double]] = [], closes: [Double] = []
        for c in bars {
            let r = o.update(high: c.high.doubleValue, low: c.low.doubleValue, close: c.close.doubleValue, volume: c.volume)
            guard Double(c.ts) >= evalFrom, let r else { continue }
            probabilities.append(policy.probabilities(r.market + AuroraObservation.neutralSentiment + [0, 0, 0, 0, 0]))
            closes.append(c.close.doubleValue)
        }
        let e = sidecar.evaluation
        #expect(closes.count == e.bars)
        // The training environment's evaluation: argmax each bar, the action map without shorts,
        // the fee on each change, a position left open closed at the end.
        let fee = sidecar.training.fee
        var position = 0, equity = 1.0, peak = 1.0, drawdown = 0.0, trades = 0
        var counts = [0, 0, 0], confident = 0
        for j in probabilities.indices {
            let p = probabilities[j]
            let a = p.indices.max { p[$0] < p[$1] || (p[$0] == p[$1] && $0 > $1) }!
            counts[a] += 1
            if p.max()! >= 0.7 { confident += 1 }
            guard j + 1 < closes.count else { continue }
            var next = position
            if a == 1 && position == 0 { next = 1 }
            if a == 2 && position > 0 { next = 0 }
            if position == 0 && next != 0 { trades += 1 }
            equity *= 1 + (Double(next) * (closes[j + 1] / closes[j] - 1) - fee * Double(abs(next - position)))
            position = next
            peak = max(peak, equity)
            drawdown = max(drawdown, 1 - equity / peak)
        }
        if position != 0 { equity *= 1 - fee }
        #expect(trades == e.trades)
        #expect(abs((equity - 1) - e.return) < 1e-9, "return \(equity - 1) against \(e.return)")
        #expect(abs(drawdown - e.max_drawdown) < 1e-9)
        #expect(abs(closes.last! / closes[0] - 1 - e.buy_and_hold_return) < 1e-12)
        let n = Double(closes.count)
        #expect(Double(confident) / n == e.top_probability_at_least_0_7)
        #expect(Double(counts[0]) / n == e.action_shares["hold"] && Double(counts[1]) / n == e.action_shares["long"])
        #expect(Double(counts[2]) / n == e.action_shares["short"])
    }
}
