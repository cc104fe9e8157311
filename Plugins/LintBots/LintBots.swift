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
        if process.terminationStatus != 0 {
            Diagnostics.error("lint-bots found errors (botctl exited with \(process.terminationStatus))")
            throw ExitCode(process.terminationStatus)
        }
    }
}

struct ExitCode: Error { let code: Int32; init(_ c: Int32) { code = c } }
