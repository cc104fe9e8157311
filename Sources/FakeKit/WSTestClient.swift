import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOWebSocket
import Synchronization

/// A WebSocket client over TLS for tests that talk to a fake (or check a production client
/// against it): it trusts only the given CA file, sends text frames, and records everything the
/// server sends, close frames and protocol errors included. It answers the server's pings
/// with pongs copying their payload unless told not to (`answersPings`), and counts them.
///
/// Lives in this library because the test targets do not link SwiftNIO themselves.
public final class WSTestClient: Sendable {
    public enum Event: Sendable, Equatable {
        case text(String)
        /// A text frame that was not valid UTF-8.
        case invalidText([UInt8])
        /// The server's close frame and its status code.
        case close(code: Int, reason: String)
        /// The connection ended without a close frame (dropped).
        case disconnected
        /// A frame the client's decoder refused (reserved bits, bad framing).
        case protocolError(String)
    }

    private let channel: any Channel
    private let box: EventBox

    private init(channel: any Channel, box: EventBox) {
        self.channel = channel
        self.box = box
    }

    /// Connects to `url` (`wss://127.0.0.1:<port>/path?query`) trusting only `caFile`.
    public static func connect(_ url: String, caFile: String) async throws -> WSTestClient {
        guard url.hasPrefix("wss://") else { throw FakeError("not a wss URL: \(url)") }
        let rest = url.dropFirst(6)
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let hostPort = rest[..<slash]
        let path = slash == rest.endIndex ? "/" : String(rest[slash...])
        guard let colon = hostPort.lastIndex(of: ":"), let port = Int(hostPort[hostPort.index(after: colon)...]) else {
            throw FakeError("no port in \(url)")
        }
        let host = String(hostPort[..<colon])
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .file(caFile)
        let context = try NIOSSLContext(configuration: tls)
        let box = EventBox()

        let upgraded: EventLoopFuture<Bool> = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    // No SNI for an IP address; NIOSSL then checks the certificate's IP SAN.
                    let sni = host.first?.isNumber == true ? nil : host
                    try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: context, serverHostname: sni))
                    let upgrader = NIOTypedWebSocketClientUpgrader<Bool>(maxFrameSize: 1 << 24) { channel, _ in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(ClientFrameHandler(box: box))
                            return true
                        }
                    }
                    var headers = HTTPHeaders()
                    headers.add(name: "Host", value: String(hostPort))
                    let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: path, headers: headers)
                    let config = NIOTypedHTTPClientUpgradeConfiguration(
                        upgradeRequestHead: head, upgraders: [upgrader],
                        notUpgradingCompletionHandler: { channel in channel.eventLoop.makeSucceededFuture(false) })
                    return try channel.pipeline.syncOperations.configureUpgradableHTTPClientPipeline(
                        configuration: .init(upgradeConfiguration: config))
                }
            }
        guard try await upgraded.get(), let channel = box.channel.withLock({ $0 }) else {
            throw FakeError("the server refused the WebSocket upgrade for \(path)")
        }
        return WSTestClient(channel: channel, box: box)
    }

    /// Sends a text frame (masked, as a client must).
    public func send(_ text: String) async throws {
        let frame = WebSocketFrame(fin: true, opcode: .text, maskKey: .random(), data: channel.allocator.buffer(string: text))
        try await channel.writeAndFlush(frame)
    }

    /// Sends a ping frame; the server's pong is not recorded.
    public func sendPing(_ payload: [UInt8] = []) async throws {
        try await channel.writeAndFlush(WebSocketFrame(fin: true, opcode: .ping, maskKey: .random(),
                                                       data: channel.allocator.buffer(bytes: payload)))
    }

    /// Sends a pong frame of its own accord (an unsolicited pong, or a late answer).
    public func sendPong(_ payload: [UInt8] = []) async throws {
        try await channel.writeAndFlush(WebSocketFrame(fin: true, opcode: .pong, maskKey: .random(),
                                                       data: channel.allocator.buffer(bytes: payload)))
    }

    /// Whether the server's pings are answered (the default), as every WebSocket client does.
    /// Off, pings are only recorded: the way to test a server's pong timeout.
    public var answersPings: Bool {
        get { box.answersPings.withLock { $0 } }
        set { box.answersPings.withLock { $0 = newValue } }
    }

    /// The payloads of the pings the server has sent so far, oldest first.
    public var pingsReceived: [[UInt8]] { box.pings.withLock { $0 } }

    /// The next event, waiting up to `timeout` of real time; nil if none came.
    public func next(timeout: Duration = .seconds(5)) async -> Event? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let e = box.events.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) { return e }
            if ContinuousClock.now >= deadline { return nil }
            try? await Task.sleep(for: .milliseconds(2))
        }
    }

    /// The next text message that parses as JSON and satisfies `match`, skipping others.
    public func nextJSON(timeout: Duration = .seconds(5), where match: (JSON) -> Bool = { _ in true }) async -> JSON? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard let e = await next(timeout: deadline - ContinuousClock.now) else { return nil }
            if case .text(let t) = e, let j = JSON.parse(t), match(j) { return j }
        }
        return nil
    }

    /// Everything received and not yet taken, without waiting.
    public func drain() -> [Event] { box.events.withLock { e in defer { e = [] }; return e } }

    /// Sends a close frame and closes the connection.
    public func close() async {
        var data = channel.allocator.buffer(capacity: 2)
        data.write(webSocketErrorCode: .normalClosure)
        try? await channel.writeAndFlush(WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: .random(), data: data))
        try? await channel.close()
    }

    public var isOpen: Bool { channel.isActive }
}
