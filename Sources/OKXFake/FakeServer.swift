import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOWebSocket
import Synchronization

/// The TLS listener on 127.0.0.1, on a port the OS picks: REST under /api/v5 and the three
/// WebSocket services (/ws/v5/public, /private, /business) on the same port.
final class FakeServer: Sendable {
    private let core: VenueCore
    private let tls: NIOSSLContext
    private let group: any EventLoopGroup
    private let listener = Mutex<(any Channel)?>(nil)
    /// Every accepted connection, so `stop` leaves nothing open behind it.
    private let children = Mutex<[ObjectIdentifier: any Channel]>([:])

    init(core: VenueCore, tls: NIOSSLContext, group: any EventLoopGroup) {
        self.core = core
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

    /// Closes every accepted connection (REST and WebSocket) without a goodbye; returns how many.
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
        let core = core
        let upgrader = NIOWebSocketServerUpgrader(
            maxFrameSize: 1 << 20, automaticErrorHandling: true,
            shouldUpgrade: { channel, head in
                let admitted = WSService(path: Self.path(head.uri)) != nil && core.with { $0.admitConnection() }
                return channel.eventLoop.makeSucceededFuture(admitted ? HTTPHeaders() : nil)
            },
            upgradePipelineHandler: { channel, head in
                channel.eventLoop.makeCompletedFuture {
                    guard let service = WSService(path: Self.path(head.uri)) else { return }
                    try channel.pipeline.syncOperations.addHandler(WSHandler(core: core, service: service))
                }
            })
        try sync.configureHTTPServerPipeline(
            withServerUpgrade: (upgraders: [upgrader], completionHandler: { context in
                context.pipeline.removeHandler(name: RESTHandler.name, promise: nil)
            }))
        try sync.addHandler(RESTHandler(core: core), name: RESTHandler.name)
    }

    static func path(_ uri: String) -> String {
        uri.firstIndex(of: "?").map { String(uri[..<$0]) } ?? uri
    }
}
