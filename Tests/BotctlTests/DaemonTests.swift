import BotCore
import BotTestKit
import Foundation
import Store
import Testing

#if canImport(Glibc)
import Glibc
#endif

let fastBot = """
id = "fast"
user = "demo"
strategy = "rsi-cross"
account = "paper"
symbol = "ETHUSDT"
timeframe = "1m"
[params]
rsi_length = 7
ema_fast = 10
ema_slow = 30
oversold = 35
overbought = 65
stop_loss = "0.005"
take_profit = "0.005"
size = "2"
"""

/// botd as a subprocess on its own folder, configuration and socket.
final class Daemon {
    let dir: URL
    var process: Process?

    init(bots: [String: String]) throws {
        dir = try SharedData.temporaryDirectory("botd")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("bots"), withIntermediateDirectories: true)
        for (name, text) in bots { try write(name, text) }
    }

    func write(_ bot: String, _ text: String) throws {
        try text.write(to: dir.appendingPathComponent("bots/\(bot)"), atomically: true, encoding: .utf8)
    }

    var config: String { dir.appendingPathComponent("runtime.toml").path }
    var storage: String { dir.appendingPathComponent("var/state.sqlite").path }
    /// botd's log lines (JSON, on standard error).
    var logPath: String { dir.appendingPathComponent("botd.log").path }

    func start(speed: Double, history: Int = 120) throws {
        try """
            [paths]
            instruments = "\(SharedData.packageRoot.path)/data/instruments.toml"
            [paper]
            initial_balance = "1000000"
            [accounts.paper]
            venue = "paper"
            [storage]
            path = "var/state.sqlite"
            [market]
            seed = 3
            speed = \(speed)
            history_minutes = \(history)
            [control]
            socket = "run/botd.sock"
            [metrics]
            address = ""
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Product.path("botd"))
        p.arguments = ["--config", config]
        p.currentDirectoryURL = dir
        FileManager.default.createFile(atPath: logPath, contents: nil)
        p.standardError = FileHandle(forWritingAtPath: logPath)
        try p.run()
        process = p
        try waitUntil("the socket answers") { (try? self.ctl(["bots"]))?.status == 0 }
    }

    func ctl(_ args: [String]) throws -> Product.Output {
        try Product.run("botctl", args + ["--config", config], cwd: dir)
    }

    func status() throws -> [[String: Any]] {
        let out = try ctl(["status", "--json"])
        guard out.status == 0, let obj = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any] else { return [] }
        return obj["bots"] as? [[String: Any]] ?? []
    }

    func waitUntil(_ what: String, timeout: Double = 30, _ condition: () throws -> Bool) throws {
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            if try condition() { return }
            usleep(50_000)
        }
        Issue.record("timed out waiting for \(what)")
        throw CancellationError()
    }

    /// Sends `sig` and waits for the process to exit; returns its status.
    @discardableResult
    func signal(_ sig: Int32) throws -> Int32 {
        guard let p = process else { return -1 }
        kill(p.processIdentifier, sig)
        try waitUntil("botd to exit") { !p.isRunning }
        process = nil
        return p.terminationStatus
    }

    deinit { if let p = process, p.isRunning { kill(p.processIdentifier, SIGKILL) } }
}

@Suite(.serialized)
struct DaemonTests {
    @Test func runsBotsShowsThemAndStopsCleanlyOnSIGTERM() async throws {
        let d = try Daemon(bots: ["fast.toml": fastBot])
        try d.start(speed: 120)
        try d.waitUntil("orders") { (try d.status().first?["orders"] as? Int ?? 0) >= 2 }
        let table = try d.ctl(["status"])
        #expect(table.stdout.contains("fast") && table.stdout.contains("running") && table.stdout.contains("NET PNL"))
        let orders = try d.ctl(["orders", "--json"])
        let list = try #require(try JSONSerialization.jsonObject(with: Data(orders.stdout.utf8)) as? [[String: Any]])
        #expect(list.allSatisfy { ($0["client_order_id"] as? String).map { ClientOrderID($0) != nil } ?? false })
        let metrics = try d.ctl(["metrics"])
        #expect(metrics.stdout.contains("botruntime_bots{state=\"running\"} 1") && metrics.stdout.contains("botruntime_events_total"))
        // It said whether its memory is locked; when it says so, the kernel agrees.
        let log = try String(contentsOfFile: d.logPath, encoding: .utf8)
        let locked = log.contains("\"message\":\"memory locked\"")
        #expect(locked != log.contains("memory not locked"), "\(log.prefix(2000))")
        if locked, let pid = d.process?.processIdentifier {
            let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
            let vmLck = status.split(separator: "\n").first { $0.hasPrefix("VmLck:") }
            #expect(vmLck.map { !$0.hasSuffix(" 0 kB") } == true, "\(vmLck ?? "no VmLck")")
        }
        #expect(try d.signal(SIGTERM) == 0)
        let store = try Store(path: d.storage)
        #expect(try await store.integrityCheck() == "ok")
        #expect(try await store.bots().map(\.state) == ["stopped"])
        #expect(!FileManager.default.fileExists(atPath: d.dir.appendingPathComponent("run/botd.sock").path))
    }

    @Test func killNineAndRestartResumeWithTheSameOrdersAndPositions() async throws {
        let d = try Daemon(bots: ["fast.toml": fastBot])
        try d.start(speed: 120)
        try d.waitUntil("a few orders") { (try d.status().first?["orders"] as? Int ?? 0) >= 5 }
        try d.signal(SIGKILL)
        let store = try Store(path: d.storage)
        #expect(try await store.integrityCheck() == "ok")
        let before = try await store.orders(bot: "fast")
        let fills = try await store.fills(bot: "fast")
        let position = fills.reduce(Quantity.zero) { $0 + ($1.side == "buy" ? $1.quantity : -$1.quantity) }
        // Restart on a market that barely moves: nothing new trades, the bot resumes.
        try d.start(speed: 0.01)
        try d.waitUntil("running") { try d.status().first?["state"] as? String == "running" }
        let s = try #require(try d.status().first)
        #expect(s["orders"] as? Int == before.count)
        #expect((s["position"] as? NSNumber)?.doubleValue == position.doubleValue)
        let after = try await store.orders(bot: "fast")
        #expect(after.map(\.clientOrderID) == before.map(\.clientOrderID))
        #expect(Set(after.map(\.clientOrderID)).count == after.count)
        try d.signal(SIGTERM)
    }

    @Test func reloadWithABrokenFileLeavesTheOthersRunning() throws {
        let second = fastBot.replacingOccurrences(of: "id = \"fast\"", with: "id = \"second\"")
        let d = try Daemon(bots: ["fast.toml": fastBot, "second.toml": second])
        try d.start(speed: 60)
        try d.waitUntil("two running") { try d.status().filter { $0["state"] as? String == "running" }.count == 2 }
        try d.write("broken.toml", "id = \"broken\"\nstrategy = \"nope\"\n")
        let r = try d.ctl(["reload", "--json"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("broken.toml"))
        #expect(try d.status().map { $0["id"] as? String } == ["fast", "second"])
        #expect(try d.status().allSatisfy { $0["state"] as? String == "running" })
        // SIGHUP reloads too: a fixed file starts its bot.
        try d.write("broken.toml", fastBot.replacingOccurrences(of: "id = \"fast\"", with: "id = \"third\""))
        kill(d.process!.processIdentifier, SIGHUP)
        try d.waitUntil("third running") { try d.status().contains { $0["id"] as? String == "third" && $0["state"] as? String == "running" } }
        try d.signal(SIGTERM)
    }

    @Test func botctlSaysWhenTheDaemonIsNotRunning() throws {
        let r = try Product.run("botctl", ["status", "--socket", "/tmp/none-\(getpid()).sock"])
        #expect(r.status != 0 && r.stderr.contains("botd is not running"))
    }
}
