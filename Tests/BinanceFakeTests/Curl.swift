import CCurl
import FakeKit
import Foundation

/// An answer as libcurl received it, headers included.
struct CurlAnswer: Sendable {
    let status: Int
    let body: String
    /// Header names lowercased; of one repeated, the last.
    let headers: [String: String]
    var json: JSON? { JSON.parse(body) }
    /// Binance's error `code` (an integer), if the body is an error.
    var code: Int? { json?["code"]?.string.flatMap { Int($0) } }
    var msg: String { json?.s("msg") ?? "" }
    func header(_ name: String) -> String? { headers[name.lowercased()] }
    var usedWeight: Int? { header("X-MBX-USED-WEIGHT-1M").flatMap { Int($0) } }
    var retryAfter: Int? { header("Retry-After").flatMap { Int($0) } }
}

struct CurlFailure: Error, CustomStringConvertible {
    let code: Int
    let message: String
    var description: String { "curl \(code): \(message)" }
    var timedOut: Bool { code == Int(CURLE_OPERATION_TIMEDOUT.rawValue) }
}

/// HTTPS requests with libcurl, one easy handle per request, trusting only the fake's CA.
///
/// `curl_easy_perform` blocks, so each request runs on a thread of its own rather than on
/// one of the few threads Swift's concurrency pool has on a two-core machine.
enum Curl {
    private static let globalInit: Void = { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()

    static func perform(_ method: String, _ url: String, headers: [(String, String)] = [], body: String? = nil,
                        caFile: String, timeoutMs: Int = 5000) async throws -> CurlAnswer {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<CurlAnswer, any Error>) in
            Thread.detachNewThread {
                c.resume(with: Result {
                    try performBlocking(method, url, headers: headers, body: body, caFile: caFile, timeoutMs: timeoutMs)
                })
            }
        }
    }

    private final class Sink {
        var bytes: [UInt8] = []
    }

    private typealias Callback = @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int

    static func performBlocking(_ method: String, _ url: String, headers: [(String, String)], body: String?,
                                caFile: String, timeoutMs: Int) throws -> CurlAnswer {
        _ = globalInit
        guard let h = curl_easy_init() else { throw CurlFailure(code: -1, message: "curl_easy_init failed") }
        defer { curl_easy_cleanup(h) }
        _ = url.withCString { botruntime_curl_set_string(h, CURLOPT_URL, $0) }
        _ = caFile.withCString { botruntime_curl_set_string(h, CURLOPT_CAINFO, $0) }
        // Only the fake's CA: not the system's bundle as well.
        _ = botruntime_curl_set_string(h, CURLOPT_CAPATH, nil)
        _ = botruntime_curl_set_long(h, CURLOPT_TIMEOUT_MS, timeoutMs)
        _ = botruntime_curl_set_long(h, CURLOPT_NOSIGNAL, 1)
        _ = method.withCString { botruntime_curl_set_string(h, CURLOPT_CUSTOMREQUEST, $0) }
        if let body {
            _ = botruntime_curl_set_long(h, CURLOPT_POSTFIELDSIZE, body.utf8.count)
            _ = body.withCString { botruntime_curl_set_string(h, CURLOPT_COPYPOSTFIELDS, $0) }
        }
        var list: UnsafeMutablePointer<curl_slist>?
        for (k, v) in headers { list = curl_slist_append(list, "\(k): \(v)") }
        defer { curl_slist_free_all(list) }
        _ = botruntime_curl_set_slist(h, CURLOPT_HTTPHEADER, list)

        let sink = Sink(), headerSink = Sink()
        let callback: Callback = { data, size, count, context in
            guard let data, let context else { return 0 }
            let sink = Unmanaged<Sink>.fromOpaque(context).takeUnretainedValue()
            data.withMemoryRebound(to: UInt8.self, capacity: size * count) {
                sink.bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: size * count))
            }
            return size * count
        }
        _ = botruntime_curl_set_write(h, CURLOPT_WRITEFUNCTION, callback)
        _ = botruntime_curl_set_write(h, CURLOPT_HEADERFUNCTION, callback)
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        let rc = withExtendedLifetime((sink, headerSink)) {
            _ = botruntime_curl_set_pointer(h, CURLOPT_WRITEDATA, Unmanaged.passUnretained(sink).toOpaque())
            _ = botruntime_curl_set_pointer(h, CURLOPT_HEADERDATA, Unmanaged.passUnretained(headerSink).toOpaque())
            return errorBuffer.withUnsafeMutableBufferPointer { buf in
                _ = botruntime_curl_set_pointer(h, CURLOPT_ERRORBUFFER, buf.baseAddress)
                return curl_easy_perform(h)
            }
        }
        guard rc == CURLE_OK else {
            let detail = String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw CurlFailure(code: Int(rc.rawValue),
                              message: detail.isEmpty ? String(cString: curl_easy_strerror(rc)) : detail)
        }
        var status = 0
        _ = botruntime_curl_get_long(h, CURLINFO_RESPONSE_CODE, &status)
        var parsed: [String: String] = [:]
        for line in String(decoding: headerSink.bytes, as: UTF8.self).split(separator: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            parsed[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return CurlAnswer(status: status, body: String(decoding: sink.bytes, as: UTF8.self), headers: parsed)
    }
}
