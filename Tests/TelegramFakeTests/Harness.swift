import FakeKit
import Foundation
import HTTPTransport
import TelegramFake
import Testing

/// A client of the fake as any HTTP client would be: JSON bodies over TLS with libcurl.
struct Bot {
    let fake: TelegramFake
    let endpoint: TelegramFake.Endpoint
    let http: CurlHTTPClient
    var token = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"

    /// `method` with a JSON body of `params` (values already JSON text).
    func call(_ method: String, _ params: [(String, String)] = [], timeout: Duration = .seconds(10)) async throws -> (status: Int, json: JSON) {
        let body = "{" + params.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
        return try await raw(method, body: body, timeout: timeout)
    }

    func raw(_ method: String, body: String, contentType: String = "application/json", timeout: Duration = .seconds(10)) async throws -> (status: Int, json: JSON) {
        let r = try await http.send(HTTPRequest(.post, endpoint.apiURL + "/bot" + token + "/" + method, headers: [("Content-Type", contentType)],
                                                body: Array(body.utf8), timeout: timeout, resendable: false))
        return (r.status, JSON.parse(r.body) ?? .null)
    }

    func send(_ chat: Int64, _ text: String, extra: [(String, String)] = []) async throws -> (status: Int, json: JSON) {
        try await call("sendMessage", [("chat_id", "\(chat)"), ("text", JSONText(text)), ("parse_mode", "\"HTML\"")] + extra)
    }
}

/// `s` as a JSON string literal.
func JSONText(_ s: String) -> String { JSON.string(s).text }

let alice = FakeUser(id: 111, firstName: "Alice")
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

extension JSON {
    var ok: Bool { self["ok"]?.bool == true }
    var code: Int? { self["error_code"]?.string.flatMap { Int($0) } }
    var descriptionText: String { s("description") }
    var updateIDs: [Int64] { (self["result"]?.array ?? []).compactMap { $0["update_id"]?.string.flatMap { Int64($0) } } }
}
