/// An HTTP request as a fake's router sees it: what was on the wire, before any checks.
public struct RESTRequest: Sendable {
    public var method: String
    /// The request target exactly as sent, query included (what OKX signs).
    public var target: String
    public var path: String
    /// The query string exactly as sent, without the `?` (what Binance signs); "" if none.
    public var rawQuery: String
    /// The query's pairs, percent-decoded, in the order sent.
    public var query: [(String, String)]
    /// Header names lowercased.
    public var headers: [String: String]
    public var body: [UInt8]

    public init(method: String, target: String, headers: [(String, String)], body: [UInt8]) {
        self.method = method
        self.target = target
        self.body = body
        var h: [String: String] = [:]
        for (k, v) in headers { h[k.lowercased()] = v }
        self.headers = h
        if let q = target.firstIndex(of: "?") {
            path = String(target[..<q])
            rawQuery = String(target[target.index(after: q)...])
            query = Self.pairs(rawQuery)
        } else {
            path = target
            rawQuery = ""
            query = []
        }
    }

    public func header(_ name: String) -> String? { headers[name.lowercased()] }
    public func param(_ name: String) -> String? { query.first { $0.0 == name }?.1 }
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// `a=1&b=2` (a query string or a form body) as decoded pairs, in order.
    public static func pairs(_ text: String) -> [(String, String)] {
        text.split(separator: "&").map { pair in
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (unescape(kv[0]), kv.count > 1 ? unescape(kv[1]) : "")
        }
    }

    /// Percent-decoding, `+` as a space (form encoding).
    public static func unescape(_ s: Substring) -> String {
        var out: [UInt8] = []
        var it = Array(s.utf8)[...]
        while let c = it.popFirst() {
            if c == UInt8(ascii: "%"), it.count >= 2,
               let v = UInt8(String(decoding: it.prefix(2), as: UTF8.self), radix: 16) {
                out.append(v)
                it = it.dropFirst(2)
            } else if c == UInt8(ascii: "+") {
                out.append(0x20)
            } else {
                out.append(c)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// What a fake sends back, or that it sends nothing.
public enum RESTOutcome: Sendable {
    case respond(RESTResponse)
    /// Accept the request and never answer: the client's timeout is what ends it.
    case hold
    /// Accept the request and close the connection without a byte of answer, as a server or
    /// load balancer does with a kept-alive connection it is done with.
    case close
    /// Answer later: `accept` is handed the responder at once (under no lock of the host's)
    /// and the service keeps it until it has an answer, as a long poll does.
    case later(@Sendable (RESTResponder) -> Void)
}

public struct RESTResponse: Sendable {
    public var status: Int
    public var body: String
    public var contentType: String
    /// Extra headers (Content-Type, Content-Length and Connection are the host's).
    public var headers: [(String, String)]

    public init(status: Int, body: String, contentType: String = "application/json", headers: [(String, String)] = []) {
        self.status = status
        self.body = body
        self.contentType = contentType
        self.headers = headers
    }
}
