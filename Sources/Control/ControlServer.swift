import CPeerCred
import Foundation
import Logging
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
/// Sockets block, so the accept loop and each connection run on threads of their own, off
/// the cooperative pool; a request is handed to the async router and the thread waits.
public final class ControlServer: Sendable {
    public static let maxLine = 64 * 1024
    public let path: String
    let allowed: Set<UInt32>
    let router: CommandRouter
    let logger: Logger
    private let listener = Mutex<Int32>(-1)

    /// `allowOwnUID` is false only in tests of the peer check.
    public init(path: String, allowUIDs: [UInt32], router: CommandRouter, logger: Logger, allowOwnUID: Bool = true) {
        self.path = path
        allowed = Set(allowUIDs + (allowOwnUID ? [geteuid()] : []))
        self.router = router
        self.logger = logger
    }

    /// Creates the folder and socket and starts accepting connections.
    public func start() throws(ControlError) {
        let folder = (path as NSString).deletingLastPathComponent
        try Self.preparePrivateFolder(folder.isEmpty ? "." : folder)
        guard path.utf8.count < 108 else { throw ControlError("\(path): socket path is longer than 107 bytes") }
        if FileManager.default.fileExists(atPath: path) {
            if (try? ControlClient.connect(path)) != nil {
                throw ControlError("\(path): another daemon is already listening on this socket")
            }
            unlink(path)
        }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ControlError("socket: \(String(cString: strerror(errno)))") }
        var addr = ControlClient.address(path)
        // The socket is created 0600: no window in which another user could connect.
        let old = umask(0o177)
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        umask(old)
        guard bound == 0 else {
            close(fd)
            throw ControlError("\(path): bind failed: \(String(cString: strerror(errno)))")
        }
        chmod(path, 0o600)
        guard listen(fd, 64) == 0 else {
            close(fd)
            throw ControlError("\(path): listen failed: \(String(cString: strerror(errno)))")
        }
        listener.withLock { $0 = fd }
        let t = Thread { [self] in acceptLoop(fd) }
        t.name = "botd-control-accept"
        t.start()
        logger.info("control socket listening", metadata: ["path": "\(path)"])
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

    public func stop() {
        let fd = listener.withLock { fd in defer { fd = -1 }; return fd }
        guard fd >= 0 else { return }
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
        unlink(path)
    }

    func acceptLoop(_ fd: Int32) {
        while true {
            let conn = accept(fd, nil, nil)
            if conn < 0 {
                if errno == EINTR { continue }
                return  // closed by stop()
            }
            var uid: UInt32 = 0
            var pid: Int32 = 0
            guard botruntime_peer_credentials(conn, &uid, &pid) == 0, allowed.contains(uid) else {
                logger.warning("control connection refused", metadata: ["uid": "\(uid)"])
                Self.send(conn, CommandRouter.failure(.null, CommandError("forbidden", "uid \(uid) may not use this socket")))
                close(conn)
                continue
            }
            let caller = Caller(name: "uid:\(uid)")
            let t = Thread { [self] in serve(conn, caller: caller) }
            t.name = "botd-control-conn"
            t.start()
        }
    }

