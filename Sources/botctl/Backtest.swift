import ArgumentParser
import Backtest
import BotConfig
import BotCore
import Foundation

extension BotCtl {
    struct Backtest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replay candles through a bot's strategy, risk checks and the paper matcher.",
            discussion: """
            Candles are ts_ms,open,high,low,close,volume with ts_ms the bar open time. Bars of the \
            bot's timeframe are built from them as they arrive. Prints a summary table, or the \
            report as JSON with --json; --out DIR also writes trades.csv, equity.svg and report.json. \
            Several bot files run together as a portfolio over the same candles, each with its own \
            paper account and their indicator series shared as botd shares them: one summary row per \
            bot and one for all; --out DIR writes each bot's files into DIR/BOT and portfolio.json.
            """)

        @Argument(help: "The bot file, or several (a portfolio).", completion: .file(extensions: ["toml"]))
        var bots: [String]

        @Flag(name: .customLong("own-series"), help: "In a portfolio, let every bot compute its own indicator series (to measure sharing).")
        var ownSeries = false

        @Option(help: ArgumentHelp("Candle CSV file, or the simulator: sim[:seed=N,days=D].", valueName: "source"))
        var data: String

        @Option(help: "Runtime configuration (instruments, paper settings). Default: ./runtime.toml, else the one beside the bot's folder.")
        var config: String?

        @Option(help: "First bar to use: ms since the epoch or YYYY-MM-DD[THH:MM] (UTC).")
        var from: String?

        @Option(help: "Last bar to use, inclusive: ms since the epoch or YYYY-MM-DD[THH:MM] (UTC).")
        var to: String?

        @Option(name: .customLong("fill-model"), help: "close, next-open or intrabar (default from runtime.toml, else close).")
        var fillModel: String?

        @Option(help: "Write trades.csv, equity.svg and report.json into this folder.")
        var out: String?

        @Flag(help: "Print the report as JSON instead of the table.")
        var json = false

        func validate() throws {
            if bots.isEmpty { throw ValidationError("give at least one bot file") }
        }

        var bot: String { bots[0] }

        func run() throws {
            let runtimePath = config ?? Self.findRuntime(near: bot)
            let set = ConfigSet.load(runtime: runtimePath)
            let runtimeErrors = set.errors.filter { $0.file == runtimePath || $0.file == set.runtime?.instrumentsFile }
            guard runtimeErrors.isEmpty, let runtime = set.runtime else {
                for e in set.errors where e.file != bot { printErr(e.description) }
                throw Failure("\(runtimePath): cannot load the runtime configuration")
            }
            if bots.count > 1 { return try portfolio(set, runtime) }
            let spec: BotSpec
            do { spec = try set.bot(file: bot) } catch { throw Failure(error.description) }
            let (source, candles) = try loadCandles(spec.instrument)
            var bar = ProgressBar()
            let showProgress = stdoutIsTerminal && !json
            let report = try Backtester.run(spec: spec, runtime: runtime, candles: candles, dataName: source.description,
                                            fillModel: fillModel, from: try fromTime(), to: try toTime(),
                                            progress: showProgress ? { bar.update($0, $1) } : nil)
            if showProgress { bar.finish() }
            if let out { try report.write(to: out) }
            if json { print(report.json) } else {
                print(report.summary)
                if let out { print("wrote \(out)/trades.csv, \(out)/equity.svg, \(out)/report.json") }
            }
        }

        func portfolio(_ set: ConfigSet, _ runtime: RuntimeConfig) throws {
            var specs: [BotSpec] = []
            var failures: [String] = []
            for file in bots {
                do { specs.append(try set.bot(file: file)) } catch { failures.append(error.description) }
            }
            guard failures.isEmpty else { throw Failure(failures.joined(separator: "\n")) }
            let (source, candles) = try loadCandles(specs[0].instrument)
            var bar = ProgressBar()
            let showProgress = stdoutIsTerminal && !json
            let report = try Backtester.runPortfolio(specs: specs, runtime: runtime, candles: candles, dataName: source.description,
                                                     fillModel: fillModel, from: try fromTime(), to: try toTime(), share: !ownSeries,
                                                     progress: showProgress ? { bar.update($0, $1) } : nil)
            if showProgress { bar.finish() }
            if let out { try report.write(to: out) }
            if json { print(report.json) } else {
                print(report.summary)
                if let out { print("wrote \(out)/BOT/… for each bot and \(out)/portfolio.json") }
            }
        }

        /// `--data`'s candles (the simulator starts at `instrument`'s reference price).
        func loadCandles(_ instrument: Instrument) throws -> (DataSource, [Candle]) {
            let source = try DataSource.parse(data)
            do { return (source, try Backtester.candles(source, instrument: instrument)) } catch let e as DataFileError {
                throw Failure(e.description)
            }
        }

        func fromTime() throws -> Int64? { try from.map { try Self.time($0, "--from") } }
        func toTime() throws -> Int64? { try to.map { try Self.time($0, "--to") } }

        static func findRuntime(near bot: String) -> String {
            if FileManager.default.fileExists(atPath: "runtime.toml") { return "runtime.toml" }
            let botDir = (bot as NSString).deletingLastPathComponent
            let candidate = ((botDir.isEmpty ? "." : botDir) as NSString).appendingPathComponent("../runtime.toml")
            return FileManager.default.fileExists(atPath: candidate) ? candidate : "runtime.toml"
        }

        /// ms since the epoch, or an ISO date (UTC).
        static func time(_ s: String, _ flag: String) throws -> Int64 {
            if let ms = Int64(s) { return ms }
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX")
            f.timeZone = TimeZone(identifier: "UTC")
            for format in ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm", "yyyy-MM-dd"] {
                f.dateFormat = format
                if let d = f.date(from: s) { return Int64(d.timeIntervalSince1970 * 1000) }
            }
            throw ValidationError("\(flag) must be ms since the epoch or YYYY-MM-DD[THH:MM] (got '\(s)')")
        }
    }
}
