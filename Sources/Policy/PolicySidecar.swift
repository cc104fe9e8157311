import Foundation

/// The JSON file beside a policy's safetensors (`MODEL.json` for `MODEL.safetensors`): what the
/// weights were trained to read and how. The runtime checks the parts that decide what the
/// network's inputs and outputs mean; the rest (training data, versions, evaluation) is there for
/// people and for reproducing the model.
public struct PolicySidecar: Sendable, Decodable, Equatable {
    public struct Observation: Sendable, Decodable, Equatable {
        public var spec: String
        public var size: Int
        public var features: [String]
        public var window: Int?
        public var minBars: Int?
        enum CodingKeys: String, CodingKey { case spec, size, features, window, minBars = "min_bars" }
    }

    public static let format = "botruntime-ppo/1"

    public var format: String
    public var observation: Observation
    public var actions: [String]
    public var timeframe: String

    /// The sidecar of the model at `modelPath`: the same path with `.json` for `.safetensors`.
    public static func path(forModel modelPath: String) -> String {
        let stem = modelPath.hasSuffix(".safetensors") ? String(modelPath.dropLast(".safetensors".count)) : modelPath
        return stem + ".json"
    }

    /// Reads and decodes `path`; an error names the file and what is wrong with it.
    public init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SafeTensors.Failure(description: "\(path): cannot read the model's sidecar (expected beside the .safetensors)")
        }
        struct Head: Decodable { var format: String? }
        // The format first: another kind of file gets that said, not its first missing key.
        if let head = try? JSONDecoder().decode(Head.self, from: data), let f = head.format, f != Self.format {
            throw SafeTensors.Failure(description: "\(path): format is '\(f)', expected '\(Self.format)'")
        }
        do {
            self = try JSONDecoder().decode(PolicySidecar.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw SafeTensors.Failure(description: "\(path): no `\(Self.dotted(context.codingPath + [key]))`")
        } catch let DecodingError.typeMismatch(_, context) {
            throw SafeTensors.Failure(description: "\(path): `\(Self.dotted(context.codingPath))` has the wrong type")
        } catch {
            throw SafeTensors.Failure(description: "\(path): not a JSON sidecar")
        }
    }

    static func dotted(_ path: [any CodingKey]) -> String {
        path.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }

    /// What differs between this sidecar and the observation and actions a strategy builds:
    /// nil when they agree.
    public func mismatch(spec: String, features: [String], actions expected: [String], timeframe tf: String) -> String? {
        if observation.spec != spec { return "observation.spec is '\(observation.spec)', the runtime builds '\(spec)'" }
        if observation.size != features.count || observation.features.count != features.count {
            return "observation.size is \(observation.size) with \(observation.features.count) features, the runtime builds \(features.count)"
        }
        if let i = features.indices.first(where: { observation.features[$0] != features[$0] }) {
            return "observation.features[\(i)] is '\(observation.features[i])', the runtime's is '\(features[i])'"
        }
        if actions != expected { return "actions are \(actions), the runtime's are \(expected)" }
        if timeframe != tf { return "timeframe is '\(timeframe)', the strategy decides on '\(tf)' bars" }
        return nil
    }
}
