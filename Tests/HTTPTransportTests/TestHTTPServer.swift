import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// An HTTP/1.1 server on a free loopback port for the transport's tests. It answers:
/// - `/echo…`: the request body back, with `x-method`, `x-uri`, `x-connection` (which of the
///   server's connections carried it) and `x-got-test` (the request's `x-test` header);
/// - `/status/N`: status N;
/// - `/delay/MS`: 200 after MS milliseconds;
/// - `/big/N`: N bytes;
/// - `/vanish…`: nothing: the whole request is read and counted (`vanished`), then the
///   connection closes without a byte of answer.
final class TestHTTPServer: Sendable {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    final class Counter: Sendable {
        let n = Atomic<Int>(0)
        let vanished = Atomic<Int>(0)
    }
    private let counter = Counter()
    /// Connections accepted so far.
    var connections: Int { counter.n.load(ordering: .relaxed) }
    /// `/vanish` requests received whole.
    var vanished: Int { counter.vanished.load(ordering: .relaxed) }
    private let channel: Mutex<(any Channel)?> = Mutex(nil)

    var port: Int { channel.withLock { $0?.localAddress?.port ?? 0 } }
    var base: String { "http://127.0.0.1:\(port)" }

    init() async throws {
        let counter = counter
        let c = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { ch in
                let n = counter.n.wrappingAdd(1, ordering: .relaxed).newValue
                return ch.pipeline.configureHTTPServerPipeline().flatMap { ch.pipeline.addHandler(Handler(connection: n, counter: counter)) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        channel.withLock { $0 = c }
    }

    func stop() async throws {
        try await channel.withLock { $0 }?.close()
        try await group.shutdownGracefully()
    }

    final class Handler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        let connection: Int
        let counter: Counter
        var head: HTTPRequestHead?
        var body: [UInt8] = []

        init(connection: Int, counter: Counter) {
            self.connection = connection
            self.counter = counter
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let h):
                head = h
                body = []
            case .body(var b):
                body += b.readBytes(length: b.readableBytes) ?? []
            case .end:
                guard let h = head else { return }
                if h.uri.hasPrefix("/vanish") {
                    counter.vanished.add(1, ordering: .relaxed)
                    context.close(promise: nil)
                    return
                }
                respond(context, h)
            }
        }

        func respond(_ context: ChannelHandlerContext, _ h: HTTPRequestHead) {
            let parts = h.uri.split(separator: "?")[0].split(separator: "/")
            var status = HTTPResponseStatus.ok
            var headers = HTTPHeaders()
            var out: [UInt8] = []
            var delay = 0
            switch parts.first {
            case "echo":
                headers.add(name: "x-method", value: h.method.rawValue)
                headers.add(name: "x-uri", value: h.uri)
                headers.add(name: "x-connection", value: "\(connection)")
                headers.add(name: "x-got-test", value: h.headers["x-test"].first ?? "")
                out = body
            case "status":
                status = HTTPResponseStatus(statusCode: Int(parts.last ?? "") ?? 500)
                out = Array("status \(status.code)".utf8)
            case "delay":
                delay = Int(parts.last ?? "") ?? 0
            case "big":
                out = (0..<(Int(parts.last ?? "") ?? 0)).map { UInt8(truncatingIfNeeded: $0) }
            default:
                status = .notFound
            }
            headers.add(name: "content-length", value: "\(out.count)")
            let write = { [self] in
                context.write(wrapOutboundOut(.head(HTTPResponseHead(version: h.version, status: status, headers: headers))), promise: nil)
                context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: out)))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            }
            if delay > 0 {
                context.eventLoop.scheduleTask(in: .milliseconds(Int64(delay))) { write() }
            } else {
                write()
            }
        }
    }
}
