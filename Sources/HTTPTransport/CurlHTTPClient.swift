import CCurl
import Foundation
import Synchronization

/// HTTP(S) over libcurl, on a thread of its own: one `curl_multi` loop carries every request
/// of the client, so connections (and their TLS sessions) are kept and reused across requests,
/// and no thread of the cooperative pool ever waits on the network.
///
/// A venue account gets one client: its requests share the account's connections. Callers
/// `await send(_:)`; the loop thread adds the request to the multi handle, drives every transfer
/// and resumes each caller when its answer (or failure) is complete.
public final class CurlHTTPClient: Sendable {
    public struct Options: Sendable {
        /// A PEM file of certificate authorities to trust instead of the system's (a test's fake).
        public var caFile: String?
        /// At most this many connections to one host (a venue's limits are per connection too).
        public var maxConnectionsPerHost: Int
        public var userAgent: String

        public init(caFile: String? = nil, maxConnectionsPerHost: Int = 8, userAgent: String = "BotRuntime") {
            self.caFile = caFile
            self.maxConnectionsPerHost = maxConnectionsPerHost
            self.userAgent = userAgent
        }
    }

    private struct Shared {
        var submitted: [CurlTransfer] = []
        var cancelled: [Int] = []
        var nextID = 0
        var closed = false
    }

    private let options: Options
    private let shared = Mutex(Shared())
    /// The multi handle: created here, then used only by the loop thread, except for
    /// `curl_multi_wakeup`, which libcurl allows from any thread.
    private nonisolated(unsafe) let multi: UnsafeMutableRawPointer
    private let stopped = Atomic<Bool>(false)

    private static let globalInit: Bool = { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK }()

