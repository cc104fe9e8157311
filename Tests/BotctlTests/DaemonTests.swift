import BotCore
import BotTestKit
import Control
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

    /// `control` adds keys to `[control]`, `extra` tables at the end of runtime.toml;
    /// `fileLimit` caps botd's open files (RLIMIT_NOFILE).
    /// `environment`: variables added to botd's (a real account's credentials).
    func start(speed: Double, history: Int = 120, control: String = "", extra: String = "", fileLimit: Int? = nil,
               environment: [String: String] = [:], waitForSocket: Bool = true) throws {
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
            \(control)
            [metrics]
            address = ""
            \(extra)
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let p = Process()
        if let fileLimit {
            // The shell lowers the limit and becomes botd (same pid).
            p.executableURL = URL(fileURLWithPath: "/bin/sh")
            p.arguments = ["-c", "ulimit -n \(fileLimit) && exec \"$0\" --config \"$1\"", Product.path("botd"), config]
        } else {
            p.executableURL = URL(fileURLWithPath: Product.path("botd"))
            p.arguments = ["--config", config]
        }
        p.currentDirectoryURL = dir
        if !environment.isEmpty { p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        FileManager.default.createFile(atPath: logPath, contents: nil)
        p.standardError = FileHandle(forWritingAtPath: logPath)
        try p.run()
        process = p
        if waitForSocket { try waitUntil("the socket answers") { (try? self.ctl(["bots"]))?.status == 0 } }
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
        // A file that could not be loaded fails the reload; the rest of it still happened.
        #expect(r.status == 1)
        #expect(r.stdout.contains("broken.toml"), "\(r.stdout) \(r.stderr)")
        let plain = try d.ctl(["reload"])
        #expect(plain.status == 1 && plain.stderr.contains("broken.toml:2: key 'strategy'"), "\(plain.stderr)")
        #expect(try d.status().map { $0["id"] as? String } == ["fast", "second"])
        #expect(try d.status().allSatisfy { $0["state"] as? String == "running" })
        // SIGHUP logs each error with its file, line and key.
        kill(d.process!.processIdentifier, SIGHUP)
        try d.waitUntil("the reload logged") { try String(contentsOfFile: d.logPath, encoding: .utf8).contains("\"errors\":\"") }
        let log = try String(contentsOfFile: d.logPath, encoding: .utf8)
        #expect(log.contains("reload: ") && log.contains("broken.toml:2: key 'strategy'"), "\(log.suffix(1500))")
        // Two files with one id: both named, neither replaces the running bot.
        try d.write("copy.toml", fastBot.replacingOccurrences(of: "rsi_length = 7", with: "rsi_length = 9"))
        try d.write("broken.toml", "")
        try FileManager.default.removeItem(at: d.dir.appendingPathComponent("bots/broken.toml"))
        let dup = try d.ctl(["reload"])
        #expect(dup.status == 1 && dup.stderr.contains("copy.toml") && dup.stderr.contains("fast.toml"), "\(dup.stderr)")
        #expect(try d.status().first { $0["id"] as? String == "fast" }?["state"] as? String == "running")
        #expect(try d.status().first { $0["id"] as? String == "fast" }?["restarts"] as? Int == 0)
        try FileManager.default.removeItem(at: d.dir.appendingPathComponent("bots/copy.toml"))
        // A broken runtime.toml changes nothing: no bot is stopped for it.
        let config = try String(contentsOfFile: d.config, encoding: .utf8)
        try (config + "\nmode = live-ish\n").write(toFile: d.config, atomically: true, encoding: .utf8)
        let broken = try d.ctl(["reload", "--socket", d.dir.appendingPathComponent("run/botd.sock").path])
        #expect(broken.status == 1 && broken.stderr.contains("runtime.toml"), "\(broken.stderr)")
        #expect(try d.ctl(["bots", "--socket", d.dir.appendingPathComponent("run/botd.sock").path]).stdout.contains("second"))
        try config.write(toFile: d.config, atomically: true, encoding: .utf8)
        // SIGHUP reloads too: a new file starts its bot.
        try d.write("third.toml", fastBot.replacingOccurrences(of: "id = \"fast\"", with: "id = \"third\""))
        kill(d.process!.processIdentifier, SIGHUP)
        try d.waitUntil("third running") { try d.status().contains { $0["id"] as? String == "third" && $0["state"] as? String == "running" } }
        try d.signal(SIGTERM)
    }

    @Test func aConnectionFloodNeverStopsTheDaemonNorItsBots() throws {
        // Far more clients than botd has file descriptors for (128 here, soft and hard), and a
        // cap that would not shed them: botd serves what its files allow, answers the rest
        // that it is busy, its bots trade on, and the socket serves again once they leave.
        // (Out of descriptors, libdispatch aborts the process: that was the crash.)
        let d = try Daemon(bots: ["fast.toml": fastBot])
        try d.start(speed: 120, control: "max_clients = 10000", fileLimit: 128)
        try d.waitUntil("orders") { (try d.status().first?["orders"] as? Int ?? 0) >= 1 }
        let socket = d.dir.appendingPathComponent("run/botd.sock").path
        var flood: [Int32] = []
        defer { flood.forEach { close($0) } }
        for _ in 0..<1200 { if let fd = try? ControlClient.connect(socket) { flood.append(fd) } }
        // Orders as botd logs them: the socket is busy.
        func orders() throws -> Int { try String(contentsOfFile: d.logPath, encoding: .utf8).components(separatedBy: #""message":"order""#).count - 1 }
        let ordersDuring = try orders()
        try d.waitUntil("the last client's answer") {
            var p = pollfd(fd: flood.last ?? -1, events: Int16(POLLIN), revents: 0)
            return poll(&p, 1, 100) > 0
        }
        var buf = [UInt8](repeating: 0, count: 512)
        let n = read(flood.last!, &buf, buf.count)
        #expect(String(decoding: buf[0..<max(n, 0)], as: UTF8.self).contains(#""code":"busy""#))
        try d.waitUntil("the bot to trade during the flood", timeout: 60) { try orders() > ordersDuring }
        #expect(d.process?.isRunning == true)
        flood.forEach { close($0) }
        flood.removeAll()
        try d.waitUntil("the socket to answer again") { try d.ctl(["bots"]).status == 0 }
        #expect(d.process?.isRunning == true)
        #expect(try d.status().first?["state"] as? String == "running")
        let log = try String(contentsOfFile: d.logPath, encoding: .utf8)
        #expect(log.contains("fewer control clients than [control] max_clients"))
        try d.signal(SIGTERM)
    }

    @Test func clientsBeyondTheCapAreRefusedWithAnAnswer() throws {
        let d = try Daemon(bots: ["fast.toml": fastBot])
        try d.start(speed: 60, control: "max_clients = 4")
        let socket = d.dir.appendingPathComponent("run/botd.sock").path
        var held: [Int32] = []
        defer { held.forEach { close($0) } }
        for _ in 0..<4 { held.append(try ControlClient.connect(socket)) }
        usleep(200_000)
        let busy = try d.ctl(["bots"])
        #expect(busy.status != 0 && busy.stderr.contains("max_clients"), "\(busy.stderr)")
        held.forEach { close($0) }
        held.removeAll()
        try d.waitUntil("served again") { try d.ctl(["bots"]).status == 0 }
        try d.signal(SIGTERM)
    }

    @Test func aSecondDaemonOnTheSameStoreIsRefusedBeforeItStartsAnything() throws {
        let d = try Daemon(bots: ["fast.toml": fastBot])
        try d.start(speed: 60)
        let pid = try #require(d.process?.processIdentifier)
        let second = try Product.run("botd", ["--config", d.config], cwd: d.dir)
        #expect(second.status == 1)
        #expect(second.stderr.contains("is in use by another botd (pid \(pid))"), "\(second.stderr)")
        // It stopped before reading the database or starting a bot.
        #expect(!second.stderr.contains("bot running") && !second.stderr.contains("resumed"))
        #expect(d.process?.isRunning == true)
        #expect(try d.status().first?["state"] as? String == "running")
        // The first stops cleanly, its WAL copied into the database and emptied.
        #expect(try d.signal(SIGTERM) == 0)
        var st = stat()
        #expect(stat(d.storage + "-wal", &st) != 0 || st.st_size == 0)
        #expect(stat(d.storage, &st) == 0 && st.st_mode & 0o777 == 0o600)
    }

    @Test func eventsFollowWritesEachEventWhenItHappensIntoAPipe() throws {
        // stdout a pipe (and a file below): the C library buffers by blocks there, and a
        // follower saw nothing until 4 KB of events had piled up.
        let d = try Daemon(bots: ["fast.toml": fastBot])
        try d.start(speed: 60)
        let file = d.dir.appendingPathComponent("events.txt")
        FileManager.default.createFile(atPath: file.path, contents: nil)
        let pipe = Pipe()
        var followers: [Process] = []
        defer { followers.forEach { if $0.isRunning { kill($0.processIdentifier, SIGKILL) } } }
        for (args, out) in [(["events", "--follow"], pipe.fileHandleForWriting), (["subscribe"], try FileHandle(forWritingTo: file))] {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: Product.path("botctl"))
            p.arguments = args + ["--config", d.config]
            p.currentDirectoryURL = d.dir
            p.standardOutput = out
            try p.run()
            followers.append(p)
        }
        usleep(500_000)
        _ = try d.ctl(["pause", "fast"])
        var seen = Data()
        try d.waitUntil("the paused event in the pipe", timeout: 10) {
            var p = pollfd(fd: pipe.fileHandleForReading.fileDescriptor, events: Int16(POLLIN), revents: 0)
            if poll(&p, 1, 0) > 0 { seen += pipe.fileHandleForReading.availableData }
            return String(decoding: seen, as: UTF8.self).contains("fast  bot_paused")
        }
        try d.waitUntil("the paused event in the file", timeout: 10) {
            (try String(contentsOf: file, encoding: .utf8)).contains("fast  bot_paused")
        }
        // `events --follow` printed the recent events first.
        #expect(String(decoding: seen, as: UTF8.self).contains("EVENT"))
        try d.signal(SIGTERM)
    }

    @Test func botctlSaysWhenTheDaemonIsNotRunning() throws {
        let r = try Product.run("botctl", ["status", "--socket", "/tmp/none-\(getpid()).sock"])
        #expect(r.status != 0 && r.stderr.contains("botd is not running"))
    }
}
