import BotConfig
import BotCore
import PaperTrading
import Feeds
import BotTestKit
import Commands
import Control
import Foundation
import Logging
import Runtime
import Store
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A control server in this process with no bots, on a socket in a fresh private folder.
struct SocketHarness {
    let dir: URL
    let server: ControlServer
    let store: Store
    let supervisorForTests: Supervisor
    var path: String { server.path }

    /// A harness for `body`, its server stopped afterwards whatever happens.
    static func with(allowOwnUID: Bool = true, maxClients: Int = ControlServer.defaultMaxClients,
                     _ body: (SocketHarness) async throws -> Void) async throws {
        let h = try await SocketHarness(allowOwnUID: allowOwnUID, maxClients: maxClients)
        do { try await body(h) } catch {
            await h.server.stop()
            throw error
        }
        await h.server.stop()
    }

    init(allowOwnUID: Bool, maxClients: Int) async throws {
        dir = try SharedData.temporaryDirectory("ctl")
        let d = Diagnostics()
        let config = try #require(RuntimeConfig.parse("[storage]\npath = \"s.sqlite\"\n", file: dir.appendingPathComponent("runtime.toml").path,
                                                      diagnostics: d))
        store = try Store(path: config.daemon.storagePath)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let hub = MarketDataHub(historyMinutes: 10, feed: SimulatorFeed(seed: 1), logger: logger)
        let supervisor = Supervisor(config: config, store: store, hub: hub, metrics: RuntimeMetrics(), logger: logger,
                                    makeVenue: PaperVenue.factory(config: config, prices: hub.prices))
        supervisorForTests = supervisor
        let router = CommandRouter(supervisor: supervisor, store: store, metrics: RuntimeMetrics(),
                                   runtimePath: dir.appendingPathComponent("runtime.toml").path) {}
        server = ControlServer(path: dir.appendingPathComponent("run/botd.sock").path, allowUIDs: [], maxClients: maxClients,
                               router: router, logger: logger, allowOwnUID: allowOwnUID)
        try await server.start()
    }

    /// Sends raw bytes on one connection and reads until `lines` lines came back (or EOF).
    func exchange(_ bytes: [UInt8], lines: Int, closeWrite: Bool = false) throws -> [String] {
        let fd = try ControlClient.connect(path)
        defer { close(fd) }
        var off = 0
        while off < bytes.count {
            let n = bytes[off...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { break }
            off += n
        }
        if closeWrite { shutdown(fd, Int32(SHUT_WR)) }
        var got: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while got.filter({ $0 == 0x0A }).count < lines {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { break }
            got += chunk[0..<n]
        }
        return String(decoding: got, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}

@Suite(.serialized)
struct ControlSocketTests {
    @Test func socketAndFolderArePrivate() async throws {
        try await SocketHarness.with { h in
            var st = stat()
            #expect(stat(h.path, &st) == 0 && st.st_mode & 0o777 == 0o600)
            #expect(stat((h.path as NSString).deletingLastPathComponent, &st) == 0 && st.st_mode & 0o777 == 0o700)
            // A shared folder is refused rather than used.
            let shared = try SharedData.temporaryDirectory("shared")
            chmod(shared.path, 0o755)
            await #expect(throws: ControlError.self) {
                try await ControlServer(path: shared.appendingPathComponent("x.sock").path, allowUIDs: [],
                                  router: CommandRouter(supervisor: Supervisor(config: RuntimeConfig.parse("", file: "/tmp/r.toml", diagnostics: Diagnostics())!,
                                                                               store: h.store, hub: MarketDataHub(historyMinutes: 1, feed: SimulatorFeed(seed: 1), logger: Logger(label: "t")),
                                                                               metrics: RuntimeMetrics(), logger: Logger(label: "t"),
                                                                               makeVenue: { PaperVenue(account: $0.name, config: .init()) }),
                                                        store: h.store, metrics: RuntimeMetrics(), runtimePath: "") {},
                                  logger: Logger(label: "t")).start()
            }
        }
    }

    @Test func echoesTheRequestIDVerbatim() async throws {
        try await SocketHarness.with { h in
            let lines = try h.exchange(Array("""
                {"id":"abc-1","cmd":"status","args":{}}
                {"id":42,"cmd":"bots"}
                {"id":{"n":[1,2.50]},"cmd":"status"}

                """.utf8), lines: 3)
            #expect(lines.count == 3)
            #expect(lines[0] == #"{"id":"abc-1","ok":true,"result":{"bots":[]}}"#)
            #expect(lines[1] == #"{"id":42,"ok":true,"result":[]}"#)
            #expect(lines[2].hasPrefix(#"{"id":{"n":[1,2.50]},"ok":true"#))
        }
    }

    @Test func garbageOversizeAndHalfLinesGetErrorsAndTheServerLives() async throws {
        try await SocketHarness.with { h in
            var bytes = Array("not json\n{\"id\":1}\n{\"id\":2,\"cmd\":\"fly\"}\n".utf8)
            bytes += [UInt8](repeating: UInt8(ascii: "x"), count: 70_000) + [0x0A]
            bytes += Array("{\"id\":3,\"cmd\":\"status\"}\n{\"id\":4,\"cmd\":\"sta".utf8)
            let lines = try h.exchange(bytes, lines: 6, closeWrite: true)
            #expect(lines.count == 6, "\(lines)")
            #expect(lines[0].contains(#""code":"bad_request""#) && lines[0].hasPrefix(#"{"id":null"#))
            #expect(lines[1].contains(#""id":1"#) && lines[1].contains("'cmd' must be a string"))
            #expect(lines[2].contains(#""code":"unknown_command""#))
            #expect(lines[3].contains(#""code":"line_too_long""#))
            #expect(lines[4] == #"{"id":3,"ok":true,"result":{"bots":[]}}"#)
            #expect(lines[5].contains("closed in the middle of a line"))
            // Still serving.
            let again = try ControlClient.request(h.path, cmd: "status")
            #expect(again["ok"]?.boolValue == true)
        }
    }

    @Test func clientsThatHangUpBeforeTheAnswerCostNothing() async throws {
        // Each client asks for a large answer and leaves at once: the server's writes hit a
        // closed socket. They must fail quietly, never raise SIGPIPE (which would end this
        // process, as it would the daemon).
        try await SocketHarness.with { h in
            for i in 0..<50 {
                let fd = try ControlClient.connect(h.path)
                let req = Array("{\"id\":\(i),\"cmd\":\"metrics\"}\n{\"id\":\(i),\"cmd\":\"status\"}\n".utf8)
                _ = req.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                // Reset, not a graceful close: the server's next write gets EPIPE/ECONNRESET.
                var l = linger(l_onoff: 1, l_linger: 0)
                setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, socklen_t(MemoryLayout<linger>.size))
                close(fd)
            }
            let again = try ControlClient.request(h.path, cmd: "status")
            #expect(again["ok"]?.boolValue == true)
        }
    }

    @Test func peersWithAnotherUIDAreRefused() async throws {
        try await SocketHarness.with(allowOwnUID: false) { h in
            let r = try ControlClient.request(h.path, cmd: "status")
            #expect(r["ok"]?.boolValue == false && r["error"]?["code"]?.stringValue == "forbidden")
        }
    }

    @Test func everyCommandIsAudited() async throws {
        try await SocketHarness.with { h in
            _ = try ControlClient.request(h.path, cmd: "pause", args: .object([("bot", .string("ghost"))]))
            let log = try await h.store.auditLog()
            #expect(log.first?.command == "pause" && log.first?.ok == false && log.first?.result == "bot_not_found")
            #expect(log.first?.args == #"{"bot":"ghost"}"#)
            #expect(log.first?.who == "uid:\(geteuid())")
        }
    }

    @Test func aClientWithoutDaemonGetsAClearMessage() {
        do {
            _ = try ControlClient.request("/tmp/no-such-botd-\(getpid()).sock", cmd: "status")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("botd is not running"))
        }
    }

    @Test func metricsAreServedOnLoopbackHTTP() async throws {
        let m = MetricsServer(host: "127.0.0.1", port: 0) { "botruntime_events_total 7\n" }
        let port = try await m.start()
        let ok = try httpGet(port: port, "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")
        let other = try httpGet(port: port, "GET /other HTTP/1.1\r\nHost: x\r\n\r\n")
        // A client that sends half a request and waits holds nothing up.
        let stalled = try tcpConnect(port: port)
        defer { close(stalled) }
        _ = Array("GET /metr".utf8).withUnsafeBytes { write(stalled, $0.baseAddress, $0.count) }
        let again = try httpGet(port: port, "GET /metrics?x=1 HTTP/1.1\r\nHost: x\r\n\r\n")
        await m.stop()
        #expect(ok.hasPrefix("HTTP/1.1 200 OK") && ok.lowercased().contains("text/plain; version=0.0.4") && ok.hasSuffix("botruntime_events_total 7\n"))
        #expect(other.hasPrefix("HTTP/1.1 404"))
        #expect(again.hasPrefix("HTTP/1.1 200 OK"))
    }

    @Test func aClientOverTheLimitIsToldTheDaemonIsBusy() async throws {
        try await SocketHarness.with(maxClients: 3) { h in
            // Three clients connected and idle: the fourth is refused with an answer.
            var held: [Int32] = []
            defer { held.forEach { close($0) } }
            for _ in 0..<3 { held.append(try ControlClient.connect(h.path)) }
            try await waitFor { h.server.clientCount == 3 }
            let refused = try ControlClient.request(h.path, cmd: "status")
            #expect(refused["ok"]?.boolValue == false && refused["error"]?["code"]?.stringValue == "busy")
            #expect(refused["error"]?["message"]?.stringValue?.contains("max_clients") == true)
            // One leaves; the next is served.
            close(held.removeLast())
            try await waitFor { h.server.clientCount == 2 }
            #expect(try ControlClient.request(h.path, cmd: "status")["ok"]?.boolValue == true)
        }
    }

    @Test func aSubscriberThatLeavesFreesItsPlace() async throws {
        try await SocketHarness.with(maxClients: 1) { h in
            let fd = try ControlClient.connect(h.path)
            ControlClient.send(fd, #"{"id":1,"cmd":"subscribe"}"#)
            try await waitFor { h.server.clientCount == 1 }
            close(fd)
            try await waitFor { h.server.clientCount == 0 }
            #expect(try ControlClient.request(h.path, cmd: "bots")["ok"]?.boolValue == true)
        }
    }

    @Test func stoppingEndsEveryConnection() async throws {
        let h = try await SocketHarness(allowOwnUID: true, maxClients: 8)
        let subscriber = try ControlClient.connect(h.path)
        defer { close(subscriber) }
        ControlClient.send(subscriber, #"{"id":1,"cmd":"subscribe"}"#)
        let idle = try ControlClient.connect(h.path)
        defer { close(idle) }
        try await waitFor { h.server.clientCount == 2 }
        await h.server.stop()
        #expect(h.server.clientCount == 0)
        #expect(!FileManager.default.fileExists(atPath: h.path))
        // Both peers see the end of the stream.
        var b = [UInt8](repeating: 0, count: 4096)
        while read(subscriber, &b, b.count) > 0 {}
        #expect(read(idle, &b, b.count) == 0)
    }

    @Test func stoppingWhileClientsArriveServesOrClosesEachOne() async throws {
        // Connections accepted but not yet picked up by the accept loop used to be dropped
        // unserved when it was cancelled, which SwiftNIO answers by stopping the process.
        for _ in 0..<20 {
            let h = try await SocketHarness(allowOwnUID: true, maxClients: 64)
            let m = MetricsServer(host: "127.0.0.1", port: 0) { "" }
            let port = try await m.start()
            var fds: [Int32] = []
            for _ in 0..<30 {
                if let fd = try? ControlClient.connect(h.path) { fds.append(fd) }
                if let fd = try? tcpConnect(port: port) { fds.append(fd) }
            }
            await h.server.stop()
            await m.stop()
            #expect(h.server.clientCount == 0)
            // Every peer sees its connection end.
            var b = [UInt8](repeating: 0, count: 256)
            for fd in fds {
                var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                #expect(poll(&p, 1, 2000) > 0)
                while read(fd, &b, b.count) > 0 {}
                close(fd)
            }
        }
    }

    @Test func subscribeStreamsEventsUntilTheClientLeaves() async throws {
        try await SocketHarness.with { h in
            let fd = try ControlClient.connect(h.path)
            defer { close(fd) }
            let req = Array("{\"id\":9,\"cmd\":\"subscribe\"}\n".utf8)
            _ = req.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            try await Task.sleep(for: .milliseconds(100))
            await h.supervisorForTests.note(bot: "x", kind: "removed")
            var got: [UInt8] = []
            var buf = [UInt8](repeating: 0, count: 4096)
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            while got.filter({ $0 == 0x0A }).count < 2, poll(&p, 1, 3000) > 0 {
                let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n <= 0 { break }
                got += buf[0..<n]
            }
            let lines = String(decoding: got, as: UTF8.self).split(separator: "\n")
            #expect(lines.count == 2)
            #expect(lines.first?.hasPrefix(#"{"id":9,"ok":true,"result":{"subscribed":true"#) == true)
            // From the persisted log: its sequence number first, then the event.
            #expect(lines.last?.hasPrefix(#"{"event":{"seq":"#) == true, "\(lines)")
            #expect(lines.last?.contains(#""kind":"bot_removed""#) == true && lines.last?.contains(#""bot":"x""#) == true, "\(lines)")
        }
    }
}

/// Polls `condition` for up to five seconds.
func waitFor(_ condition: () -> Bool) async throws {
    for _ in 0..<500 {
        if condition() { return }
        try await Task.sleep(for: .milliseconds(10))
    }
    Issue.record("condition not reached in 5 s")
    throw CancellationError()
}

func tcpConnect(port: Int) throws -> Int32 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = UInt16(port).bigEndian
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    let rc = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
    guard rc == 0 else { close(fd); throw ControlError("connect failed") }
    return fd
}

/// Sends `request` and reads until the server closes.
func httpGet(port: Int, _ request: String) throws -> String {
    let fd = try tcpConnect(port: port)
    defer { close(fd) }
    _ = Array(request.utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    var out: [UInt8] = []
    var buf = [UInt8](repeating: 0, count: 4096)
    while true {
        let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n <= 0 { break }
        out += buf[0..<n]
    }
    return String(decoding: out, as: UTF8.self)
}
