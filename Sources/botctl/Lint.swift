import ArgumentParser
import BotConfig
import BotCore

extension BotCtl {
    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate runtime.toml, the instrument file and every bot file.",
            discussion: "Prints each problem as FILE:LINE: key 'KEY' MESSAGE. Exits 1 when there is an error; warnings alone exit 0.")

        @Argument(help: "The runtime configuration.", completion: .file(extensions: ["toml"]))
        var config = "runtime.toml"

        func run() throws {
            let set = ConfigSet.load(runtime: config)
            for issue in set.issues { printErr(issue.description) }
            let e = set.errors.count, w = set.warnings.count
            if e > 0 {
                // The files that are fine are named too: one bad file never hides the others.
                let valid = set.bots.isEmpty ? "" : "; \(set.bots.count) bot\(set.bots.count == 1 ? "" : "s") valid (\(set.bots.map(\.id).joined(separator: ", ")))"
                printErr("\(e) error\(e == 1 ? "" : "s"), \(w) warning\(w == 1 ? "" : "s")\(valid)")
                throw ExitCode.failure
            }
            print("ok: \(set.bots.count) bot\(set.bots.count == 1 ? "" : "s") valid (\(set.bots.map(\.id).joined(separator: ", ")))\(w > 0 ? ", \(w) warning\(w == 1 ? "" : "s")" : "")")
        }
    }
}
