import Foundation

/// One HTTP request as the venues' REST clients build it: the signing is theirs, the transport
/// only carries bytes.
public struct HTTPRequest: Sendable {
    public enum Method: String, Sendable {
        case get = "GET", post = "POST", put = "PUT", delete = "DELETE"
    }

    public var method: Method
    /// The whole URL, query included (Binance signs it). Never logged or put in an error whole:
    /// see `redactedURL`.
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// From the start of the call to the last byte of the answer.
    public var timeout: Duration
    /// Whether a second copy changes nothing (a read, a cancel), so that the transport may send
    /// it again by itself when the kept-alive connection it went out on closed before any
    /// answer. Otherwise (an order) such a request ends as an outcome unknown. By default, the
    /// methods HTTP calls idempotent: GET and DELETE.
    public var resendable: Bool

    public init(_ method: Method, _ url: String, headers: [(name: String, value: String)] = [], body: [UInt8] = [],
                timeout: Duration = .seconds(10), resendable: Bool? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.resendable = resendable ?? (method == .get || method == .delete)
    }

    /// Scheme, host and path: what an error or a log may show. The query goes (a signature,
    /// a timestamp, a key), and so would credentials in the authority.
    public var redactedURL: String { HTTPRequest.redact(url) }

    static func redact(_ url: String) -> String {
        var u = Substring(url)
        if let q = u.firstIndex(where: { $0 == "?" || $0 == "#" }) { u = u[..<q] }
        if let scheme = u.range(of: "://"), let at = u[scheme.upperBound...].firstIndex(of: "@"),
           !u[scheme.upperBound..<at].contains("/") {
            u = u[..<scheme.upperBound] + u[u.index(after: at)...]
        }
        return String(u)
    }
}

/// An answer with its status, whatever the status: a 4xx or 5xx is the venue speaking, which
/// its client interprets (OKX's codes ride on 200s and 4xxs alike).
public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    /// Header names lowercased; a repeated header keeps its last value.
    public var headers: [String: String]
    public var body: [UInt8]

    public init(status: Int, headers: [String: String], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// Why no answer came. Whether the request reached the venue is unknown for every case but
/// `connect` and `refused` (never sent): a venue client must treat an order as unknown then.
public struct HTTPError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// No answer within the request's timeout.
        case timeout
        /// The connection could not be made (DNS, refused, unreachable): nothing was sent.
        case connect
        /// The TLS handshake or the certificate check failed: nothing was sent.
        case tls
        /// Anything else libcurl reports (a connection dropped mid-answer, a bad answer).
        case transfer
        /// The client was shut down or the caller's task cancelled.
        case cancelled
    }

    public var kind: Kind
    public var method: String
    /// The URL without its query (see `HTTPRequest.redactedURL`).
    public var url: String
    /// libcurl's own explanation.
    public var detail: String

    public init(_ kind: Kind, method: String, url: String, detail: String) {
        self.kind = kind
        self.method = method
        self.url = url
        self.detail = detail
    }

    /// Whether the request certainly never reached the server.
    public var neverSent: Bool { kind == .connect || kind == .tls }

    public var description: String { "\(method) \(url): \(kind) (\(detail))" }
}
