import BotCore
import BotTestKit
import Foundation
import MarketSim
import Store
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A bot that trades often on a 100× account (isolated margin 1 % of the notional, a maintenance
/// rate of 0.4 %): its long is liquidated when BTC falls about 0.6 % before the strategy's exit,
/// whose stop (90 %) never comes first. On the simulator at speed 600 it is liquidated within
/// seconds, so every round of the crash loop sees liquidation fills.
let crashLiquidationBot = """
    id = "liq-btc-swap-100x"
    user = "carol"
    strategy = "rsi-cross"
    account = "paper-lev"
    symbol = "BTC-USDT-SWAP"
    timeframe = "1m"
    [params]
    rsi_length = 5
    ema_fast = 5
    ema_slow = 20
    oversold = 45
    overbought = 90
    stop_loss = "0.9"
    take_profit = "50"
    size = "20"
    [risk]
    max_position = "20"
    """

/// botd as a subprocess for the crash loop: its own folder with a copy of the shipped bots plus
/// a liquidation-prone one, the shipped accounts plus a 100× one, started without waiting and
/// killed by pid. (`Daemon` in DaemonTests writes one fixed configuration and waits for the
/// socket in `start`; here the moment of the kill must be free, even before the socket answers.)
final class CrashLoopDaemon {
    let dir: URL
    private(set) var process: Process?
    private(set) var spawnedAt: UInt64 = 0

    init(marketSeed: UInt64, speed: Double) throws {
        dir = try SharedData.temporaryDirectory("crashloop")
        let bots = dir.appendingPathComponent("bots")
        try FileManager.default.createDirectory(at: bots, withIntermediateDirectories: true)
        let shipped = SharedData.packageRoot.appendingPathComponent("bots")
        for name in try FileManager.default.contentsOfDirectory(atPath: shipped.path) where name.hasSuffix(".toml") || name == "models" {
            try FileManager.default.copyItem(at: shipped.appendingPathComponent(name), to: bots.appendingPathComponent(name))
        }
        try crashLiquidationBot.write(to: bots.appendingPathComponent("liq-btc-swap-100x.toml"), atomically: true, encoding: .utf8)
        // The shipped runtime.toml's accounts, risk and supervisor settings, plus `paper-lev`; no
        // metrics port (other tests and daemons may hold it).
        try """
            [paths]
            bots = "bots"
            instruments = "\(SharedData.packageRoot.path)/data/instruments.toml"
            [paper]
            fill_model = "close"
            initial_balance = "1000000"
            leverage = 1
            funding_rate = "0.0001"
            funding_interval_hours = 8
            [accounts.paper]
            venue = "paper"
            position_mode = "net"
            [accounts.paper-hedge]
            venue = "paper"
            position_mode = "hedge"
            leverage = "10"
            [accounts.paper-grid]
            venue = "paper"
            position_mode = "net"
            [accounts.paper-ppo]
            venue = "paper"
            position_mode = "net"
            [accounts.paper-lev]
            venue = "paper"
            position_mode = "net"
            leverage = "100"
            [risk]
            max_open_orders = 50
            price_band = "0.2"
            [storage]
            path = "var/state.sqlite"
            synchronous = "normal"
            [market]
            source = "simulator"
            seed = \(marketSeed)
            speed = \(speed)
            history_minutes = 600
            [control]
            socket = "run/botd.sock"
            [supervisor]
            max_restarts = 3
            period_seconds = 60
            backoff_initial_ms = 200
            backoff_max_ms = 5000
            [metrics]
            address = ""
            """.write(toFile: config, atomically: true, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
    }

    /// The bot files botd is given.
    var botCount: Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("bots").path)) ?? []).filter { $0.hasSuffix(".toml") }.count
    }

    var config: String { dir.appendingPathComponent("runtime.toml").path }
    var storage: String { dir.appendingPathComponent("var/state.sqlite").path }
    var socketPath: String { dir.appendingPathComponent("run/botd.sock").path }
    /// botd's log lines (JSON, on standard error), every process's appended.
    var logPath: String { dir.appendingPathComponent("botd.log").path }

    /// Starts botd and returns at once.
    func spawn() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Product.path("botd"))
        p.arguments = ["--config", config]
        p.currentDirectoryURL = dir
        let log = FileHandle(forWritingAtPath: logPath)
        log?.seekToEndOfFile()
        p.standardError = log
        p.standardOutput = FileHandle.nullDevice
        spawnedAt = DispatchTime.now().uptimeNanoseconds
        try p.run()
        process = p
    }

    var pid: Int32? { process?.processIdentifier }

    /// Seconds since the last spawn.
    var sinceSpawn: Double { Double(DispatchTime.now().uptimeNanoseconds - spawnedAt) / 1e9 }

    /// Waits until botd answers a request on its socket; the seconds since the spawn, or nil
    /// (timed out, or botd exited).
    func waitForSocket(timeout: Double) -> Double? {
        while sinceSpawn < timeout {
            if Self.answers(socketPath) { return sinceSpawn }
            if let p = process, !p.isRunning { return nil }
            usleep(20_000)
        }
        return nil
    }

    /// One request (`bots`) on the control socket, straight over the Unix socket: the time it
    /// takes is botd's, not a botctl start-up's.
    static func answers(_ path: String, timeout: Double = 1) -> Bool {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var tv = timeval(tv_sec: Int(timeout), tv_usec: Int(timeout.truncatingRemainder(dividingBy: 1) * 1e6))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: addr.sun_path) else { return false }
        withUnsafeMutableBytes(of: &addr.sun_path) { buf in
            for (i, b) in bytes.enumerated() { buf[i] = b }
            buf[bytes.count] = 0
        }
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard rc == 0 else { return false }
        let request = Array("{\"id\":1,\"cmd\":\"bots\",\"args\":{}}\n".utf8)
        guard write(fd, request, request.count) == request.count else { return false }
        var got: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 4096)
        while !got.contains(10) {
            let n = read(fd, &buf, buf.count)
            if n <= 0 { return false }
            got += buf[0..<n]
        }
        return String(decoding: got, as: UTF8.self).contains("\"ok\":true")
    }

    func status() -> [[String: Any]] {
        guard let out = try? Product.run("botctl", ["status", "--json", "--config", config], cwd: dir), out.status == 0,
              let obj = try? JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any] else { return [] }
        return obj["bots"] as? [[String: Any]] ?? []
    }

    /// SIGKILL by pid and reap it.
    func kill9() {
        guard let p = process else { return }
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        process = nil
    }

    /// SIGTERM, waiting up to `timeout` seconds; SIGKILL after that. The exit status (nil when
    /// it had to be killed) and the seconds the stop took.
    func terminate(timeout: Double) -> (status: Int32?, seconds: Double) {
        guard let p = process else { return (nil, 0) }
        let start = DispatchTime.now().uptimeNanoseconds
        kill(p.processIdentifier, SIGTERM)
        var seconds: Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        while p.isRunning && seconds < timeout { usleep(20_000) }
        if p.isRunning {
            kill9()
            return (nil, seconds)
        }
        process = nil
        return (p.terminationStatus, seconds)
    }

    deinit { kill9() }
}

