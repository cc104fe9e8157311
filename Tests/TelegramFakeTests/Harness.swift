import FakeKit
import Foundation
import HTTPTransport
import TelegramFake
import Testing

/// A client of the fake as any HTTP client would be: libcurl over TLS, the parameters as a
/// JSON body unless a test says otherwise. It knows nothing of TelegramWire.
struct Bot {
    let fake: TelegramFake
    let endpoint: TelegramFake.Endpoint
    let http: CurlHTTPClient
    var token = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"

    /// `method` with a JSON body of `params` (values already JSON text).
    func call(_ method: String, _ params: [(String, String)] = [], timeout: Duration = .seconds(10)) async throws -> Answer {
        let body = "{" + params.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
        return try await raw(method, body: body, timeout: timeout)
    }

    /// A POST with this body and Content-Type, as given.
    func raw(_ method: String, body: String, contentType: String = "application/json", timeout: Duration = .seconds(10)) async throws -> Answer {
        try await raw(method, bytes: Array(body.utf8), contentType: contentType, timeout: timeout)
    }

    func raw(_ method: String, bytes: [UInt8], contentType: String = "application/json", timeout: Duration = .seconds(10)) async throws -> Answer {
        let r = try await http.send(HTTPRequest(.post, endpoint.apiURL + "/bot" + token + "/" + method, headers: [("Content-Type", contentType)],
                                                body: bytes, timeout: timeout, resendable: false))
        return Answer(r)
    }

    /// A GET with the parameters in the query string (`query` already encoded).
    func get(_ path: String, query: String = "") async throws -> Answer {
        let r = try await http.send(HTTPRequest(.get, endpoint.apiURL + path + (query.isEmpty ? "" : "?" + query), resendable: false))
        return Answer(r)
    }

    /// sendMessage in HTML mode.
    func send(_ chat: Int64, _ text: String, extra: [(String, String)] = []) async throws -> Answer {
        try await call("sendMessage", [("chat_id", "\(chat)"), ("text", JSONText(text)), ("parse_mode", "\"HTML\"")] + extra)
    }

    /// The update ids getUpdates gives now (a short poll).
    func updateIDs(_ params: [(String, String)] = []) async throws -> [Int64] {
        try await call("getUpdates", params).json.updateIDs
    }
}

/// An answer: the status, the body as text and as JSON (null when it is not JSON).
struct Answer {
    let status: Int
    let text: String
    let json: JSON
    let contentType: String

    init(_ r: HTTPResponse) {
        status = r.status
        text = String(decoding: r.body, as: UTF8.self)
        json = JSON.parse(r.body) ?? .null
        contentType = r.headers["content-type"] ?? ""
    }

    var description: String { json.descriptionText }
    var result: JSON? { json["result"] }
}

/// `s` as a JSON string literal.
func JSONText(_ s: String) -> String { JSON.string(s).text }

let alice = FakeUser(id: 111, firstName: "Alice", languageCode: "en")
let bob = FakeUser(id: 222, firstName: "Bob")

/// A running fake and a client, both stopped whatever `body` did.
func withFake(clock: FakeClock = FakeClock(), limits: TelegramFake.Limits = .init(), _ body: (Bot) async throws -> Void) async throws {
    let fake = TelegramFake(clock: clock, limits: limits)
    let e = try await fake.start()
    let http = CurlHTTPClient(options: .init(caFile: e.caFile))
    do { try await body(Bot(fake: fake, endpoint: e, http: http)) } catch {
        http.close()
        await fake.stop()
        throw error
    }
    http.close()
    await fake.stop()
}

/// Waits (real time, at most 10 s) until `condition` holds; a test that moves the fake's
/// clock waits so until the poll it means to time out is held.
func until(_ what: String, sourceLocation: SourceLocation = #_sourceLocation, _ condition: () -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(10)
    while !condition() {
        guard ContinuousClock.now < deadline else {
            Issue.record("not reached in 10 s: \(what)", sourceLocation: sourceLocation)
            throw CancellationError()
        }
        try await Task.sleep(for: .milliseconds(5))
    }
}

extension JSON {
    var ok: Bool { self["ok"]?.bool == true }
    var code: Int? { self["error_code"]?.string.flatMap { Int($0) } }
    var descriptionText: String { s("description") }
    var updateIDs: [Int64] { (self["result"]?.array ?? []).compactMap { $0["update_id"]?.string.flatMap { Int64($0) } } }
    var int: Int64? { string.flatMap { Int64($0) } }
    /// The payload's name in an update (`message`, `callback_query`, …).
    var kind: String { keys.first { $0 != "update_id" } ?? "" }
}
