import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// A fake venue's network presence: a CA and server certificate made for this run, the CA
/// written to a temporary file for clients to trust, a TLS listener on 127.0.0.1 (HTTP and
/// WebSocket on one port the OS chose) serving `service`, and a housekeeping tick.
///
/// The tick runs on an event loop rather than in a Task: a test blocking the concurrency
/// pool's few threads (libcurl does) must not stop a fake's clock-driven work.
public final class FakeHost: Sendable {
    public let port: Int
    /// The PEM file of the CA that signed the server's certificate.
    public let caFile: String
    private let server: FakeServer
    private let housekeeping: RepeatedTask
    private let loop: any EventLoop
    private let folder: URL

    private init(port: Int, caFile: String, server: FakeServer, housekeeping: RepeatedTask, loop: any EventLoop, folder: URL) {
        self.port = port
        self.caFile = caFile
        self.server = server
        self.housekeeping = housekeeping
        self.loop = loop
        self.folder = folder
    }

    /// Makes the certificates, writes the CA file, starts listening, and calls `tick` every
    /// `tickEveryMs` milliseconds of real time until `stop`. `name` labels the CA and its folder.
    public static func start(_ service: any FakeService, name: String, tickEveryMs: Int64 = 10,
                             tick: @escaping @Sendable () -> Void) async throws -> FakeHost {
        let pki = try TestPKI.make(name: name)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(name.lowercased())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let caFile = folder.appendingPathComponent("ca.pem")
        try pki.caPEM.write(to: caFile, atomically: true, encoding: .utf8)
        let tls = try NIOSSLContext(configuration: .makeServerConfiguration(
            certificateChain: [.certificate(pki.serverCertificate)], privateKey: .privateKey(pki.serverKey)))
        let server = FakeServer(service: service, tls: tls, group: MultiThreadedEventLoopGroup.singleton)
        let port: Int
        do { port = try await server.start() } catch {
            try? FileManager.default.removeItem(at: folder)
            throw error
        }
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let housekeeping = loop.scheduleRepeatedTask(initialDelay: .milliseconds(tickEveryMs),
                                                     delay: .milliseconds(tickEveryMs)) { _ in tick() }
        return FakeHost(port: port, caFile: caFile.path, server: server, housekeeping: housekeeping, loop: loop, folder: folder)
    }

    /// Stops the tick, closes the listener and every connection, and removes the CA file.
    public func stop() async {
        let cancelled = loop.makePromise(of: Void.self)
        housekeeping.cancel(promise: cancelled)
        try? await cancelled.futureResult.get()
        await server.stop()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Closes every connection (HTTP keep-alive and WebSocket alike) without a goodbye;
    /// returns how many there were.
    @discardableResult
    public func dropAll() -> Int { server.dropAll() }
}
