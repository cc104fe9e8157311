import ArgumentParser

@main
struct BotCtl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "botctl",
        abstract: "Operate BotRuntime: control the daemon, validate configuration, backtest bots, print indicators.",
        subcommands: [Status.self, Bots.self, Bot.self, Start.self, Stop.self, Pause.self, Close.self, Resume.self, Restart.self, Adjust.self,
                      Add.self, Remove.self, Reload.self, Orders.self, Trades.self, Daily.self, Positions.self, Pnl.self, Balance.self, Metrics.self,
                      Events.self, Subscribe.self, Shutdown.self, Lint.self, Backtest.self, Indicators.self, PolicyCommand.self, CredentialsCommand.self])
}

/// An error already explained to the user on stderr.
struct Failure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