/// Kills botd with SIGKILL at random moments and restarts it, checking the record each time.
///
/// `BOTRUNTIME_CRASH_ROUNDS` (default 5) kills, `BOTRUNTIME_CRASH_SEED` (default: random,
/// printed) for the delays and the market. `BOTRUNTIME_CRASH_TOLERATE`: a comma list of
/// invariants (e.g. `liquidationFillWithoutOrder,duplicateLiquidationID`) that are printed but
/// do not fail the test. `BOTRUNTIME_CRASH_KEEP=1` keeps the folder even when the test passes.
@Suite(.serialized)
struct CrashLoopTests {
    struct Round {
        var number: Int
        var kill = ""
        var socket: Double?
        var running: Double?
        var up = 0.0
        var orders = 0
        var fills = 0
        /// The WAL's size after the kill (MiB): what the next start has to read.
        var wal: Double?
        var live: StoreCheckReport?
        var killed: StoreCheckReport?
        /// Violations of the store check (not tolerated), one line per invariant and check.
        var violations: [String] = []
        /// Everything else that went wrong: the socket, the bots, lost rows, the stop.
        var problems: [String] = []
        var all: [String] { violations + problems }
    }

    @Test func sigkillAtRandomMomentsNeverBreaksTheRecord() throws {
        let env = ProcessInfo.processInfo.environment
        let rounds = max(1, Int(env["BOTRUNTIME_CRASH_ROUNDS"] ?? "") ?? 5)
        let seed = UInt64(env["BOTRUNTIME_CRASH_SEED"] ?? "") ?? UInt64.random(in: 1...999_999_999)
        let tolerated = Set((env["BOTRUNTIME_CRASH_TOLERATE"] ?? "").split(separator: ",").compactMap { name in
            StoreCheckReport.Invariant.allCases.first { "\($0)" == name.trimmingCharacters(in: .whitespaces) }
        })
        var random = SplitMix64(seed: seed)
        let d = try CrashLoopDaemon(marketSeed: seed % 1_000_000, speed: 600)
        defer { d.kill9() }
        func say(_ s: String) { print("crash-loop: \(s)"); fflush(nil) }
        say("seed=\(seed) rounds=\(rounds) speed=600 dir=\(d.dir.path)")
        say("replay with BOTRUNTIME_CRASH_SEED=\(seed) BOTRUNTIME_CRASH_ROUNDS=\(rounds)"
            + (tolerated.isEmpty ? "" : "; tolerated: \(tolerated.map { "\($0)" }.sorted().joined(separator: ","))"))

        var results: [Round] = []
        var failures = 0
        /// Every distinct violation seen, by invariant, in the order first seen (its latest text):
        /// a violation that stays in the record is listed once, with a count in each later round.
        /// A reused id is one violation however many fills it gathers.
        var seen: [StoreCheckReport.Invariant: [String]] = [:]
        var latest: [String: String] = [:]
        func judge(_ report: StoreCheckReport, _ when: String, into round: inout Round) {
            for inv in report.violated {
                let vs = report.violations(of: inv)
                var fresh: [String] = []
                for v in vs {
                    let key = inv == .duplicateLiquidationID || inv == .duplicateSequence
                        ? "\(inv)|\(v.bot ?? "")|\(v.clientOrderID ?? "")" : v.description
                    if latest[key] == nil {
                        fresh.append(v.description)
                        seen[inv, default: []].append(key)
                    }
                    latest[key] = v.description
                }
                var line = "\(when): \(vs.count) × \(inv.rawValue) (\(fresh.count) new)\(tolerated.contains(inv) ? " (tolerated)" : "")"
                line += fresh.prefix(3).map { "\n    \($0)" }.joined()
                if fresh.count > 3 { line += "\n    … \(fresh.count - 3) more new" }
                if tolerated.contains(inv) { say("round \(round.number) " + line) } else { round.violations.append(line) }
            }
        }
        /// After botd answers: the record, and every bot running again.
        func checkRunning(_ r: inout Round, previous: Round?) {
            do {
                let live = try StoreCheck.run(path: d.storage)
                r.live = live
                r.orders = live.orders
                r.fills = live.fills
                judge(live, "check while running", into: &r)
                if let killed = previous?.killed, live.orders < killed.orders || live.fills < killed.fills {
                    r.problems.append("rows lost across the restart: \(killed.orders) orders and \(killed.fills) fills after the kill, "
                                      + "\(live.orders) and \(live.fills) after the restart")
                }
            } catch { r.problems.append("check while running failed: \(error)") }
            let deadline = d.sinceSpawn + 30
            var bots: [[String: Any]] = []
            while d.sinceSpawn < deadline {
                bots = d.status()
                if !bots.isEmpty && bots.allSatisfy({ $0["state"] as? String == "running" }) { break }
                usleep(50_000)
            }
            let states = bots.map { "\($0["id"] as? String ?? "?")=\($0["state"] as? String ?? "?")" }
            if bots.count != d.botCount || !bots.allSatisfy({ $0["state"] as? String == "running" }) {
                r.problems.append("not every bot running 30 s after the start: \(states.joined(separator: ", "))")
            } else {
                r.running = d.sinceSpawn
            }
            for b in bots where (b["restarts"] as? Int ?? 0) > 0 || !(b["last_error"] is NSNull || b["last_error"] == nil) {
                r.problems.append("\(b["id"] as? String ?? "?") restarted by the supervisor \(b["restarts"] ?? 0) time(s): \(b["last_error"] ?? "")")
            }
        }

        for n in 1...rounds {
            var r = Round(number: n)
            try d.spawn()
            // One kill in five comes during the start (journal recovery, warm-up, before the socket).
            if random.uniform(0...1) < 0.2 {
                let at = random.uniform(0.05...0.8)
                usleep(UInt32(at * 1e6))
                r.kill = String(format: "start+%.2fs", at)
            } else {
                r.socket = d.waitForSocket(timeout: 60)
                if r.socket == nil {
                    r.problems.append("botd did not answer on its socket within 60 s (running: \(d.process?.isRunning ?? false))")
                } else {
                    checkRunning(&r, previous: results.last)
                }
                let up = random.uniform(0.1...4)
                usleep(UInt32(up * 1e6))
                r.kill = String(format: "up+%.2fs", up)
            }
            r.up = d.sinceSpawn
            d.kill9()
            r.wal = walMiB(d.storage)
            do {
                let killed = try StoreCheck.run(path: d.storage)
                r.killed = killed
                r.orders = killed.orders
                r.fills = killed.fills
                judge(killed, "check after the kill", into: &r)
            } catch {
                if FileManager.default.fileExists(atPath: d.storage) { r.problems.append("check after the kill failed: \(error)") }
            }
            for p in r.all { say("round \(n) FAILED \(p)") }
            failures += r.all.count
            results.append(r)
        }
        // The last restart, then a graceful stop.
        var last = Round(number: rounds + 1, kill: "SIGTERM")
        try d.spawn()
        last.socket = d.waitForSocket(timeout: 60)
        if last.socket == nil {
            last.problems.append("botd did not answer on its socket within 60 s")
        } else {
            checkRunning(&last, previous: results.last)
        }
        last.up = d.sinceSpawn
        let stop = d.terminate(timeout: 60)
        last.wal = walMiB(d.storage)
        if stop.status != 0 { last.problems.append("graceful stop: exit status \(stop.status.map(String.init) ?? "none, killed after 60 s")") }
        do {
            let stopped = try StoreCheck.run(path: d.storage)
            last.killed = stopped
            judge(stopped, "check after the graceful stop", into: &last)
        } catch { last.problems.append("check after the graceful stop failed: \(error)") }
        for p in last.all { say("round \(last.number) FAILED \(p)") }
        failures += last.all.count
        results.append(last)

        // What was checked, round by round.
        func f(_ v: Double?) -> String { v.map { String(format: "%.2f", $0) } ?? "-" }
        func v(_ r: StoreCheckReport?) -> String {
            guard let r else { return "-" }
            return r.isClean ? "ok" : r.violated.map { "\(r.violations(of: $0).count) \($0)" }.joined(separator: " ")
        }
        say("round | kill at      | socket s | running s | up s  | WAL MiB | orders | fills | check while running | check after the kill")
        for r in results {
            say([pad("\(r.number)", 5), pad(r.kill, 12, left: true), pad(f(r.socket), 8), pad(f(r.running), 9), pad(f(r.up), 5), pad(r.wal.map { String(format: "%.0f", $0) } ?? "-", 7),
                 pad("\(r.orders)", 6), pad("\(r.fills)", 5), v(r.live), v(r.killed)].joined(separator: " | "))
        }
        let latencies = results.dropFirst().compactMap(\.socket).sorted()
        if !latencies.isEmpty {
            say(String(format: "restart to socket: min %.2f s, median %.2f s, max %.2f s over %d restarts", latencies.first!,
                       latencies[latencies.count / 2], latencies.last!, latencies.count))
        }
        say("graceful stop: \(stop.status.map { "exit \($0)" } ?? "killed") in \(f(stop.seconds)) s"
            + "; WAL after it: " + walDescription(d.storage))
        // What botd said above info level.
        let log = (try? String(contentsOfFile: d.logPath, encoding: .utf8)) ?? ""
        var notable: [String: Int] = [:]
        for line in log.split(separator: "\n") where !line.contains("\"level\":\"info\"") && !line.contains("\"level\":\"debug\"") {
            notable[String(line.replacing(/"ts":"[^"]*",/, with: "").prefix(300)), default: 0] += 1
        }
        say("botd log: \(log.split(separator: "\n").count) lines, \(notable.values.reduce(0, +)) above info")
        for (line, count) in notable.sorted(by: { $0.value > $1.value }).prefix(10) { say("  \(count) × \(line)") }

        if failures > 0 {
            var summary = "crash loop (seed \(seed)): \(failures) problem(s) in \(results.filter { !$0.all.isEmpty }.count) of "
                + "\(results.count) rounds; folder kept: \(d.dir.path)"
            for inv in StoreCheckReport.Invariant.allCases where !(seen[inv] ?? []).isEmpty && !tolerated.contains(inv) {
                let distinct = seen[inv]!
                summary += "\n\(inv.rawValue): \(distinct.count) distinct violation(s), e.g."
                summary += distinct.prefix(3).map { "\n    \(latest[$0] ?? $0)" }.joined()
            }
            for r in results { for p in r.problems { summary += "\nround \(r.number): \(p)" } }
            Issue.record(Comment(rawValue: summary))
        } else if env["BOTRUNTIME_CRASH_KEEP"] != "1" {
            try? FileManager.default.removeItem(at: d.dir)
        }
        say(failures == 0 ? "PASS" : "FAIL: \(failures) problem(s); folder kept: \(d.dir.path)")
    }

    func pad(_ s: String, _ width: Int, left: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - s.count))
        return left ? s + fill : fill + s
    }

    func walMiB(_ storage: String) -> Double? {
        ((try? FileManager.default.attributesOfItem(atPath: storage + "-wal"))?[.size] as? NSNumber).map { $0.doubleValue / 1_048_576 }
    }

    func walDescription(_ storage: String) -> String {
        func size(_ p: String) -> String {
            guard let s = (try? FileManager.default.attributesOfItem(atPath: p))?[.size] as? NSNumber else { return "absent" }
            return String(format: "%.1f MiB", s.doubleValue / 1_048_576)
        }
        return "\(size(storage + "-wal")) (database \(size(storage)))"
    }
}
