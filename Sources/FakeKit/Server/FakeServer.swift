import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOWebSocket
import Synchronization

/// The TLS listener on 127.0.0.1, on a port the OS picks: HTTP requests and WebSocket
/// upgrades on the same port, each handed to the service.
final class FakeServer: Sendable {
    private let service: any FakeService
    private let tls: NIOSSLContext
    private let group: any EventLoopGroup
    private let listener = Mutex<(any Channel)?>(nil)
    /// Every accepted connection, so `stop` leaves nothing open behind it.
    private let children = Mutex<[ObjectIdentifier: any Channel]>([:])

    init(service: any FakeService, tls: NIOSSLContext, group: any EventLoopGroup) {
        self.service = service
        self.tls = tls
        self.group = group
    }

    /// Binds and returns the port.
    func start() async throws -> Int {
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try self.configure(channel) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        listener.withLock { $0 = channel }
        guard let port = channel.localAddress?.port else { throw FakeError("the listener has no port") }
        return port
    }

    func stop() async {
        let l = listener.withLock { l in defer { l = nil }; return l }
        try? await l?.close()
        let open = children.withLock { c in defer { c = [:] }; return Array(c.values) }
        for c in open { try? await c.close() }
    }

    /// Closes every accepted connection (HTTP and WebSocket) without a goodbye; returns how many.
    func dropAll() -> Int {
        let open = children.withLock { Array($0.values) }
        for c in open { c.close(promise: nil) }
        return open.count
    }

    private func configure(_ channel: any Channel) throws {
        let key = ObjectIdentifier(channel)
        children.withLock { $0[key] = channel }
        channel.closeFuture.whenComplete { _ in _ = self.children.withLock { $0.removeValue(forKey: key) } }

        let sync = channel.pipeline.syncOperations
        try sync.addHandler(NIOSSLServerHandler(context: tls))
        let service = service
        let upgrader = NIOWebSocketServerUpgrader(
            maxFrameSize: 1 << 20, automaticErrorHandling: true,
            shouldUpgrade: { channel, head in
                let admitted = service.shouldUpgrade(Self.request(head))
                return channel.eventLoop.makeSucceededFuture(admitted ? HTTPHeaders() : nil)
            },
            upgradePipelineHandler: { channel, head in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(WSHandler(service: service, request: Self.request(head)))
                }
            })
        try sync.configureHTTPServerPipeline(
            withServerUpgrade: (upgraders: [upgrader], completionHandler: { context in
                context.pipeline.removeHandler(name: RESTHandler.name, promise: nil)
            }))
        try sync.addHandler(RESTHandler(service: service), name: RESTHandler.name)
    }

    static func request(_ head: HTTPRequestHead, body: [UInt8] = []) -> RESTRequest {
        RESTRequest(method: head.method.rawValue, target: head.uri, headers: head.headers.map { ($0.name, $0.value) }, body: body)
    }
}