    func serve(_ fd: Int32, caller: Caller) {
        defer { close(fd) }
        var line: [UInt8] = []
        var oversize = false
        var chunk = [UInt8](repeating: 0, count: 8192)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 {
                if !line.isEmpty || oversize {
                    Self.send(fd, CommandRouter.failure(.null, CommandError("bad_request", "the connection closed in the middle of a line")))
                }
                return
            }
            for b in chunk[0..<n] {
                if b == 0x0A {
                    let response = oversize
                        ? CommandRouter.failure(.null, CommandError("line_too_long", "a request line is at most \(Self.maxLine) bytes"))
                        : handle(line, caller)
                    guard Self.send(fd, response) else { return }
                    if !oversize, response.contains(#""subscribed":true"#), let after = JSONValue.parse(Array(response.utf8))?["result"]?["after"] {
                        stream(fd, after: after.intValue ?? 0)
                        return
                    }
                    line.removeAll(keepingCapacity: true)
                    oversize = false
                } else if !oversize {
                    line.append(b)
                    if line.count > Self.maxLine {
                        oversize = true
                        line.removeAll()
                    }
                }
            }
        }
    }

    /// Streams supervisor events to a subscriber until it disconnects.
    func stream(_ fd: Int32, after start: Int) {
        var seen = start
        while listener.withLock({ $0 }) >= 0 {
            let result = Mutex<([String], Int)>(([], seen))
            let done = DispatchSemaphore(value: 0)
            let router = router
            let from = seen
            Task {
                let r = await router.eventLines(after: from)
                result.withLock { $0 = r }
                done.signal()
            }
            done.wait()
            let (lines, last) = result.withLock { $0 }
            seen = last
            for l in lines { guard Self.send(fd, l) else { return } }
            // A closed peer shows up as a readable socket with nothing to read.
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&p, 1, 250) > 0 {
                var b: UInt8 = 0
                if read(fd, &b, 1) <= 0 { return }
            }
        }
    }

    /// Runs the async router from this thread and waits for its answer.
    func handle(_ line: [UInt8], _ caller: Caller) -> String {
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) {
            return CommandRouter.failure(.null, CommandError("bad_request", "empty line"))
        }
        let result = Mutex<String?>(nil)
        let done = DispatchSemaphore(value: 0)
        let router = router
        Task {
            let r = await router.handle(line: line, caller: caller)
            result.withLock { $0 = r }
            done.signal()
        }
        done.wait()
        return result.withLock { $0 } ?? ""
    }

    @discardableResult
    static func send(_ fd: Int32, _ line: String) -> Bool {
        var bytes = Array(line.utf8)
        bytes.append(0x0A)
        var off = 0
        while off < bytes.count {
            // MSG_NOSIGNAL: a client that hung up must get EPIPE here, not kill the daemon
            // with SIGPIPE.
            let n = bytes[off...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            off += n
        }
        return true
    }
}

/// The client side: one request, one response line.
public enum ControlClient {
    static func address(_ path: String) -> sockaddr_un {
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &addr.sun_path) { buf in
            let bytes = Array(path.utf8.prefix(buf.count - 1))
            buf.copyBytes(from: bytes)
            buf[bytes.count] = 0
        }
        return addr
    }

    /// A connected socket, or an error that says whether the daemon is not running.
    public static func connect(_ path: String) throws(ControlError) -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ControlError("socket: \(String(cString: strerror(errno)))") }
        var addr = address(path)
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard rc == 0 else {
            let e = errno
            close(fd)
            if e == ENOENT || e == ECONNREFUSED {
                throw ControlError("botd is not running (no daemon listening on \(path)); start it with: botd --config runtime.toml")
            }
            throw ControlError("\(path): cannot connect: \(String(cString: strerror(e)))")
        }
        return fd
    }

    /// Sends one command and returns the parsed response object.
    public static func request(_ path: String, cmd: String, args: JSONValue = .object([]), id: Int = 1) throws(ControlError) -> JSONValue {
        let fd = try connect(path)
        defer { close(fd) }
        let line = JSONValue.object([("id", JSONValue(id)), ("cmd", .string(cmd)), ("args", args)]).text
        // A daemon that refuses the caller answers and closes at once, maybe before the request
        // is written: read what it said before concluding it just hung up.
        let sent = ControlServer.send(fd, line)
        var response: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            response += chunk[0..<n]
            if response.last == 0x0A { break }
        }
        if response.isEmpty && !sent { throw ControlError("\(path): the daemon closed the connection") }
        guard let value = JSONValue.parse(Array(response.dropLast(response.last == 0x0A ? 1 : 0))) else {
            throw ControlError("\(path): the daemon sent a malformed response")
        }
        return value
    }
}
