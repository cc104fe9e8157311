import ArgumentParser

@main
struct BotCtl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "botctl",
        abstract: "Operate BotRuntime: validate configuration, backtest bots, print indicators.",
        subcommands: [Lint.self, Backtest.self, Indicators.self])
}

/// An error already explained to the user on stderr.
struct Failure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