    public init(options: Options = Options(), name: String = "http") {
        _ = Self.globalInit
        self.options = options
        multi = curl_multi_init()!
        _ = botruntime_curl_multi_set_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, options.maxConnectionsPerHost)
        let thread = Thread { [self] in loop() }
        thread.name = name
        thread.start()
    }

    /// Stops the loop: requests in flight end with `.cancelled`. The loop's thread holds the
    /// client until then, so an owner that is done with it calls this.
    public func close() {
        let first = shared.withLock { s -> Bool in
            defer { s.closed = true }
            return !s.closed
        }
        if first { curl_multi_wakeup(multi) }
    }

    /// Sends `request` and returns the answer, whatever its status; throws `HTTPError` when
    /// none came (see `HTTPError.neverSent` for whether the request may have been received).
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let id = shared.withLock { s -> Int in
            s.nextID += 1
            return s.nextID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { c in
                let t = CurlTransfer(request, id: id, continuation: c)
                // A task cancelled before this point has had its `onCancel` already, which the
                // loop may have taken before the transfer existed: refused here instead.
                guard !Task.isCancelled else {
                    return t.finish(.failure(t.error(.cancelled, "the caller's task was cancelled")))
                }
                let accepted = shared.withLock { s -> Bool in
                    guard !s.closed else { return false }
                    s.submitted.append(t)
                    return true
                }
                guard accepted else {
                    return t.finish(.failure(t.error(.cancelled, "the HTTP client is closed")))
                }
                curl_multi_wakeup(multi)
            }
        } onCancel: {
            shared.withLock { $0.cancelled.append(id) }
            curl_multi_wakeup(multi)
        }
    }

    // MARK: the loop thread

    private func loop() {
        var running: [Int: CurlTransfer] = [:]
        var byHandle: [UnsafeMutableRawPointer: CurlTransfer] = [:]
        while true {
            let (new, cancelled, closed) = shared.withLock { s in
                defer { s.submitted.removeAll(); s.cancelled.removeAll() }
                return (s.submitted, s.cancelled, s.closed)
            }
            for t in new {
                do {
                    try configure(t)
                    curl_multi_add_handle(multi, t.handle)
                    running[t.id] = t
                    byHandle[t.handle!] = t
                } catch let e as HTTPError {
                    t.release()
                    t.finish(.failure(e))
                } catch {}
            }
            for id in cancelled {
                guard let t = running.removeValue(forKey: id) else { continue }
                end(t, &byHandle, .failure(t.error(.cancelled, "the caller's task was cancelled")))
            }
            if closed {
                for t in running.values { end(t, &byHandle, .failure(t.error(.cancelled, "the HTTP client is closed"))) }
                curl_multi_cleanup(multi)
                stopped.store(true, ordering: .releasing)
                return
            }
            var active: Int32 = 0
            curl_multi_perform(multi, &active)
            var queued: Int32 = 0
            while let msg = curl_multi_info_read(multi, &queued) {
                guard msg.pointee.msg == CURLMSG_DONE, let h = msg.pointee.easy_handle, let t = byHandle[h] else { continue }
                let code = msg.pointee.data.result
                running[t.id] = nil
                end(t, &byHandle, result(t, code))
            }
            curl_multi_poll(multi, nil, 0, 1000, nil)
        }
    }

    private func end(_ t: CurlTransfer, _ byHandle: inout [UnsafeMutableRawPointer: CurlTransfer], _ r: Result<HTTPResponse, HTTPError>) {
        if let h = t.handle {
            curl_multi_remove_handle(multi, h)
            byHandle[h] = nil
        }
        t.release()
        t.finish(r)
        Unmanaged.passUnretained(t).release()
    }

    private func result(_ t: CurlTransfer, _ code: CURLcode) -> Result<HTTPResponse, HTTPError> {
        let detail = t.errorBuffer.pointee == 0 ? String(cString: curl_easy_strerror(code)) : String(cString: t.errorBuffer)
        switch code {
        case CURLE_OK:
            var status = 0
            _ = botruntime_curl_get_long(t.handle, CURLINFO_RESPONSE_CODE, &status)
            return .success(HTTPResponse(status: status, headers: t.headers, body: t.received))
        case CURLE_ABORTED_BY_CALLBACK where t.resendRefused:
            return .failure(t.error(.transfer, "the connection closed after the request went out, before any answer: "
                + "it may have been received, and was not sent again"))
        case CURLE_OPERATION_TIMEDOUT:
            return .failure(t.error(.timeout, detail))
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_CONNECT:
            return .failure(t.error(.connect, detail))
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
             CURLE_SSL_CACERT_BADFILE:
            return .failure(t.error(.tls, detail))
        default:
            return .failure(t.error(.transfer, detail))
        }
    }

    /// The easy handle of one transfer: every option the client relies on, set explicitly.
    private func configure(_ t: CurlTransfer) throws {
        guard let h = curl_easy_init() else { throw t.error(.transfer, "curl_easy_init failed") }
        t.handle = h
        // Held by the loop until `end`: the callbacks get it as an unretained pointer.
        let me = Unmanaged.passRetained(t).toOpaque()
        var ok = true
        func set(_ c: CURLcode) { if c != CURLE_OK { ok = false } }
        let r = t.request
        set(botruntime_curl_set_string(h, CURLOPT_URL, r.url))
        set(botruntime_curl_set_string(h, CURLOPT_PROTOCOLS_STR, "http,https"))
        set(botruntime_curl_set_long(h, CURLOPT_NOSIGNAL, 1))
        set(botruntime_curl_set_long(h, CURLOPT_TCP_NODELAY, 1))
        set(botruntime_curl_set_long(h, CURLOPT_FOLLOWLOCATION, 0))
        set(botruntime_curl_set_string(h, CURLOPT_USERAGENT, options.userAgent))
        let ms = Int(r.timeout.components.seconds * 1000 + r.timeout.components.attoseconds / 1_000_000_000_000_000)
        set(botruntime_curl_set_long(h, CURLOPT_TIMEOUT_MS, max(1, ms)))
        set(botruntime_curl_set_long(h, CURLOPT_CONNECTTIMEOUT_MS, max(1, min(ms, 5000))))
        if let ca = options.caFile { set(botruntime_curl_set_string(h, CURLOPT_CAINFO, ca)) }
        set(botruntime_curl_set_long(h, CURLOPT_SSL_VERIFYPEER, 1))
        set(botruntime_curl_set_long(h, CURLOPT_SSL_VERIFYHOST, 2))
        set(botruntime_curl_set_pointer(h, CURLOPT_ERRORBUFFER, t.errorBuffer))
        set(botruntime_curl_set_write(h, CURLOPT_WRITEFUNCTION, curlWriteBody))
        set(botruntime_curl_set_pointer(h, CURLOPT_WRITEDATA, me))
        set(botruntime_curl_set_write(h, CURLOPT_HEADERFUNCTION, curlWriteHeader))
        set(botruntime_curl_set_pointer(h, CURLOPT_HEADERDATA, me))
        set(botruntime_curl_set_prereq(h, curlBeforeSend))
        set(botruntime_curl_set_pointer(h, CURLOPT_PREREQDATA, me))
        var list: UnsafeMutablePointer<curl_slist>?
        // No 100-continue round trip before a body: the venues answer at once.
        for line in r.headers.map({ "\($0.name): \($0.value)" }) + ["Expect:"] { list = curl_slist_append(list, line) }
        t.headerList = list
        set(botruntime_curl_set_slist(h, CURLOPT_HTTPHEADER, list))
        switch r.method {
        case .get:
            set(botruntime_curl_set_long(h, CURLOPT_HTTPGET, 1))
        case .post, .put, .delete:
            if r.method != .post { set(botruntime_curl_set_string(h, CURLOPT_CUSTOMREQUEST, r.method.rawValue)) }
            set(botruntime_curl_set_long(h, CURLOPT_POST, 1))
            let body = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, r.body.count), alignment: 1)
            r.body.withUnsafeBytes { body.copyMemory(from: $0) }
            t.body = body
            set(botruntime_curl_set_long(h, CURLOPT_POSTFIELDSIZE, r.body.count))
            set(botruntime_curl_set_pointer(h, CURLOPT_POSTFIELDS, body.baseAddress))
        }
        guard ok else {
            Unmanaged<CurlTransfer>.fromOpaque(me).release()
            throw t.error(.transfer, "libcurl refused an option (is libcurl older than 7.85?)")
        }
    }
}
