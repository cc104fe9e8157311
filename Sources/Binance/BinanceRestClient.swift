import BinanceWire
import BotCore
import HTTPTransport

/// One account's (or a feed's) way to Binance's REST API: each request waits for its weight
/// under the IP's limits (shared by the whole process), is signed at the moment it leaves on
/// the venue's clock with `recvWindow`, and goes over a libcurl client whose connections the
/// account's calls share. The answer's limit headers, 429s and 418s update the IP's count.
public final class BinanceRestClient: Sendable {
    /// `https://api.binance.com`, the testnet's, or a test's fake; no trailing slash.
    public let base: String
    let credentials: BinanceCredentials?
    public let clock: VenueClock
    let http: CurlHTTPClient
    public let limits: BinanceIPLimits
    /// How long a call may take before its outcome is unknown.
    public let timeout: Duration
    /// How long after its timestamp Binance may still execute a signed request (the deadline
    /// of the never-twice rule).
    public let recvWindowMs: Int

    public init(base: String, credentials: BinanceCredentials?, caFile: String? = nil, clock: VenueClock = VenueClock(),
                timeout: Duration = .seconds(5), recvWindowMs: Int = 5_000, limits: BinanceIPLimits? = nil,
                name: String = "binance-rest") {
        self.base = base.hasSuffix("/") ? String(base.dropLast()) : base
        self.credentials = credentials
        self.clock = clock
        self.timeout = timeout
        self.recvWindowMs = recvWindowMs
        self.limits = limits ?? BinanceIPLimits.shared(host: self.base)
        http = CurlHTTPClient(options: .init(caFile: caFile), name: name)
    }

    /// Ends the transport: calls in flight end as cancelled.
    public func close() { http.close() }

    /// Sends `request` within the IP's weight, signed now (venue time). Returns the answer and
    /// the timestamp it was signed with (a signed call's outcome is settled once the venue's
    /// clock passes it plus `recvWindowMs`). Throws `HTTPError` when no answer came.
    public func send(_ request: BinanceRequest) async throws -> (HTTPResponse, signedAtMs: Int64) {
        let ticket = await limits.admit(weight: request.weight, clock: clock)
        let at = clock.nowMs
        let signed: BinanceSignedRequest
        do { signed = try request.signed(credentials, timestampMs: at, recvWindowMs: recvWindowMs) } catch {
            await limits.answered(ticket, headers: nil, backoff: nil, clock: clock)
            throw error
        }
        let method: HTTPRequest.Method = switch signed.method {
        case .get: .get
        case .post: .post
        case .delete: .delete
        }
        do {
            let r = try await http.send(HTTPRequest(method, base + signed.requestPath, headers: signed.headers.map { ($0.name, $0.value) },
                                                    body: signed.body, timeout: timeout))
            let headers = BinanceLimitHeaders(r.headers)
            await limits.answered(ticket, headers: headers, backoff: BinanceBackoff(status: r.status, headers: headers, body: r.body,
                                                                                    nowMs: clock.nowMs), clock: clock)
            return (r, at)
        } catch {
            await limits.answered(ticket, headers: nil, backoff: nil, clock: clock)
            throw error
        }
    }

    /// A decoded answer; an error answer throws its `BinanceError`.
    public func decode<T: Decodable>(_ type: T.Type, _ request: BinanceRequest) async throws -> T {
        let (r, _) = try await send(request)
        return try BinanceResponse.decode(type, status: r.status, body: r.body)
    }

    /// Measures the venue's clock against ours (`/api/v3/time`) and records the offset.
    @discardableResult
    public func syncClock() async throws -> Int64 {
        let sent = clock.localMs
        let (r, _) = try await send(BinanceRest.serverTime())
        let received = clock.localMs
        let t = try BinanceResponse.decode(BinanceServerTime.self, status: r.status, body: r.body)
        clock.record(serverMs: t.ms, sentMs: sent, receivedMs: received)
        return clock.offsetMs
    }
}
