import DaemonTestKit
import Commands
import Testing

/// What a restricted caller gets for a bot it may not see: the error of a bot that is not there.
func expectUnknownBot(_ e: CommandError?, _ id: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(e == CommandError("bot_not_found", "no bot '\(id)'"), sourceLocation: sourceLocation)
}

func expectForbidden(_ e: CommandError?, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(e?.code == "forbidden", "\(String(describing: e))", sourceLocation: sourceLocation)
}
