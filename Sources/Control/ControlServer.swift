import Commands
import Foundation
import Logging
import Store
import NIOCore
import NIOPosix
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

public struct ControlError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ d: String) { description = d }
}

/// The control socket: JSON lines over a Unix domain socket in a private folder (0700), the
/// socket itself 0600, each peer's uid checked (SO_PEERCRED) against the daemon's own and the
/// allow-list. Lines are at most 64 KiB; garbage, oversize and half-written lines get an
/// error response and never affect the daemon.
///
/// SwiftNIO serves it from its event loop: a connection is a task, not a thread, and at most
/// `maxClients` are served at once; the next one is told the daemon is busy and closed. When
/// the process runs out of file descriptors, accepting pauses (NIO's accept back-off) instead
/// of failing: clients wait in the listen queue, and the daemon goes on.
public final class ControlServer: Sendable {
    public static let maxLine = 64 * 1024
    public static let defaultMaxClients = 64
    /// How often a subscriber's stream looks for new events.
    static let streamInterval = Duration.milliseconds(250)

    public let path: String
    let allowed: Set<UInt32>
    let maxClients: Int
    let router: CommandRouter
    let logger: Logger
    let group: any EventLoopGroup
    let clients = Atomic<Int>(0)
    let connections = ConnectionRegistry<ByteBuffer, ByteBuffer>()
    private let running = Mutex<Running?>(nil)
    /// Refusals since the last one logged: a flood is logged every few seconds, not per client.
    private let refusals = Mutex<(logged: ContinuousClock.Instant?, since: Int)>((nil, 0))

    struct Running: Sendable {
        var channel: any Channel
        var task: Task<Void, Never>
    }

    /// What the accept loop gets for each connection: one to serve, or one already answered.
    enum Admission: Sendable {
        case accepted(NIOAsyncChannel<ByteBuffer, ByteBuffer>, Caller)
        case refused
    }

    /// `allowOwnUID` is false only in tests of the peer check.
    public init(path: String, allowUIDs: [UInt32], maxClients: Int = ControlServer.defaultMaxClients, router: CommandRouter,
                logger: Logger, allowOwnUID: Bool = true, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.path = path
        allowed = Set(allowUIDs + (allowOwnUID ? [geteuid()] : []))
        self.maxClients = maxClients
        self.router = router
        self.logger = logger
        self.group = group
    }

    /// Clients admitted and not yet finished.
    public var clientCount: Int { connections.count }

