import ArgumentParser
import Foundation
import Policy

extension BotCtl {
    struct PolicyCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "policy",
            abstract: "Run a policy on observations from stdin: one JSON array in, its action probabilities out.",
            discussion: """
            Reads MODEL.safetensors (stable-baselines3's MlpPolicy actor tensors: \
            mlp_extractor.policy_net.{0,2}.{weight,bias}, action_net.{weight,bias}) and, for each \
            line of stdin holding a JSON array of numbers (as many as the model's inputs), prints \
            the action probabilities as a JSON array on one line, computed in float64 as \
            auroraq-ppo computes them. How to check a model trained elsewhere against PyTorch. A \
            line that is not such an array prints null and is reported on stderr with its line \
            number (and the feature's name when the sidecar MODEL.json is there); the exit status \
            is then 1.
            """)

        @Argument(help: "The policy's safetensors file.", completion: .file(extensions: ["safetensors"]))
        var model: String

        func run() throws {
            let policy: MLPPolicy
            let names: [String]?
            do {
                let file = try SafeTensors(path: model)
                guard let first = file.tensors[MLPPolicy.names.w0], first.shape.count == 2,
                      let head = file.tensors[MLPPolicy.names.wa], head.shape.count == 2 else {
                    throw Failure("\(model): no \(MLPPolicy.names.w0) and \(MLPPolicy.names.wa) matrices: not an MlpPolicy actor")
                }
                policy = try MLPPolicy(file, inputs: first.shape[1], hidden: first.shape[0], actions: head.shape[0])
                names = (try? PolicySidecar(path: PolicySidecar.path(forModel: model)))?.observation.features
            } catch let f as Failure {
                throw f
            } catch {
                throw Failure("\(error)")
            }
            var bad = 0
            var line = 0
            while let text = readLine() {
                line += 1
                if text.allSatisfy(\.isWhitespace) { continue }
                switch Self.parse(text, count: policy.inputs, names: names) {
                case .success(let obs):
                    print("[" + policy.probabilities(obs).map { "\($0)" }.joined(separator: ",") + "]")
                case .failure(let why):
                    bad += 1
                    print("null")
                    FileHandle.standardError.write(Data("stdin:\(line): \(why.description)\n".utf8))
                }
            }
            if bad > 0 { throw ExitCode(1) }
        }

        /// A JSON array of `count` finite numbers. Parsed by hand rather than by a JSON decoder
        /// so that a NaN or Infinity someone's tool wrote is named, not just "not JSON".
        static func parse(_ text: String, count: Int, names: [String]?) -> Result<[Double], Failure> {
            let t = text.trimmingCharacters(in: .whitespaces)
            guard t.hasPrefix("["), t.hasSuffix("]") else { return .failure(Failure("not a JSON array")) }
            let body = t.dropFirst().dropLast()
            let parts = body.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == count else {
                return .failure(Failure("\(body.allSatisfy(\.isWhitespace) ? 0 : parts.count) values; the model takes \(count)"))
            }
            var values: [Double] = []
            for (i, p) in parts.enumerated() {
                let name = names.flatMap { i < $0.count ? " (\($0[i]))" : nil } ?? ""
                guard let v = Double(p) else { return .failure(Failure("value \(i + 1)\(name) '\(p)' is not a number")) }
                guard v.isFinite else { return .failure(Failure("value \(i + 1)\(name) is \(p): an observation must be finite")) }
                values.append(v)
            }
            return .success(values)
        }
    }
}
