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
    /// Times libcurl was about to send the request; and whether a second send was refused.
    var sends = 0
    var resendRefused = false
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

/// Called by libcurl before it sends the request, and again before any resend: libcurl sends a
/// request again by itself, on a new connection, when the kept-alive connection it went out on
/// closed before any byte of an answer (lib/transfer.c, `Curl_retry_request`, for every HTTP
/// method). Such a request may well have been received and carried out; a second copy of an
/// order is a second order. So only a request that says it is `resendable` may go again;
/// anything else ends there (the caller learns the outcome is unknown, and can ask the venue).
let curlBeforeSend: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutablePointer<CChar>?, UnsafeMutablePointer<CChar>?, Int32,
                                    Int32) -> Int32 = { user, _, _, _, _ in
    guard let user else { return CURL_PREREQFUNC_OK }
    let t = Unmanaged<CurlTransfer>.fromOpaque(user).takeUnretainedValue()
    t.sends += 1
    guard t.sends > 1, !t.request.resendable else { return CURL_PREREQFUNC_OK }
    t.resendRefused = true
    return CURL_PREREQFUNC_ABORT
}