    /// Creates the folder and socket and starts accepting connections.
    public func start() async throws(ControlError) {
        let folder = (path as NSString).deletingLastPathComponent
        try Self.preparePrivateFolder(folder.isEmpty ? "." : folder)
        guard path.utf8.count < 108 else { throw ControlError("\(path): socket path is longer than 107 bytes") }
        if FileManager.default.fileExists(atPath: path) {
            if let fd = try? ControlClient.connect(path) {
                close(fd)
                throw ControlError("\(path): another daemon is already listening on this socket")
            }
            unlink(path)
        }
        let server: NIOAsyncChannel<Admission, Never>
        // The socket is created 0600: no window in which another user could connect.
        let old = umask(0o177)
        do {
            server = try await ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 256)
                // A client may send its last line and shut down its side; it still gets answers.
                .childChannelOption(.allowRemoteHalfClosure, value: true)
                .bind(unixDomainSocketPath: path) { channel in self.admit(channel) }
        } catch {
            umask(old)
            throw ControlError("\(path): cannot listen: \(error)")
        }
        umask(old)
        chmod(path, 0o600)
        let task = Task { await self.accept(server) }
        running.withLock { $0 = Running(channel: server.channel, task: task) }
        logger.info("control socket listening", metadata: ["path": "\(path)", "max_clients": "\(maxClients)"])
    }

    /// The folder must be ours and private; it is created 0700 if missing.
    static func preparePrivateFolder(_ folder: String) throws(ControlError) {
        var st = stat()
        if stat(folder, &st) != 0 {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch { throw ControlError("\(folder): cannot create the socket folder: \(error.localizedDescription)") }
            guard stat(folder, &st) == 0 else { throw ControlError("\(folder): cannot stat the socket folder") }
        }
        guard st.st_uid == geteuid() else {
            throw ControlError("\(folder): the socket folder belongs to uid \(st.st_uid), not to this daemon (uid \(geteuid()))")
        }
        if st.st_mode & 0o077 != 0 {
            throw ControlError("\(folder): the socket folder must be private (mode 0700), it is \(String(st.st_mode & 0o777, radix: 8))")
        }
    }

    /// Stops accepting, ends every connection (subscribers too) and removes the socket.
    /// Connections are closed, not their tasks cancelled (see `ConnectionRegistry`).
    public func stop() async {
        guard let r = running.withLock({ r in defer { r = nil }; return r }) else { return }
        await connections.shutdown(listener: r.channel, acceptLoop: r.task)
        unlink(path)
    }

    /// Runs on the new connection's event loop, before anything is read from it.
    func admit(_ channel: any Channel) -> EventLoopFuture<Admission> {
        PeerCredentials.read(channel).flatMapThrowing { peer -> Admission in
            guard let peer, self.allowed.contains(peer.uid) else {
                self.logRefusal("not allowed", ["uid": "\(peer.map { "\($0.uid)" } ?? "unknown")"])
                Self.refuse(channel, CommandError("forbidden", "uid \(peer.map { "\($0.uid)" } ?? "unknown") may not use this socket"))
                return .refused
            }
            let n = self.clients.add(1, ordering: .relaxed).newValue
            guard n <= self.maxClients else {
                self.clients.subtract(1, ordering: .relaxed)
                self.logRefusal("too many clients", ["max_clients": "\(self.maxClients)"])
                Self.refuse(channel, CommandError("busy", "botd is serving \(self.maxClients) control clients, its limit ([control] max_clients); try again"))
                return .refused
            }
            let conn: NIOAsyncChannel<ByteBuffer, ByteBuffer>
            do { conn = try NIOAsyncChannel(wrappingChannelSynchronously: channel) } catch {
                self.clients.subtract(1, ordering: .relaxed)
                throw error
            }
            guard self.connections.admit(conn) else {
                // Stopping: finished here, never handed on.
                self.clients.subtract(1, ordering: .relaxed)
                Task { try? await conn.executeThenClose { _, _ in } }
                return .refused
            }
            return .accepted(conn, .operator(uid: peer.uid))
        }
    }

    func logRefusal(_ reason: String, _ metadata: Logger.Metadata) {
        let now = ContinuousClock.now
        let skipped: Int? = refusals.withLock { r in
            if let last = r.logged, last.duration(to: now) < .seconds(5) {
                r.since += 1
                return nil
            }
            defer { r = (now, 0) }
            return r.since
        }
        guard let skipped else { return }
        var m = metadata
        m["reason"] = "\(reason)"
        if skipped > 0 { m["refused_since_last_report"] = "\(skipped)" }
        logger.warning("control connection refused", metadata: m)
    }

    /// Answers once and closes; nothing the peer sent is read.
    static func refuse(_ channel: any Channel, _ error: CommandError) {
        channel.writeAndFlush(ByteBuffer(string: CommandResponse.failure(.null, error) + "\n")).whenComplete { _ in
            channel.close(promise: nil)
        }
    }

    /// Serves every admitted connection in a task of its own until the server closes.
    func accept(_ server: NIOAsyncChannel<Admission, Never>) async {
        do {
            try await server.executeThenClose { inbound in
                try await withThrowingDiscardingTaskGroup { tasks in
                    for try await admission in inbound {
                        guard case .accepted(let conn, let caller) = admission else { continue }
                        tasks.addTask {
                            guard self.connections.claim(conn) else { return }
                            defer {
                                self.clients.subtract(1, ordering: .relaxed)
                                self.connections.finished(conn)
                            }
                            await self.serve(conn, caller: caller)
                        }
                    }
                }
            }
        } catch {
            logger.error("control socket stopped accepting", metadata: ["error": "\(error)"])
        }
    }

    /// One connection: its request lines in order, one answer each; after `subscribe`, the
    /// event stream until the client leaves.
    func serve(_ conn: NIOAsyncChannel<ByteBuffer, ByteBuffer>, caller: Caller) async {
        do {
            try await conn.executeThenClose { inbound, outbound in
                var framer = LineFramer(maxLine: Self.maxLine)
                try await withThrowingTaskGroup(of: Void.self) { stream in
                    var subscribed = false
                    for try await buffer in inbound {
                        // A subscriber only listens; what it sends is ignored.
                        for frame in framer.feed(buffer.readableBytesView) where !subscribed {
                            let response = await respond(frame, caller)
                            try await outbound.write(ByteBuffer(string: response.line + "\n"))
                            if let after = response.subscribedAfter {
                                subscribed = true
                                stream.addTask { try await self.stream(to: outbound, after: after, caller: caller) }
                            }
                        }
                    }
                    if framer.hasPartialLine && !subscribed {
                        let e = CommandError("bad_request", "the connection closed in the middle of a line")
                        try await outbound.write(ByteBuffer(string: CommandResponse.failure(.null, e) + "\n"))
                    }
                    stream.cancelAll()
                }
            }
        } catch {
            // The peer left or the server is stopping: nothing is owed to anyone.
        }
    }

    func respond(_ frame: LineFramer.Frame, _ caller: Caller) async -> CommandResponse {
        switch frame {
        case .oversize:
            CommandResponse(line: CommandResponse.failure(.null, CommandError("line_too_long", "a request line is at most \(Self.maxLine) bytes")))
        case .line(let bytes):
            await router.respond(to: bytes, caller: caller)
        }
    }

    /// Streams the logged events `caller` may see as they are committed, without polling,
    /// until it leaves (its task is cancelled) or the store closes.
    func stream(to outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>, after start: Int, caller: Caller) async throws {
        for try await (seq, event) in await router.follow(after: Int64(start), caller: caller) {
            try await outbound.write(ByteBuffer(string: CommandRouter.eventLine(LoggedEvent(seq: seq, event: event)) + "\n"))
        }
    }
}
