/// A REST request as the fake's router sees it: what was on the wire, before any checks.
struct RESTRequest {
    var method: String
    /// The request target exactly as sent, query included: what OKX signs.
    var target: String
    var path: String
    var query: [(String, String)]
    /// Header names lowercased.
    var headers: [String: String]
    var body: [UInt8]

    init(method: String, target: String, headers: [(String, String)], body: [UInt8]) {
        self.method = method
        self.target = target
        self.body = body
        var h: [String: String] = [:]
        for (k, v) in headers { h[k.lowercased()] = v }
        self.headers = h
        if let q = target.firstIndex(of: "?") {
            path = String(target[..<q])
            query = target[target.index(after: q)...].split(separator: "&").map { pair in
                let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                return (Self.unescape(kv[0]), kv.count > 1 ? Self.unescape(kv[1]) : "")
            }
        } else {
            path = target
            query = []
        }
    }

    func header(_ name: String) -> String? { headers[name.lowercased()] }
    func param(_ name: String) -> String? { query.first { $0.0 == name }?.1 }
    var bodyText: String { String(decoding: body, as: UTF8.self) }

    static func unescape(_ s: Substring) -> String {
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

/// What the fake sends back, or that it sends nothing.
enum RESTOutcome {
    case respond(RESTResponse)
    /// Accept the request and never answer: the client's timeout is what ends it.
    case hold
}

struct RESTResponse {
    var status: Int
    var body: String
    var contentType = "application/json"

    /// `{"code":"0","msg":"","data":[…]}`, with extra top-level fields after `data`.
    static func ok(_ data: [JSON], extra: [(String, JSON)] = []) -> RESTResponse {
        RESTResponse(status: 200, body: JSON.object([("code", "0"), ("msg", ""), ("data", .array(data))] + extra).text)
    }

    /// An error from the API layer: `{"code":…,"msg":…,"data":[]}`.
    static func error(_ e: OKXError, status: Int? = nil) -> RESTResponse {
        RESTResponse(status: status ?? e.httpStatus,
                     body: JSON.object([("code", .string(e.code)), ("msg", .string(e.msg)), ("data", .array([]))]).text)
    }

    /// An error from OKX's gateway (authentication, rate limits): `{"msg":…,"code":…}`, no data.
    static func gateway(_ e: OKXError, status: Int? = nil) -> RESTResponse {
        RESTResponse(status: status ?? e.httpStatus,
                     body: JSON.object([("msg", .string(e.msg)), ("code", .string(e.code))]).text)
    }
}
