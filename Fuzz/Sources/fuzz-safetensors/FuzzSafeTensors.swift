import FuzzSupport
import Policy

/// A policy file comes from whoever trained it: any bytes must give tensors or an error that
/// names the file, never a crash or a runaway allocation. What parses and holds an MlpPolicy
/// actor must run, and with finite weights give probabilities that are a distribution.
/// (PolicySidecar, the JSON beside the weights, is read from a path only: not fuzzed here.)
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = bytes(data, size)
    let file: SafeTensors
    do {
        file = try SafeTensors(bytes: input, file: "fuzz.safetensors")
    } catch let e as SafeTensors.Failure {
        invariant(e.description.hasPrefix("fuzz.safetensors: "), "error without the file: \(e.description)")
        return 0
    } catch {
        invariant(false, "unexpected error type: \(error)")
        return 0
    }
    for (name, t) in file.tensors {
        invariant(!name.isEmpty, "a tensor without a name")
        invariant(t.values.count == t.shape.reduce(1, *), "\(name): \(t.values.count) values for shape \(t.shape)")
    }
    // The actor's sizes as `botctl policy` takes them: from the first layer and the head.
    let n = MLPPolicy.names
    guard let w0 = file.tensors[n.w0], w0.shape.count == 2, let wa = file.tensors[n.wa], wa.shape.count == 2,
          // An empty first layer ([0, inputs]) can claim any width without data behind it: the
          // observation of zeros built below is kept small.
          w0.shape[1] <= 4_096 else { return 0 }
    let policy: MLPPolicy
    do {
        policy = try MLPPolicy(file, inputs: w0.shape[1], hidden: w0.shape[0], actions: wa.shape[0])
    } catch let e as SafeTensors.Failure {
        invariant(e.description.hasPrefix("fuzz.safetensors: "), "policy error without the file: \(e.description)")
        return 0
    } catch {
        invariant(false, "unexpected policy error type: \(error)")
        return 0
    }
    let p = policy.probabilities([Double](repeating: 0, count: policy.inputs))
    invariant(p.count == policy.actions, "\(p.count) probabilities for \(policy.actions) actions")
    let weights = [n.w0, n.b0, n.w1, n.b1, n.wa, n.ba].compactMap { file.tensors[$0] }
    if weights.allSatisfy({ $0.values.allSatisfy(\.isFinite) }) {
        invariant(p.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 }, "probabilities \(p)")
        invariant(abs(p.reduce(0, +) - 1) < 1e-9, "probabilities sum to \(p.reduce(0, +))")
    }
    return 0
}
