import Foundation
@testable import HTTPTransport
import Testing

/// The REST transport against a real HTTP server on loopback: bytes exact both ways, one
/// connection reused, concurrent requests, timeouts and refusals as typed errors that never
/// show a query string.
@Suite(.serialized)
struct CurlHTTPClientTests {
    @Test func aPostCarriesItsHeadersAndBodyExactlyAndTheAnswerComesBackWhole() async throws {
        let server = try await TestHTTPServer()
        let client = CurlHTTPClient()
        defer { client.close() }
        let body = Array(#"{"instId":"BTC-USDT","px":"2.15","note":"é ✓"}"#.utf8) + [0, 255]
        let r = try await client.send(HTTPRequest(.post, "\(server.base)/echo/order?a=1&b=x%20y",
                                                  headers: [("x-test", "signed"), ("Content-Type", "application/json")], body: body))
        #expect(r.status == 200)
        #expect(r.body == body)
        #expect(r.headers["x-method"] == "POST" && r.headers["x-uri"] == "/echo/order?a=1&b=x%20y")
        #expect(r.headers["x-got-test"] == "signed")
        let get = try await client.send(HTTPRequest(.get, "\(server.base)/echo/x"))
        #expect(get.headers["x-method"] == "GET" && get.body.isEmpty)
        let delete = try await client.send(HTTPRequest(.delete, "\(server.base)/echo/d", body: [1, 2]))
        #expect(delete.headers["x-method"] == "DELETE" && delete.body == [1, 2])
        let big = try await client.send(HTTPRequest(.get, "\(server.base)/big/300000"))
        #expect(big.body.count == 300_000 && big.body[299_999] == UInt8(truncatingIfNeeded: 299_999))
        try await server.stop()
    }

    @Test func aStatusIsAnAnswerNotAFailure() async throws {
        let server = try await TestHTTPServer()
        let client = CurlHTTPClient()
        defer { client.close() }
        for code in [400, 429, 500, 503] {
            let r = try await client.send(HTTPRequest(.get, "\(server.base)/status/\(code)"))
            #expect(r.status == code && r.body == Array("status \(code)".utf8))
        }
        try await server.stop()
    }

    @Test func sequentialRequestsReuseOneConnectionAndConcurrentOnesAllComplete() async throws {
        let server = try await TestHTTPServer()
        let client = CurlHTTPClient()
        defer { client.close() }
        for i in 0..<20 {
            let r = try await client.send(HTTPRequest(.post, "\(server.base)/echo/\(i)", body: Array("\(i)".utf8)))
            #expect(r.body == Array("\(i)".utf8))
        }
        #expect(server.connections == 1, "every request on the first connection")
        let answers = try await withThrowingTaskGroup(of: (Int, [UInt8]).self) { g in
            for i in 0..<16 {
                g.addTask { (i, try await client.send(HTTPRequest(.post, "\(server.base)/echo/c", body: Array("n\(i)".utf8))).body) }
            }
            return try await g.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
        #expect(answers.count == 16 && (0..<16).allSatisfy { answers[$0] == Array("n\($0)".utf8) })
        #expect(server.connections <= 8, "at most the per-host limit")
        try await server.stop()
    }

    /// The kept-alive connection a request went out on closes before any answer, the request
    /// received and carried out: libcurl would send it again by itself on a new connection (it
    /// does so for any method). An order sent twice is two orders: a request not `resendable`
    /// ends after one send, as an outcome unknown; a read or a cancel still goes again.
    @Test func aRequestOnAConnectionClosedBeforeItsAnswerIsSentAgainOnlyIfResendable() async throws {
        let server = try await TestHTTPServer()
        let client = CurlHTTPClient()
        defer { client.close() }
        let cases: [(HTTPRequest.Method, Bool?, Int)] = [(.post, nil, 1), (.put, nil, 1), (.post, false, 1), (.delete, false, 1),
                                                         (.get, nil, 2), (.delete, nil, 2), (.post, true, 2)]
        for (n, (method, resendable, received)) in cases.enumerated() {
            // A connection to reuse, as an account's requests do.
            _ = try await client.send(HTTPRequest(.get, "\(server.base)/echo/warm"))
            let before = server.vanished
            do {
                let r = try await client.send(HTTPRequest(method, "\(server.base)/vanish/\(n)", body: Array("call \(n)".utf8),
                                                          resendable: resendable))
                Issue.record("\(method) answered \(r.status)")
            } catch let e as HTTPError {
                if received == 1 { #expect(e.kind == .transfer && !e.neverSent, "\(e)") }
            }
            #expect(server.vanished - before == received, "\(method) resendable \(String(describing: resendable)): received \(server.vanished - before) times")
        }
        try await server.stop()
    }

    @Test func aSlowAnswerTimesOutAndTheErrorShowsNoQuery() async throws {
        let server = try await TestHTTPServer()
        let client = CurlHTTPClient()
        defer { client.close() }
        let started = ContinuousClock.now
        do {
            _ = try await client.send(HTTPRequest(.get, "\(server.base)/delay/3000?signature=abc123secret&timestamp=1",
                                                  timeout: .milliseconds(200)))
            Issue.record("no timeout")
        } catch let e as HTTPError {
            #expect(e.kind == .timeout && !e.neverSent)
            #expect(e.url == "\(server.base)/delay/3000")
            #expect(!e.description.contains("abc123secret"), "\(e)")
        }
        #expect(started.duration(to: .now) < .seconds(2))
        // The client goes on.
        #expect(try await client.send(HTTPRequest(.get, "\(server.base)/status/200")).status == 200)
        try await server.stop()
    }

    @Test func aRefusedConnectionWasNeverSent() async throws {
        let server = try await TestHTTPServer()
        let url = "\(server.base)/echo?key=k"
        try await server.stop()
        let client = CurlHTTPClient()
        defer { client.close() }
        do {
            _ = try await client.send(HTTPRequest(.post, url, body: [1]))
            Issue.record("no error")
        } catch let e as HTTPError {
            #expect(e.kind == .connect && e.neverSent, "\(e)")
            #expect(!e.description.contains("key=k"))
        }
    }

    @Test func cancellingTheCallerEndsItsRequestAndClosingEndsTheRest() async throws {
        let server = try await TestHTTPServer()
        let client = CurlHTTPClient()
        let slow = Task { try await client.send(HTTPRequest(.get, "\(server.base)/delay/5000")) }
        try await Task.sleep(for: .milliseconds(100))
        slow.cancel()
        let started = ContinuousClock.now
        do {
            _ = try await slow.value
            Issue.record("not cancelled")
        } catch let e as HTTPError {
            #expect(e.kind == .cancelled)
        }
        #expect(started.duration(to: .now) < .seconds(2))
        // Cancelled before it is sent: never sent.
        let early = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await client.send(HTTPRequest(.post, "\(server.base)/echo/never", body: [1]))
        }
        await #expect(throws: HTTPError.self) { try await early.value }
        let pending = Task { try await client.send(HTTPRequest(.get, "\(server.base)/delay/5000")) }
        try await Task.sleep(for: .milliseconds(100))
        client.close()
        await #expect(throws: HTTPError.self) { try await pending.value }
        await #expect(throws: HTTPError.self) { try await client.send(HTTPRequest(.get, "\(server.base)/status/200")) }
        try await server.stop()
    }

    @Test func redactionKeepsSchemeHostAndPathOnly() {
        #expect(HTTPRequest.redact("https://api.binance.com/api/v3/order?symbol=X&signature=abc") == "https://api.binance.com/api/v3/order")
        #expect(HTTPRequest.redact("https://user:pass@host:8443/p#frag") == "https://host:8443/p")
        #expect(HTTPRequest.redact("https://www.okx.com/api/v5/trade/order") == "https://www.okx.com/api/v5/trade/order")
    }
}
