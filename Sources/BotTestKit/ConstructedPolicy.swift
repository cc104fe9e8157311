import Foundation
import Indicators
import Policy

/// Policies whose probabilities a test decides, written as real safetensors files with a
/// sidecar, so they load the way a trained one does.
public enum ConstructedPolicy {
    public static let hidden = 64

    /// Probabilities `p` whatever the observation: every weight 0, `action_net.bias = log p`.
    public static func constant(_ p: [Double]) -> [String: SafeTensors.Tensor] {
        tensors(bias: p.map { Float(log($0)) })
    }

    /// Long above `centre`, short below, hold near it: the first hidden unit reads
    /// `tanh((close − centre)/100)` from feature 1 (`close / 50000`), the second layer passes it
    /// on through tanh, and the logits are `[3, 10·h, −10·h]`. 300 above the centre gives
    /// p(long) ≈ 0.99; at the centre p(hold) ≈ 0.91.
    public static func priceDriven(centre: Double) -> [String: SafeTensors.Tensor] {
        var t = tensors(bias: [3, 0, 0])
        t["mlp_extractor.policy_net.0.weight"] = matrix(hidden, 26) { r, c in r == 0 && c == 0 ? 500 : 0 }
        t["mlp_extractor.policy_net.0.bias"] = vector(hidden) { $0 == 0 ? Float(-centre / 100) : 0 }
        t["mlp_extractor.policy_net.2.weight"] = matrix(hidden, hidden) { r, c in r == 0 && c == 0 ? 1 : 0 }
        t["action_net.weight"] = matrix(3, hidden) { r, c in c == 0 ? [0, 10, -10][r] : 0 }
        return t
    }

    public static func tensors(bias: [Float]) -> [String: SafeTensors.Tensor] {
        let n = MLPPolicy.names
        return [
            n.w0: matrix(hidden, 26) { _, _ in 0 }, n.b0: vector(hidden) { _ in 0 },
            n.w1: matrix(hidden, hidden) { _, _ in 0 }, n.b1: vector(hidden) { _ in 0 },
            n.wa: matrix(3, hidden) { _, _ in 0 }, n.ba: SafeTensors.Tensor(shape: [3], values: bias),
        ]
    }

    public static func matrix(_ rows: Int, _ cols: Int, _ f: (Int, Int) -> Float) -> SafeTensors.Tensor {
        SafeTensors.Tensor(shape: [rows, cols], values: (0..<rows * cols).map { f($0 / cols, $0 % cols) })
    }

    public static func vector(_ n: Int, _ f: (Int) -> Float) -> SafeTensors.Tensor {
        SafeTensors.Tensor(shape: [n], values: (0..<n).map(f))
    }

    public static func sidecar(features: [String] = AuroraObservation.featureNames, spec: String = AuroraObservation.spec,
                        actions: [String] = ["hold", "long", "short"], timeframe: String = "5m") -> String {
        func list(_ a: [String]) -> String { "[" + a.map { "\"\($0)\"" }.joined(separator: ", ") + "]" }
        return """
        {"format": "botruntime-ppo/1", "observation": {"spec": "\(spec)", "size": \(features.count), "features": \(list(features)),
         "window": 100, "min_bars": 50}, "actions": \(list(actions)), "timeframe": "\(timeframe)"}
        """
    }

    /// Writes `tensors` and a sidecar into `dir`; the model's path.
    public static func write(_ tensors: [String: SafeTensors.Tensor], to dir: URL, name: String = "policy",
                      sidecar: String = sidecar()) throws -> String {
        let model = dir.appendingPathComponent("\(name).safetensors").path
        try Data(SafeTensors.encode(tensors)).write(to: URL(fileURLWithPath: model))
        try Data(sidecar.utf8).write(to: URL(fileURLWithPath: PolicySidecar.path(forModel: model)))
        return model
    }
}
