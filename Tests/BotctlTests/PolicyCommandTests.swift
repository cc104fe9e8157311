import BotCore
import BotTestKit
import Foundation
import Indicators
import MarketSim
import Policy
import Testing

/// `botctl policy` and `botctl indicators --ppo`: how a user checks a model and looks at what
/// the strategy feeds it.
struct PolicyCommandTests {
    @Test func policyPrintsEachObservationsProbabilities() throws {
        let dir = try SharedData.temporaryDirectory("policy-cmd")
        let tensors = ConstructedPolicy.priceDriven(centre: 50_000)
        let model = try ConstructedPolicy.write(tensors, to: dir)
        let policy = try MLPPolicy(try SafeTensors(path: model), inputs: 26)
        var rng = SplitMix64(seed: 5)
        let observations = (0..<50).map { _ in (0..<26).map { _ in rng.uniform(-1...1) * 2 } }
        let input = observations.map { "[" + $0.map { "\($0)" }.joined(separator: ", ") + "]" }.joined(separator: "\n") + "\n"
        let r = try Product.run("botctl", ["policy", model], stdin: input)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == observations.count)
        for (line, obs) in zip(lines, observations) {
            #expect(line == "[" + policy.probabilities(obs).map { "\($0)" }.joined(separator: ",") + "]")
        }
    }

    @Test func policyReportsBadLinesAndKeepsTheOthersInPlace() throws {
        let dir = try SharedData.temporaryDirectory("policy-bad")
        let model = try ConstructedPolicy.write(ConstructedPolicy.constant([0.2, 0.3, 0.5]), to: dir)
        let good = "[" + Array(repeating: "0.5", count: 26).joined(separator: ",") + "]"
        var nan = Array(repeating: "0.5", count: 26)
        nan[2] = "NaN"
        let input = [good, "[1, 2]", "[" + nan.joined(separator: ",") + "]", "hello", good].joined(separator: "\n")
        let r = try Product.run("botctl", ["policy", model], stdin: input)
        #expect(r.status == 1)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 5 && lines[1] == "null" && lines[2] == "null" && lines[3] == "null")
        let first = lines[0].dropFirst().dropLast().split(separator: ",").compactMap { Double($0) }
        #expect(lines[0] == lines[4] && first.count == 3 && abs(first[0] - 0.2) < 1e-6 && abs(first[2] - 0.5) < 1e-6, "\(lines[0])")
        #expect(r.stderr.contains("stdin:2: 2 values; the model takes 26"), "\(r.stderr)")
        #expect(r.stderr.contains("stdin:3: value 3 (rsi14) is NaN"), "\(r.stderr)")
        #expect(r.stderr.contains("stdin:4: not a JSON array"), "\(r.stderr)")
        // A file that is no model: one line naming it, no stack trace.
        let junk = dir.appendingPathComponent("junk.safetensors")
        try Data("not a model".utf8).write(to: junk)
        let j = try Product.run("botctl", ["policy", junk.path], stdin: good)
        #expect(j.status != 0 && j.stderr.contains(junk.path) && j.stdout.isEmpty, "\(j.stderr)")
    }

    @Test func ppoColumnsAreTheStrategysObservation() throws {
        let file = SharedData.path("binance_BTCUSDT_1m.csv")
        let r = try Product.run("botctl", ["indicators", file, "--timeframe", "5m", "--ppo"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(lines.first == ["ts_ms"] + AuroraObservation.featureNames)
        let candles = try CandleCSV.load(path: file)
        let bars = BarBuilder.resample(candles, to: Timeframe("5m")!, base: Timeframe("1m")!)
        try #require(lines.count == bars.count + 1)
        var o = AuroraObservation()
        for (i, c) in bars.enumerated() {
            let reading = o.update(high: c.high.doubleValue, low: c.low.doubleValue, close: c.close.doubleValue, volume: c.volume)
            let row = lines[i + 1]
            guard let reading else {
                #expect(row.dropFirst().allSatisfy { $0.isEmpty }, "bar \(i)")
                continue
            }
            let expected = reading.market + AuroraObservation.neutralSentiment + [0, 0, 0, 0, 0]
            if row.dropFirst().map({ Double($0) }) != expected {
                Issue.record("bar \(i): \(row) != \(expected)")
                break
            }
        }
        #expect(lines[49].dropFirst().allSatisfy { $0.isEmpty } && !lines[50][1].isEmpty, "the first observation is at the 50th bar")
    }
}
