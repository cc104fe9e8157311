import BotCore
import BotTestKit
import Foundation
import Indicators
import Policy
@testable import Strategies
import Testing

/// What `auroraq-ppo` refuses to start on, and its sentiment input: each bad input a clear
/// error naming the file and the field.
struct AuroraQInputTests {
    static func build(_ model: String, _ extra: [String: String] = [:]) throws -> AuroraQStrategy {
        let r = ParameterReaderTests.TextReader(extra.merging(["model": model]) { a, _ in a })
        let p = try #require(AuroraQParams.read(r), "\(r.errors)")
        return try AuroraQStrategy(params: p, setup: StrategySetup(instrument: ppoCoin, timeframe: Timeframe("5m")!))
    }

    static func refusal(_ model: String, _ extra: [String: String] = [:]) -> StrategySetupError? {
        do {
            _ = try build(model, extra)
            return nil
        } catch {
            return error as? StrategySetupError
        }
    }

    @Test func badModelsAreRefusedNamingTheFileAndTheCause() throws {
        let dir = try SharedData.temporaryDirectory("ppo-bad")
        let good = ConstructedPolicy.constant([0.2, 0.5, 0.3])

        let missing = dir.appendingPathComponent("absent.safetensors").path
        let e1 = try #require(Self.refusal(missing))
        #expect(e1.field == "model" && e1.message == "\(missing): cannot read the file")

        // Weights without their sidecar.
        let alone = try ConstructedPolicy.write(good, to: dir, name: "alone")
        try FileManager.default.removeItem(atPath: PolicySidecar.path(forModel: alone))
        let e0 = try #require(Self.refusal(alone))
        #expect(e0.field == "model" && e0.message.hasPrefix(dir.appendingPathComponent("alone.json").path) && e0.message.contains("sidecar"))

        // Truncated: the sidecar is fine, the weights end early.
        let truncated = try ConstructedPolicy.write(good, to: dir, name: "truncated")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: truncated))
        try bytes.prefix(bytes.count - 100).write(to: URL(fileURLWithPath: truncated))
        let e2 = try #require(Self.refusal(truncated))
        #expect(e2.field == "model" && e2.message.hasPrefix(truncated))

        var renamed = good
        renamed["action_net.weights"] = renamed.removeValue(forKey: "action_net.weight")
        let e3 = try #require(Self.refusal(try ConstructedPolicy.write(renamed, to: dir, name: "renamed")))
        #expect(e3.message.contains("action_net.weight") && e3.message.contains("renamed.safetensors"))

        var reshaped = good
        reshaped["mlp_extractor.policy_net.0.weight"] = ConstructedPolicy.matrix(64, 25) { _, _ in 0 }
        let e4 = try #require(Self.refusal(try ConstructedPolicy.write(reshaped, to: dir, name: "reshaped")))
        #expect(e4.message.contains("mlp_extractor.policy_net.0.weight") && e4.message.contains("reshaped.safetensors"))

        // A float16 tensor: the dtype is checked, not reinterpreted.
        let f16 = try ConstructedPolicy.write(good, to: dir, name: "f16")
        var raw = [UInt8](try Data(contentsOf: URL(fileURLWithPath: f16)))
        let header = String(decoding: raw[8..<(8 + Int(raw[0]) + Int(raw[1]) << 8)], as: UTF8.self)
        let swapped = header.replacingOccurrences(of: "\"F32\"", with: "\"F16\"")
        raw.replaceSubrange(8..<(8 + header.utf8.count), with: Array(swapped.utf8))
        try Data(raw).write(to: URL(fileURLWithPath: f16))
        let e5 = try #require(Self.refusal(f16))
        #expect(e5.message.contains("F16") && e5.message.hasPrefix(f16))
    }

    @Test func aSidecarForAnotherObservationIsRefused() throws {
        let dir = try SharedData.temporaryDirectory("ppo-sidecar")
        let good = ConstructedPolicy.constant([0.2, 0.5, 0.3])
        var swapped = AuroraObservation.featureNames
        swapped.swapAt(2, 3)
        let cases: [(String, String, String)] = [
            ("order", ConstructedPolicy.sidecar(features: swapped), "observation.features[2] is 'macd'"),
            ("spec", ConstructedPolicy.sidecar(spec: "auroraq-obs-v0"), "observation.spec"),
            ("size", ConstructedPolicy.sidecar(features: Array(AuroraObservation.featureNames.prefix(21))), "observation.size is 21"),
            ("actions", ConstructedPolicy.sidecar(actions: ["buy", "sell", "hold"]), "actions are"),
            ("timeframe", ConstructedPolicy.sidecar(timeframe: "1m"), "timeframe is '1m'"),
            ("format", #"{"format": "sb3-zip"}"#, "format is"),
            ("missing", #"{"format": "botruntime-ppo/1", "actions": [], "timeframe": "5m"}"#, "no `observation`"),
        ]
        for (name, sidecar, expected) in cases {
            let model = try ConstructedPolicy.write(good, to: dir, name: name, sidecar: sidecar)
            let e = try #require(Self.refusal(model), "\(name)")
            #expect(e.field == "model", "\(name)")
            #expect(e.message.contains(expected), "\(name): \(e.message)")
            #expect(e.message.contains("\(name).json"), "\(name): \(e.message)")
        }
        // The same weights with the right sidecar load.
        _ = try Self.build(try ConstructedPolicy.write(good, to: dir, name: "right"))
    }

    @Test func sentimentFileErrorsNameLineAndField() {
        func error(_ text: String) -> String? {
            do {
                _ = try SentimentFile(text: text, path: "s.csv")
                return nil
            } catch {
                return "\(error)"
            }
        }
        let header = "ts_ms,asset,overall,fear_greed,volatility,trend\n"
        #expect(error("ts,asset\n")?.hasPrefix("s.csv:1: the header") == true)
        #expect(error(header + "1000,BTC,0.1,0.2,0.3\n")?.hasPrefix("s.csv:2: 5 fields") == true)
        #expect(error(header + "x,BTC,0.1,0.2,0.3,0.4\n")?.contains("s.csv:2: ts_ms 'x'") == true)
        #expect(error(header + "1000,BTC,0.1,1.5,0.3,0.4\n")?.contains("s.csv:2: fear_greed '1.5'") == true)
        #expect(error(header + "1000,BTC,0.1,nan,0.3,0.4\n")?.contains("fear_greed 'nan'") == true)
        let outOfOrder = header + "2000,BTC,0,0,0,0\n1000,ETH,0,0,0,0\n1500,BTC,0,0,0,0\n"
        #expect(error(outOfOrder)?.hasPrefix("s.csv:4: ts_ms 1500 is out of order") == true)
        #expect(error(header + "1000,BTC,0,0,0,0\n2000,ETH,0,0,0,0\n") == nil, "each asset in its own order")
    }

    @Test func sentimentFeaturesNeverLookAhead() throws {
        var text = "ts_ms,asset,overall,fear_greed,volatility,trend\n"
        for i in 0..<30 { text += "\(i * 60_000),btc,\(Double(i) / 100),0.5,-0.2,0.1\n" }
        let s = try SentimentFile(text: text, path: "s.csv")
        // At 10.5 minutes: row 10 is the latest; its mean, (0.5+1)/2, s3, s4, the last 10 means.
        let f = try #require(s.features(asset: "BTC", at: 630_000, maxAge: 3_600_000))
        let mean = { (i: Int) in (Double(i) / 100 + 0.5 - 0.2 + 0.1) / 4 }
        #expect(abs(f[0] - mean(10)) < 1e-15)
        #expect(f[1] == 0.75 && f[2] == -0.2 && f[3] == 0.1)
        #expect(abs(f[4] - (0...10).map(mean).reduce(0, +) / 11) < 1e-12, "fewer than 20 rows: all of them")
        #expect(abs(f[5] - (1...10).map(mean).reduce(0, +) / 10) < 1e-12)
        #expect(s.features(asset: "BTC", at: -1, maxAge: 3_600_000) == nil, "before the first row")
        #expect(s.features(asset: "ETH", at: 630_000, maxAge: 3_600_000) == nil)
        #expect(s.features(asset: "BTC", at: 29 * 60_000 + 3_600_001, maxAge: 3_600_000) == nil, "stale")
    }

    @Test func aSentimentFileFeedsTheObservation() throws {
        let dir = try SharedData.temporaryDirectory("ppo-sentiment")
        let csv = dir.appendingPathComponent("s.csv")
        // Very positive: feature 16 = 0.8, above the 0.1 boost line.
        try Data("ts_ms,asset,overall,fear_greed,volatility,trend\n1700006400000,PPO,0.8,0.8,0.8,0.8\n".utf8).write(to: csv)
        // The policy reads feature 16 alone: long when it is high.
        var t = ConstructedPolicy.tensors(bias: [0, 0, 0])
        t["mlp_extractor.policy_net.0.weight"] = ConstructedPolicy.matrix(64, 26) { r, c in r == 0 && c == 15 ? 10 : 0 }
        t["mlp_extractor.policy_net.2.weight"] = ConstructedPolicy.matrix(64, 64) { r, c in r == 0 && c == 0 ? 10 : 0 }
        t["action_net.weight"] = ConstructedPolicy.matrix(3, 64) { r, c in c == 0 && r == 1 ? 10 : 0 }
        var with = try AuroraQHarness(t, params: ["sentiment": csv.path, "sentiment_max_age": "525600"])
        var without = try AuroraQHarness(t)
        for _ in 0..<55 {
            with.close(50_000)
            without.close(50_000)
        }
        #expect(with.s.state.lastProbabilities[1] > 0.99)
        #expect(abs(without.s.state.lastProbabilities[1] - 1.0 / 3) < 1e-9, "neutral fallback: feature 16 is 0")
        #expect(with.entries.count == 1 && without.entries.isEmpty)
        // A bad file stops this bot from being built, naming the file and line.
        try Data("ts_ms,asset,overall,fear_greed,volatility,trend\n5,PPO,0,0,0,0\n4,PPO,0,0,0,0\n".utf8).write(to: csv)
        let model = try ConstructedPolicy.write(t, to: dir)
        let e = try #require(Self.refusal(model, ["sentiment": csv.path]))
        #expect(e.field == "sentiment" && e.message.contains("s.csv:3: ts_ms 4 is out of order"))
    }

    @Test func aNonFiniteFeatureSkipsTheDecisionAndIsRecorded() throws {
        var h = try AuroraQHarness(ConstructedPolicy.constant([0.1, 0.85, 0.05]))
        for _ in 0..<49 { h.close(50_000) }
        // A feed's NaN volume makes the volume ratio NaN for 20 bars.
        let c = Candle(ts: h.now, open: Price.of("50000"), high: Price.of("50000"), low: Price.of("50000"), close: Price.of("50000"), volume: .nan)
        h.bar += 1
        h.s.handle(.candleClosed(c, Timeframe("5m")!), context: h.context, into: &h.sink)
        _ = h.settle(price: c.close)
        #expect(h.entries.isEmpty)
        #expect(h.s.state.invalidObservations == 1 && h.s.state.invalidFeature == "volume_ratio")
    }
}
