import CCurl
import Foundation

/// One request in flight: its easy handle, the buffers libcurl writes into and reads from, and
/// the caller waiting for it. Touched only by the client's thread once submitted.
final class CurlTransfer: @unchecked Sendable {
    let request: HTTPRequest
    let id: Int
    var continuation: CheckedContinuation<HTTPResponse, any Error>?
    var handle: UnsafeMutableRawPointer?
    var headerList: UnsafeMutablePointer<curl_slist>?
    /// The body, copied where libcurl can read it until the transfer ends.
    var body: UnsafeMutableRawBufferPointer?
    var received: [UInt8] = []
    var headers: [String: String] = [:]
    /// libcurl's explanation of a failure, written where libcurl was told (a fixed address).
    let errorBuffer: UnsafeMutablePointer<CChar> = {
        let p = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE))
        p.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        return p
    }()

    init(_ request: HTTPRequest, id: Int, continuation: CheckedContinuation<HTTPResponse, any Error>) {
        self.request = request
        self.id = id
        self.continuation = continuation
    }

    deinit { errorBuffer.deallocate() }

    /// Hands the caller its answer (once: a transfer cancelled while finishing is answered by
    /// whichever comes first).
    func finish(_ result: Result<HTTPResponse, HTTPError>) {
        guard let c = continuation else { return }
        continuation = nil
        c.resume(with: result.mapError { $0 as any Error })
    }

    func release() {
        if let handle { curl_easy_cleanup(handle) }
        handle = nil
        if let headerList { curl_slist_free_all(headerList) }
        headerList = nil
        body?.deallocate()
        body = nil
    }

    func error(_ kind: HTTPError.Kind, _ detail: String) -> HTTPError {
        var d = detail
        // libcurl's messages name hosts, not queries; make sure of it.
        if let q = request.url.firstIndex(of: "?") {
            d = d.replacingOccurrences(of: String(request.url[q...]), with: "?…")
        }
        return HTTPError(kind, method: request.method.rawValue, url: request.redactedURL, detail: d)
    }
}

// The C callbacks: `userdata` is the transfer, unretained (the client holds it meanwhile).
let curlWriteBody: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = { data, size, count, user in
    guard let data, let user else { return 0 }
    let t = Unmanaged<CurlTransfer>.fromOpaque(user).takeUnretainedValue()
    let n = size * count
    data.withMemoryRebound(to: UInt8.self, capacity: n) { t.received.append(contentsOf: UnsafeBufferPointer(start: $0, count: n)) }
    return n
}

let curlWriteHeader: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = { data, size, count, user in
    guard let data, let user else { return 0 }
    let t = Unmanaged<CurlTransfer>.fromOpaque(user).takeUnretainedValue()
    let n = size * count
    let line = data.withMemoryRebound(to: UInt8.self, capacity: n) { String(decoding: UnsafeBufferPointer(start: $0, count: n), as: UTF8.self) }
    if line.hasPrefix("HTTP/") {
        // A new answer (after a 100 Continue or a redirect): only the last one's headers count.
        t.headers.removeAll()
    } else if let colon = line.firstIndex(of: ":") {
        let name = line[..<colon].lowercased()
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        t.headers[name] = value
    }
    return n
}
