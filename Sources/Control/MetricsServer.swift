import Foundation
import Runtime
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Serves `GET /metrics` in the Prometheus text format on a loopback TCP address. Anything
/// else gets 404; the server reads at most 8 KiB of a request and answers one per connection.
public final class MetricsServer: Sendable {
    let host: String
    let port: UInt16
    let render: @Sendable () async -> String
    private let listener = Mutex<Int32>(-1)

    /// `address` is `127.0.0.1:PORT` (loopback only: metrics are not for the network).
    public init(address: String, render: @escaping @Sendable () async -> String) throws(ControlError) {
        let parts = address.split(separator: ":")
        guard parts.count == 2, let port = UInt16(parts[1]), parts[0] == "127.0.0.1" || parts[0] == "localhost" else {
            throw ControlError("metrics.address must be 127.0.0.1:PORT (got '\(address)')")
        }
        host = "127.0.0.1"
        self.port = port
        self.render = render
    }

    /// Binds and starts serving; returns the bound port (useful with port 0).
    @discardableResult
    public func start() throws(ControlError) -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ControlError("metrics: socket failed") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = port.bigEndian
        addr.sin_addr.s_addr = inet_addr(host)
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0, listen(fd, 16) == 0 else {
            let e = String(cString: strerror(errno))
            close(fd)
            throw ControlError("metrics: cannot listen on \(host):\(port): \(e)")
        }
        var bound = sockaddr_in()
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &bound) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        listener.withLock { $0 = fd }
        let t = Thread { [self] in loop(fd) }
        t.name = "botd-metrics"
        t.start()
        return UInt16(bigEndian: bound.sin_port)
    }

    public func stop() {
        let fd = listener.withLock { fd in defer { fd = -1 }; return fd }
        guard fd >= 0 else { return }
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }

    func loop(_ fd: Int32) {
        while true {
            let conn = accept(fd, nil, nil)
            if conn < 0 {
                if errno == EINTR { continue }
                return
            }
            var buf = [UInt8](repeating: 0, count: 8192)
            let n = buf.withUnsafeMutableBytes { read(conn, $0.baseAddress, $0.count) }
            let request = n > 0 ? String(decoding: buf[0..<n], as: UTF8.self) : ""
            let response: String
            if request.hasPrefix("GET /metrics ") || request.hasPrefix("GET /metrics?") {
                let body = wait(render)
                response = "HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
            } else {
                response = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            }
            let bytes = Array(response.utf8)
            var off = 0
            while off < bytes.count {
                let w = bytes[off...].withUnsafeBytes { Glibc.send(conn, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if w <= 0 { break }
                off += w
            }
            close(conn)
        }
    }

    func wait(_ body: @escaping @Sendable () async -> String) -> String {
        let result = Mutex<String>("")
        let done = DispatchSemaphore(value: 0)
        Task {
            let r = await body()
            result.withLock { $0 = r }
            done.signal()
        }
        done.wait()
        return result.withLock { $0 }
    }
}
