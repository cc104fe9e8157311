import Foundation
import Logging
import Synchronization
import Testing
import VenueSocket

/// The venue socket against a WebSocket server on loopback: it subscribes on every connection,
/// reads every message, keeps the connection alive with the venue's text ping, and reconnects
/// with a backoff after a drop or an unanswered ping.
@Suite(.serialized)
struct ReconnectingSocketTests {
    /// Subscribes on each connection and records what it is told.
    final class Recorder: SocketHandler {
        let log = Mutex<(opened: Int, messages: [String], drops: [String])>((0, [], []))
        func opened(_ socket: SocketWriter) async throws {
            let n = log.withLock { $0.opened += 1; return $0.opened }
            try await socket.send("echo:subscribe \(n)")
        }
        func received(_ message: [UInt8], on socket: SocketWriter) async {
            log.withLock { $0.messages.append(String(decoding: message, as: UTF8.self)) }
        }
        func dropped(_ reason: String) async { log.withLock { $0.drops.append(reason) } }
        var opened: Int { log.withLock { $0.opened } }
        var messages: [String] { log.withLock { $0.messages } }
        var drops: [String] { log.withLock { $0.drops } }
    }

    func waitFor(_ what: String, within: Duration = .seconds(30), _ condition: () -> Bool) async throws {
        let end = ContinuousClock.now + within
        while !condition() {
            guard ContinuousClock.now < end else {
                Issue.record("timed out waiting for \(what)")
                return
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    var logger: Logger {
        var l = Logger(label: "socket-test")
        l.logLevel = .critical
        return l
    }

    @Test func itSubscribesOnEveryConnectionAndReconnectsAfterADrop() async throws {
        let server = try await TestWebSocketServer()
        let recorder = Recorder()
        let socket = ReconnectingSocket(url: server.url, policy: SocketPolicy(backoffInitial: .milliseconds(20)), handler: recorder,
                                        logger: logger)
        let task = Task { await socket.run() }
        try await waitFor("the first subscription echoed") { recorder.messages == ["echo:subscribe 1"] }
        server.push(#"{"arg":{"channel":"trades"},"data":[]}"#)
        try await waitFor("the push") { recorder.messages.count == 2 }
        server.dropAll()
        try await waitFor("the second subscription") { recorder.messages.last == "echo:subscribe 2" }
        #expect(server.connections == 2 && socket.connects == 2 && socket.drops == 1)
        #expect(recorder.drops.count == 1)
        #expect(server.received == ["echo:subscribe 1", "echo:subscribe 2"])
        task.cancel()
        await task.value
        try await server.stop()
    }

    @Test func aQuietConnectionIsPingedAndOneThatStopsAnsweringIsMadeAgain() async throws {
        let server = try await TestWebSocketServer()
        let recorder = Recorder()
        // A second to answer: a loaded machine (CI's two cores) may take that long to run the
        // server's answer, and the test is about an answer that never comes.
        let policy = SocketPolicy(keepAlive: ("ping", .milliseconds(150), .seconds(1)), backoffInitial: .milliseconds(20))
        let socket = ReconnectingSocket(url: server.url, policy: policy, handler: recorder, logger: logger)
        let task = Task { await socket.run() }
        try await waitFor("two pings answered") { server.received.filter { $0 == "ping" }.count >= 2 }
        #expect(recorder.messages.filter { $0 == "pong" }.count >= 1)
        #expect(socket.drops == 0, "answered pings keep the connection")
        server.setAnswersPing(false)
        try await waitFor("a reconnection after the unanswered ping") { socket.connects == 2 }
        #expect(recorder.drops.first?.contains("no answer to 'ping'") == true, "\(recorder.drops)")
        task.cancel()
        await task.value
        try await server.stop()
    }

    @Test func failedConnectionsBackOffExponentiallyWithJitter() async throws {
        let policy = SocketPolicy(backoffInitial: .milliseconds(100), backoffMax: .seconds(2))
        #expect((1...7).map { policy.backoff(attempt: $0) }
                == [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800), .milliseconds(1600), .seconds(2), .seconds(2)])
        // A server that is not there: a few attempts in the first second, not a busy loop.
        let server = try await TestWebSocketServer()
        let url = server.url
        try await server.stop()
        let recorder = Recorder()
        let socket = ReconnectingSocket(url: url, policy: SocketPolicy(backoffInitial: .milliseconds(50), backoffMax: .seconds(1)),
                                        handler: recorder, logger: logger)
        let task = Task { await socket.run() }
        try await Task.sleep(for: .seconds(1))
        task.cancel()
        await task.value
        // 50 + 100 + 200 + 400 ms (each up to 1.5×) fit at most 5 attempts in a second.
        #expect((2...5).contains(socket.drops), "\(socket.drops) attempts")
        #expect(socket.connects == 0 && recorder.opened == 0)
    }
}
