import BotConfig
import BotCore
import Runtime
import Testing

/// A strategy that cannot be built from its parameters (as a policy whose model file will not
/// load): the bot fails naming the parameter, and the others run.
struct Unbuildable: Strategy {
    static let key = "test-unbuildable"
    static let summary = "fails to build when model is set"
    struct Params: Sendable, Codable, Equatable { var model: String? }
    struct State: Sendable, Codable {}
    var state = State()
    static func parameters(_ r: any ParameterReader) -> Params? { Params(model: r.string("model")) }
    init(params: Params, setup: StrategySetup) throws {
        if let m = params.model { throw StrategySetupError(field: "model", "cannot open '\(m)'") }
    }
    mutating func handle(_ event: BotEvent, context: StrategyContext, into out: inout IntentSink) {}
}

struct StrategySetupTests {
    @Test func aStrategyThatCannotBeBuiltFailsItsBotByNameAndFieldAndTheOthersRun() async throws {
        let h = try Harness(strategies: [Unbuildable.self])
        await h.supervisor.start([try h.bot("broken", strategy: Unbuildable.key, params: "model = \"m.bin\""),
                                  try h.bot("fine", strategy: Unbuildable.key),
                                  try h.bot("flip")], coldStart: false)
        try await h.waitFor("the bots to start") {
            let s = await h.supervisor.statuses()
            return s.count == 3 && s.allSatisfy { $0.state != .starting }
        }
        let s = await h.supervisor.statuses()
        let broken = try #require(s.first { $0.id == "broken" })
        #expect(broken.state == .failed)
        #expect(broken.lastError?.contains("params.model: cannot open 'm.bin'") == true, "\(broken.lastError ?? "")")
        #expect(s.first { $0.id == "fine" }?.state == .running)
        #expect(s.first { $0.id == "flip" }?.state == .running)
        await h.supervisor.shutdown()
    }
}
