#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// stable-baselines3's `MlpPolicy` actor for a discrete action space, as PPO trains it with the
/// defaults: observation → Linear(64) → tanh → Linear(64) → tanh → `action_net` Linear(actions)
/// → softmax. Weights are the stored float32 values; the arithmetic is float64 (what the
/// parity fixtures compute in PyTorch), summed in index order.
public struct MLPPolicy: Sendable {
    public let inputs: Int
    public let hidden: Int
    public let actions: Int
    let w0: [Double], b0: [Double], w1: [Double], b1: [Double], wa: [Double], ba: [Double]

    /// SB3's tensor names for the policy half of `mlp_extractor` and the action head.
    public static let names = (w0: "mlp_extractor.policy_net.0.weight", b0: "mlp_extractor.policy_net.0.bias",
                               w1: "mlp_extractor.policy_net.2.weight", b1: "mlp_extractor.policy_net.2.bias",
                               wa: "action_net.weight", ba: "action_net.bias")

    /// Reads the actor from `file`'s tensors; every shape is checked against `inputs`, `hidden`
    /// and `actions`, and a missing or misshapen tensor is an error naming the file.
    public init(_ file: SafeTensors, inputs: Int, hidden: Int = 64, actions: Int = 3) throws {
        // No action would leave softmax nothing to take the largest of.
        guard actions > 0 else { throw SafeTensors.Failure(description: "\(file.file): an actor needs at least one action, not \(actions)") }
        let n = Self.names
        func read(_ name: String, _ shape: [Int]) throws -> [Double] { try file.tensor(name, shape: shape).values.map(Double.init) }
        w0 = try read(n.w0, [hidden, inputs])
        b0 = try read(n.b0, [hidden])
        w1 = try read(n.w1, [hidden, hidden])
        b1 = try read(n.b1, [hidden])
        wa = try read(n.wa, [actions, hidden])
        ba = try read(n.ba, [actions])
        self.inputs = inputs
        self.hidden = hidden
        self.actions = actions
    }

    /// The action probabilities for `observation` (which must have `inputs` values).
    public func probabilities(_ observation: [Double]) -> [Double] {
        precondition(observation.count == inputs)
        let h0 = Self.layer(w0, b0, observation, tanh: true)
        let h1 = Self.layer(w1, b1, h0, tanh: true)
        let logits = Self.layer(wa, ba, h1, tanh: false)
        // Softmax as PyTorch's: the largest logit taken away first.
        let top = logits.max()!
        let e = logits.map { exp($0 - top) }
        let total = e.reduce(0, +)
        return e.map { $0 / total }
    }

    /// The deterministic action: the most probable (the first of equals).
    public func action(_ observation: [Double]) -> Int { Self.argmax(probabilities(observation)) }

    /// The index of the largest probability, the first of equals (numpy's and PyTorch's argmax).
    public static func argmax(_ p: [Double]) -> Int {
        p.indices.max { p[$0] < p[$1] || (p[$0] == p[$1] && $0 > $1) }!
    }

    static func layer(_ w: [Double], _ b: [Double], _ x: [Double], tanh squash: Bool) -> [Double] {
        let cols = x.count
        return (0..<b.count).map { r in
            var s = b[r]
            for c in 0..<cols { s += w[r * cols + c] * x[c] }
            return squash ? tanh(s) : s
        }
    }
}
