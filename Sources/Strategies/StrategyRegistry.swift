import BotCore

/// Every strategy the runtime can host, by the `strategy` key of a bot file.
///
/// The registry hands out metatypes; callers open them once (`func run<S: Strategy>(_: S.Type)`)
/// so that everything per event is specialised, with no existential on the hot path.
public enum StrategyRegistry {
    public static let all: [any Strategy.Type] = [RSICross.self, HyperRSIStrategy.self, GridStrategy.self, AuroraQStrategy.self]

    public static func find(_ key: String) -> (any Strategy.Type)? {
        all.first { $0.key == key }
    }

    public static var keys: [String] { all.map { $0.key } }
}
