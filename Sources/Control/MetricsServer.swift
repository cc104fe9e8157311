import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// Serves `GET /metrics` in the Prometheus text format on a loopback TCP address; anything
/// else gets 404. SwiftNIO's HTTP/1 parser reads the requests on the event loop: a client
/// that sends half a request holds a task for at most `requestTimeout`, never a thread, and
/// at most `maxClients` are served at once.
public final class MetricsServer: Sendable {
    static let requestTimeout = Duration.seconds(10)
    public static let maxClients = 16

    let host: String
    let port: Int
    let render: @Sendable () async -> String
    let group: any EventLoopGroup
    let clients = Atomic<Int>(0)
    let connections = ConnectionRegistry<HTTPServerRequestPart, HTTPServerResponsePart>()
    private let running = Mutex<(channel: any Channel, task: Task<Void, Never>)?>(nil)

    enum Admission: Sendable {
        case accepted(NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>)
        case refused
    }

    /// `address` is checked by the configuration (`MetricsAddress`): loopback only.
    public init(host: String, port: Int, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                render: @escaping @Sendable () async -> String) {
        self.host = host
        self.port = port
        self.group = group
        self.render = render
    }

    /// Binds and starts serving; returns the bound port (useful with port 0).
    @discardableResult
    public func start() async throws(ControlError) -> Int {
        let server: NIOAsyncChannel<Admission, Never>
        do {
            server = try await ServerBootstrap(group: group)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .bind(host: host, port: port) { channel in self.admit(channel) }
        } catch {
            throw ControlError("metrics: cannot listen on \(host):\(port): \(error)")
        }
        let bound = server.channel.localAddress?.port ?? port
        let task = Task { await self.accept(server) }
        running.withLock { $0 = (server.channel, task) }
        return bound
    }

    /// Closes the listener and every connection (see `ConnectionRegistry`), then waits for them.
    public func stop() async {
        guard let r = running.withLock({ r in defer { r = nil }; return r }) else { return }
        await connections.shutdown(listener: r.channel, acceptLoop: r.task)
    }

    func admit(_ channel: any Channel) -> EventLoopFuture<Admission> {
        channel.eventLoop.makeCompletedFuture {
            guard clients.add(1, ordering: .relaxed).newValue <= Self.maxClients else {
                clients.subtract(1, ordering: .relaxed)
                channel.close(promise: nil)
                return .refused
            }
            let conn: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>
            do {
                try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                conn = try NIOAsyncChannel(wrappingChannelSynchronously: channel)
            } catch {
                clients.subtract(1, ordering: .relaxed)
                throw error
            }
            guard connections.admit(conn) else {
                clients.subtract(1, ordering: .relaxed)
                Task { try? await conn.executeThenClose { _, _ in } }
                return .refused
            }
            return .accepted(conn)
        }
    }

    func accept(_ server: NIOAsyncChannel<Admission, Never>) async {
        try? await server.executeThenClose { inbound in
            try await withThrowingDiscardingTaskGroup { tasks in
                for try await admission in inbound {
                    guard case .accepted(let conn) = admission else { continue }
                    tasks.addTask {
                        guard self.connections.claim(conn) else { return }
                        defer {
                            self.clients.subtract(1, ordering: .relaxed)
                            self.connections.finished(conn)
                        }
                        try? await withThrowingTaskGroup(of: Void.self) { race in
                            race.addTask { try await self.serve(conn) }
                            race.addTask { try await Task.sleep(for: Self.requestTimeout) }
                            _ = try await race.next()
                            race.cancelAll()
                        }
                    }
                }
            }
        }
    }

    /// One request, one answer, then the connection closes.
    func serve(_ conn: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>) async throws {
        try await conn.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead?
            for try await part in inbound {
                switch part {
                case .head(let h): head = h
                case .body: continue
                case .end:
                    guard let h = head else { return }
                    let wanted = h.method == .GET && (h.uri == "/metrics" || h.uri.hasPrefix("/metrics?"))
                    let body = wanted ? await render() : ""
                    var headers = HTTPHeaders([("Content-Length", "\(body.utf8.count)"), ("Connection", "close")])
                    if wanted { headers.add(name: "Content-Type", value: "text/plain; version=0.0.4") }
                    try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: wanted ? .ok : .notFound, headers: headers)))
                    if !body.isEmpty { try await outbound.write(.body(.byteBuffer(ByteBuffer(string: body)))) }
                    try await outbound.write(.end(nil))
                    return
                }
            }
        }
    }
}
