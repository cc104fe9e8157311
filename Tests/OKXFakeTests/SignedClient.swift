import BotCore
import Foundation
import OKXFake

/// Signs requests as an OKX client does, with the test's HMAC (swift-crypto through
/// `OKXSignature`, pinned by the documented vectors in SignatureTests), and the fake's clock.
struct SignedClient {
    let fake: OKXFake
    let urls: OKXFake.Endpoints
    var account: FakeAccount
    /// Whether to send `x-simulated-trading: 1`; by default what the key's environment needs.
    var simulated: Bool

    init(_ fake: OKXFake, _ urls: OKXFake.Endpoints, _ account: FakeAccount) {
        self.fake = fake
        self.urls = urls
        self.account = account
        simulated = account.demo
    }

    /// OK-ACCESS-* headers for a request at the fake's current time (plus `skewMs`).
    func headers(_ method: String, _ target: String, body: String = "", skewMs: Int64 = 0) -> [(String, String)] {
        let ts = ISOTime.format(fake.clock.nowMs + skewMs)
        var h = [
            ("OK-ACCESS-KEY", account.apiKey),
            ("OK-ACCESS-SIGN", OKXSignature.rest(secret: account.secret, timestamp: ts, method: method, path: target, body: body)),
            ("OK-ACCESS-TIMESTAMP", ts),
            ("OK-ACCESS-PASSPHRASE", account.passphrase),
            ("Content-Type", "application/json"),
        ]
        if simulated { h.append(("x-simulated-trading", "1")) }
        return h
    }

    func get(_ target: String, skewMs: Int64 = 0, tweak: (inout [(String, String)]) -> Void = { _ in }) async throws -> CurlAnswer {
        var h = headers("GET", target, skewMs: skewMs)
        tweak(&h)
        return try await Curl.perform("GET", urls.rest + target, headers: h, caFile: urls.caFile)
    }

    func post(_ path: String, _ body: String, extra: [(String, String)] = [], timeoutMs: Int = 5000,
              tweak: (inout [(String, String)]) -> Void = { _ in }) async throws -> CurlAnswer {
        var h = headers("POST", path, body: body) + extra
        tweak(&h)
        return try await Curl.perform("POST", urls.rest + path, headers: h, body: body, caFile: urls.caFile,
                                      timeoutMs: timeoutMs)
    }

    func post(_ path: String, _ body: JSON, extra: [(String, String)] = [], timeoutMs: Int = 5000) async throws -> CurlAnswer {
        try await post(path, body.text, extra: extra, timeoutMs: timeoutMs)
    }

    /// An unsigned public request.
    func getPublic(_ target: String) async throws -> CurlAnswer {
        try await Curl.perform("GET", urls.rest + target, caFile: urls.caFile)
    }
}

/// Runs `body` against a fresh fake, stopped afterwards whatever happens.
func withFake(accounts: [FakeAccount] = [TestAccounts.demo], clock: FakeClock = FakeClock(),
              _ body: (OKXFake, OKXFake.Endpoints) async throws -> Void) async throws {
    let fake = OKXFake(clock: clock, accounts: accounts)
    let urls = try await fake.start()
    do { try await body(fake, urls) } catch {
        await fake.stop()
        throw error
    }
    await fake.stop()
}

enum TestAccounts {
    static let demo = FakeAccount(apiKey: "demo-key-1", secret: "22582BD0CFF14C41EDBF1AB98506286D", passphrase: "Demo-pass1")
    static let live = FakeAccount(apiKey: "live-key-1", secret: "live-secret", passphrase: "Live-pass1", demo: false)
    static let readOnly = FakeAccount(apiKey: "ro-key-1", secret: "ro-secret", passphrase: "Ro-pass1", permissions: [.readOnly])
    static let hedge = FakeAccount(apiKey: "hedge-key-1", secret: "hedge-secret", passphrase: "Hedge-pass1",
                                   positionMode: .longShort)
}
