import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The client side: one request, one response line. Plain blocking sockets: botctl sends one
/// command and exits.
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

    /// Writes a whole line (a newline is added); false when the peer is gone.
    @discardableResult
    public static func send(_ fd: Int32, _ line: String) -> Bool {
        var bytes = Array(line.utf8)
        bytes.append(0x0A)
        var off = 0
        while off < bytes.count {
            // MSG_NOSIGNAL: a peer that hung up must give EPIPE here, not SIGPIPE.
            let n = bytes[off...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            off += n
        }
        return true
    }

    /// Sends one command and returns the parsed response object.
    public static func request(_ path: String, cmd: String, args: JSONValue = .object([]), id: Int = 1) throws(ControlError) -> JSONValue {
        let fd = try connect(path)
        defer { close(fd) }
        let line = JSONValue.object([("id", JSONValue(id)), ("cmd", .string(cmd)), ("args", args)]).text
        // A daemon that refuses the caller answers and closes at once, maybe before the request
        // is written: read what it said before concluding it just hung up.
        let sent = send(fd, line)
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
