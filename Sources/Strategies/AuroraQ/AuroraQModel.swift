import BotCore
import Indicators
import Policy

/// A policy file and its sidecar, checked against the observation this runtime builds.
public struct AuroraQModel: Sendable {
    public static let actions = ["hold", "long", "short"]
    public static let timeframe = "5m"

    public let policy: MLPPolicy
    public let sidecar: PolicySidecar
    public let path: String

    /// Loads `path` (safetensors) and the sidecar beside it. A file that will not load, a
    /// tensor missing or misshapen, or a sidecar describing another observation, action map or
    /// timeframe is refused with a message naming the file.
    public init(path: String) throws {
        do {
            // The weights first: a model that is not there is named as such, not by its sidecar.
            let tensors = try SafeTensors(path: path)
            let sidecarPath = PolicySidecar.path(forModel: path)
            let sidecar = try PolicySidecar(path: sidecarPath)
            if let m = sidecar.mismatch(spec: AuroraObservation.spec, features: AuroraObservation.featureNames,
                                        actions: Self.actions, timeframe: Self.timeframe) {
                throw StrategySetupError(field: "model", "\(sidecarPath): \(m)")
            }
            policy = try MLPPolicy(tensors, inputs: AuroraObservation.size, actions: Self.actions.count)
            self.sidecar = sidecar
            self.path = path
        } catch let e as StrategySetupError {
            throw e
        } catch {
            throw StrategySetupError(field: "model", "\(error)")
        }
    }

    /// The 26 inputs: the market features, the sentiment features (or the fallback), padding.
    public static func observation(market: [Double], sentiment: [Double]?) -> [Double] {
        market + (sentiment ?? AuroraObservation.neutralSentiment)
            + [Double](repeating: 0, count: AuroraObservation.size - market.count - AuroraObservation.neutralSentiment.count)
    }
}
