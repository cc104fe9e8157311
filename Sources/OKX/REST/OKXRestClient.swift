import BotCore
import HTTPTransport
import OKXWire

/// One account's (or a feed's) way to OKX's REST API: each `OKXRequest` signed at the moment it
/// leaves, on the venue's clock, sent to the configured host over a libcurl client whose
/// connections the account's calls share.
public final class OKXRestClient: Sendable {
    /// `https://www.okx.com` or a test's fake; no trailing slash.
    public let base: String
    public let environment: OKXEnvironment
    let credentials: OKXCredentials?
    public let clock: VenueClock
    let http: CurlHTTPClient
    /// How long a call may take before its outcome is unknown.
    public let timeout: Duration

    public init(base: String, environment: OKXEnvironment, credentials: OKXCredentials?, caFile: String? = nil,
                clock: VenueClock = VenueClock(), timeout: Duration = .seconds(5), name: String = "okx-rest") {
        self.base = base.hasSuffix("/") ? String(base.dropLast()) : base
        self.environment = environment
        self.credentials = credentials
        self.clock = clock
        self.timeout = timeout
        http = CurlHTTPClient(options: .init(caFile: caFile), name: name)
    }

    /// Ends the transport: calls in flight end as cancelled.
    public func close() { http.close() }

    /// Sends `request` signed now (venue time) with `expiresAtMs` as its `expTime` when given.
    /// Throws `HTTPError` when no answer came, `OKXRequestError` when it cannot be signed.
    /// A public request first waits for its slot under OKX's per-IP limits (shared by every
    /// client of the process); private ones are the account gateway's to pace.
    public func send(_ request: OKXRequest, expiresAtMs: Int64? = nil) async throws -> HTTPResponse {
        let ticket = request.isPrivate ? nil : await OKXPublicPacer.shared.admit(request)
        defer { if let ticket { Task { await OKXPublicPacer.shared.release(ticket) } } }
        let signed = try request.signed(credentials, environment: environment, nowMs: clock.nowMs, expiresAtMs: expiresAtMs)
        let method: HTTPRequest.Method = signed.method == .post ? .post : .get
        return try await http.send(HTTPRequest(method, base + signed.requestPath,
                                               headers: signed.headers.map { ($0.name, $0.value) },
                                               body: signed.body, timeout: timeout,
                                               // A second place or amend could trade twice; a cancel, a read or
                                               // a leverage setting changes nothing the second time.
                                               resendable: request.endpoint != .placeOrder && request.endpoint != .amendOrder))
    }

    /// The `data` items of a successful answer; an error answer throws its `OKXError`.
    public func data<Item: Decodable>(_ type: Item.Type, _ request: OKXRequest) async throws -> [Item] {
        let r = try await send(request)
        return try OKXResponse.data(type, status: r.status, body: r.body)
    }

    /// Measures the venue's clock against ours (`public/time`) and records the offset.
    @discardableResult
    public func syncClock() async throws -> Int64 {
        let ticket = await OKXPublicPacer.shared.admit(OKXRest.serverTime())
        defer { if let ticket { Task { await OKXPublicPacer.shared.release(ticket) } } }
        let sent = clock.localMs
        let r = try await http.send(HTTPRequest(.get, base + OKXRest.serverTime().requestPath, timeout: timeout))
        let received = clock.localMs
        let t = try OKXResponse.first(OKXServerTime.self, status: r.status, body: r.body)
        clock.record(serverMs: t.ms, sentMs: sent, receivedMs: received)
        return clock.offsetMs
    }
}
