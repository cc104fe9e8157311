import Foundation
import PackagePlugin

/// `swift package lint-bots [--config runtime.toml]`: validates runtime.toml and bots/*.toml
/// with the same checker as `botctl lint`, without starting the daemon.
@main
struct LintBots: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        let tool = try context.tool(named: "botctl")
        var args = ["lint"]
        if arguments.isEmpty {
            args.append(context.package.directoryURL.appendingPathComponent("runtime.toml").path)
        } else {
            args += arguments
        }
        let process = Process()
        process.executableURL = tool.url
        process.arguments = args
        try process.run()
        process.waitUntilExit()
        if process.terminationStatus != 0 { throw LintFailed() }
    }
}

struct LintFailed: Error, CustomStringConvertible {
    var description: String { "the configuration has errors (listed above)" }
}
