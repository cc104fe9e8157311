import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket
import Synchronization

/// A WebSocket server on a free loopback port: it records every text it receives, echoes
/// `echo:…` back, answers `ping` with `pong` unless told to stay silent, and can drop every
/// connection or push a text to all of them.
final class TestWebSocketServer: Sendable {
    struct State {
        var received: [String] = []
        var connections = 0
        var open: [any Channel] = []
        var answersPing = true
    }

    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let state = Mutex(State())
    private let channel = Mutex<(any Channel)?>(nil)

    var port: Int { channel.withLock { $0?.localAddress?.port ?? 0 } }
    var url: String { "ws://127.0.0.1:\(port)/ws/v5/public" }
    var received: [String] { state.withLock { $0.received } }
    var connections: Int { state.withLock { $0.connections } }
    func setAnswersPing(_ on: Bool) { state.withLock { $0.answersPing = on } }

    init() async throws {
        let server = self
        let upgrader = NIOWebSocketServerUpgrader(
            shouldUpgrade: { ch, _ in ch.eventLoop.makeSucceededFuture(HTTPHeaders()) },
            upgradePipelineHandler: { ch, _ in
                server.state.withLock { $0.connections += 1; $0.open.append(ch) }
                return ch.pipeline.addHandler(Frames(server: server))
            })
        let c = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { ch in
                ch.pipeline.configureHTTPServerPipeline(withServerUpgrade: (upgraders: [upgrader], completionHandler: { _ in }))
            }
            .bind(host: "127.0.0.1", port: 0).get()
        channel.withLock { $0 = c }
    }

    func dropAll() {
        let open = state.withLock { s in
            defer { s.open.removeAll() }
            return s.open
        }
        for ch in open { ch.close(promise: nil) }
    }

    func push(_ text: String) {
        for ch in state.withLock({ $0.open }) { Frames.send(text, on: ch) }
    }

    func stop() async throws {
        dropAll()
        try await channel.withLock { $0 }?.close()
        try await group.shutdownGracefully()
    }

    final class Frames: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = WebSocketFrame
        typealias OutboundOut = WebSocketFrame
        let server: TestWebSocketServer

        init(server: TestWebSocketServer) { self.server = server }

        static func send(_ text: String, on ch: any Channel) {
            let buffer = ch.allocator.buffer(string: text)
            ch.writeAndFlush(WebSocketFrame(fin: true, opcode: .text, data: buffer), promise: nil)
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let frame = unwrapInboundIn(data)
            switch frame.opcode {
            case .text:
                // A client's frames are masked.
                var data = frame.unmaskedData
                let text = data.readString(length: data.readableBytes) ?? ""
                let answersPing = server.state.withLock { s in
                    s.received.append(text)
                    return s.answersPing
                }
                if text == "ping", answersPing { Self.send("pong", on: context.channel) }
                if text.hasPrefix("echo:") { Self.send(text, on: context.channel) }
            case .connectionClose:
                context.close(promise: nil)
            default:
                break
            }
        }
    }
}
