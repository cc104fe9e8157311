import BotTestKit
import Foundation
import Policy
import Testing

/// fuzz-safetensors' seeds and fixed crashes (Fuzz/), replayed without instrumentation with the
/// target's invariants: tensors or an error naming the file, and an actor that runs.
struct FuzzCorpusTests {
    @Test func thereAreSeeds() { #expect(FuzzCorpus.files("fuzz-safetensors").count >= 10) }

    @Test(arguments: FuzzCorpus.files("fuzz-safetensors"))
    func safetensors(_ file: URL) throws {
        let bytes = try FuzzCorpus.bytes(file)
        let parsed: SafeTensors
        do {
            parsed = try SafeTensors(bytes: bytes, file: "fuzz.safetensors")
        } catch let e as SafeTensors.Failure {
            #expect(e.description.hasPrefix("fuzz.safetensors: "), "\(e)")
            return
        }
        for (name, t) in parsed.tensors {
            #expect(!name.isEmpty && t.values.count == t.shape.reduce(1, *))
        }
        let n = MLPPolicy.names
        guard let w0 = parsed.tensors[n.w0], w0.shape.count == 2, let wa = parsed.tensors[n.wa], wa.shape.count == 2,
              let policy = try? MLPPolicy(parsed, inputs: w0.shape[1], hidden: w0.shape[0], actions: wa.shape[0]) else { return }
        let p = policy.probabilities([Double](repeating: 0, count: policy.inputs))
        #expect(p.count == policy.actions)
        if parsed.tensors.values.allSatisfy({ $0.values.allSatisfy(\.isFinite) }) {
            #expect(abs(p.reduce(0, +) - 1) < 1e-9)
        }
    }
}
