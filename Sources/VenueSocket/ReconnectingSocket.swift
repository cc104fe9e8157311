import Foundation
import Logging
import NIOCore
import NIOSSL
import NIOWebSocket
import Synchronization
import WSClient

/// A WebSocket that stays connected: hummingbird's `WebSocketClient` for each connection, and
/// around it the venue's keep-alive, a reconnection with exponential backoff and jitter after
/// any drop, and the handler's `opened` on every new connection so it subscribes again.
public final class ReconnectingSocket: Sendable {
    struct Dropped: Error, CustomStringConvertible {
        var description: String
    }

    final class Stats: Sendable {
        let connects = Atomic<Int>(0)
        let drops = Atomic<Int>(0)
    }

    public let url: String
    let policy: SocketPolicy
    let handler: any SocketHandler
    let tls: TLSConfiguration?
    let logger: Logger
    private let stats = Stats()

    /// `caFile`: certificate authorities to trust instead of the system's (a test's fake).
    public init(url: String, caFile: String? = nil, policy: SocketPolicy, handler: any SocketHandler, logger: Logger) {
        self.url = url
        self.policy = policy
        self.handler = handler
        self.logger = logger
        if url.lowercased().hasPrefix("wss:") {
            var t = TLSConfiguration.makeClientConfiguration()
            if let caFile { t.trustRoots = .file(caFile) }
            tls = t
        } else {
            tls = nil
        }
    }

    /// TLS forbids an IP address as the server name, and the client would send the URL's
    /// host: a loopback address (a test's fake) is named `localhost`, which its certificate
    /// carries as well.
    var sni: String? {
        guard tls != nil else { return nil }
        let afterScheme = url.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: true).dropFirst().first ?? ""
        let host = afterScheme.hasPrefix("[") ? String(afterScheme.prefix { $0 != "]" }.dropFirst())
            : String(afterScheme.split(separator: ":").first ?? "")
        return host == "127.0.0.1" || host == "::1" ? "localhost" : nil
    }

    /// Connections opened so far, and connections lost.
    public var connects: Int { stats.connects.load(ordering: .relaxed) }
    public var drops: Int { stats.drops.load(ordering: .relaxed) }

    /// Keeps the socket until the task is cancelled.
    public func run() async {
        var failures = 0
        while !Task.isCancelled {
            let opened = connects
            let reason: String
            do {
                let close = try await WebSocketClient.connect(
                    url: url, configuration: WebSocketClientConfiguration(maxFrameSize: policy.maxMessageSize, sniHostname: sni),
                    tlsConfiguration: tls, logger: logger) { inbound, outbound, _ in
                    try await self.serve(inbound, SocketWriter(outbound: outbound))
                }
                reason = close.map { "closed by the server (\($0.closeCode)\($0.reason.map { ": \($0)" } ?? ""))" } ?? "closed"
            } catch {
                reason = "\(error)"
            }
            if Task.isCancelled { return }
            stats.drops.add(1, ordering: .relaxed)
            // A connection that opened resets the backoff: only failures in a row grow it.
            failures = connects > opened ? 1 : failures + 1
            logger.warning("websocket dropped", metadata: ["url": "\(url)", "reason": "\(reason)", "attempt": "\(failures)"])
            await handler.dropped(reason)
            let base = policy.backoff(attempt: failures)
            let jitter = base * Double.random(in: 0..<0.5)
            try? await Task.sleep(for: base + jitter)
        }
    }

    /// One connection: the handler subscribes, then messages flow to it while the keep-alive
    /// watches for silence and, when the server stops answering, closes the connection, which
    /// ends the read.
    func serve(_ inbound: WebSocketInboundStream, _ writer: SocketWriter) async throws {
        stats.connects.add(1, ordering: .relaxed)
        try await handler.opened(writer)
        let heard = Heard()
        let keeper = policy.keepAlive.map { keep in
            Task {
                while !Task.isCancelled {
                    let quiet = heard.last.duration(to: .now)
                    if quiet < keep.idle {
                        try? await Task.sleep(for: keep.idle - quiet)
                        continue
                    }
                    let asked = ContinuousClock.now
                    do {
                        try await writer.send(keep.text)
                        try await Task.sleep(for: keep.answerWithin)
                    } catch { return }
                    if heard.last < asked {
                        heard.reason = "no answer to '\(keep.text)' within \(keep.answerWithin)"
                        try? await writer.outbound.close(.goingAway, reason: "keep-alive unanswered")
                        return
                    }
                }
            }
        }
        defer { keeper?.cancel() }
        for try await message in inbound.messages(maxSize: policy.maxMessageSize) {
            heard.touch()
            switch message {
            case .text(let s): await handler.received(Array(s.utf8), on: writer)
            case .binary(var b): await handler.received(b.readBytes(length: b.readableBytes) ?? [], on: writer)
            }
        }
        throw Dropped(description: heard.reason ?? "the server closed the stream")
    }
}

/// When the server was last heard from, and why the keep-alive gave up on it.
final class Heard: Sendable {
    private let state = Mutex<(last: ContinuousClock.Instant, reason: String?)>((.now, nil))
    var last: ContinuousClock.Instant { state.withLock { $0.last } }
    var reason: String? {
        get { state.withLock { $0.reason } }
        set { state.withLock { $0.reason = newValue } }
    }
    func touch() { state.withLock { $0.last = .now } }
}
