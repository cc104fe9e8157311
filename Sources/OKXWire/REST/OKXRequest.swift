import BotCore

public enum OKXHTTPMethod: String, Hashable, Sendable {
    case get = "GET"
    case post = "POST"
}

public struct OKXHeader: Hashable, Sendable {
    public var name: String
    public var value: String
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// One REST call as a value: what to send, nothing sent. Built by `OKXRest`; signed just
/// before it leaves, because the signature covers the time it is sent.
public struct OKXRequest: Hashable, Sendable {
    public let method: OKXHTTPMethod
    /// `/api/v5/…`, without the query.
    public let path: String
    /// Already encoded; empty when there is none.
    public let query: String
    /// The exact JSON bytes to send (and sign); empty for GET.
    public let body: [UInt8]
    /// Needs the OK-ACCESS-* headers.
    public let isPrivate: Bool
    /// Which of the venue's limits it counts against (OKX counts place, amend and cancel apart).
    public let endpoint: VenueEndpoint
    /// Place and amend take an `expTime` header: OKX drops the request if it arrives later.
    public let acceptsExpiry: Bool

    init(_ method: OKXHTTPMethod, _ path: String, query: OKXQuery = OKXQuery(), body: [UInt8] = [],
         isPrivate: Bool = true, endpoint: VenueEndpoint = .query, acceptsExpiry: Bool = false) {
        self.method = method
        self.path = path
        self.query = query.text
        self.body = body
        self.isPrivate = isPrivate
        self.endpoint = endpoint
        self.acceptsExpiry = acceptsExpiry
    }

    /// The path with its query, as sent on the request line and as signed.
    public var requestPath: String { query.isEmpty ? path : path + "?" + query }

    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The request ready to send at `nowMs` (epoch ms): signed when private, with the demo
    /// header for demo, and `expTime` (epoch ms) when given to a place or amend.
    public func signed(_ credentials: OKXCredentials?, environment: OKXEnvironment, nowMs: Int64,
                       expiresAtMs: Int64? = nil) throws(OKXRequestError) -> OKXSignedRequest {
        var headers = [OKXHeader("Content-Type", "application/json")]
        if isPrivate {
            guard let credentials else { throw OKXRequestError(field: "credentials", reason: "\(path) needs an API key") }
            let timestamp = OKXTimestamp.iso8601(milliseconds: nowMs)
            let sign = credentials.restSignature(timestamp: timestamp, method: method.rawValue, requestPath: requestPath, body: body)
            headers += [OKXHeader("OK-ACCESS-KEY", credentials.apiKey), OKXHeader("OK-ACCESS-SIGN", sign),
                        OKXHeader("OK-ACCESS-TIMESTAMP", timestamp), OKXHeader("OK-ACCESS-PASSPHRASE", credentials.passphrase)]
        }
        if environment == .demo { headers.append(OKXHeader("x-simulated-trading", "1")) }
        if let expiresAtMs {
            guard acceptsExpiry else { throw OKXRequestError(field: "expTime", reason: "\(path) does not take an expiry") }
            guard expiresAtMs > nowMs else { throw OKXRequestError(field: "expTime", reason: "\(expiresAtMs) is not after \(nowMs)") }
            headers.append(OKXHeader("expTime", String(expiresAtMs)))
        }
        return OKXSignedRequest(method: method, url: OKXEnvironment.restHost + requestPath, requestPath: requestPath,
                                body: body, headers: headers)
    }
}

/// What the transport sends, byte for byte. Its description leaves out the headers: one of
/// them is the passphrase.
public struct OKXSignedRequest: Hashable, Sendable, CustomStringConvertible, CustomReflectable {
    public let method: OKXHTTPMethod
    public let url: String
    public let requestPath: String
    public let body: [UInt8]
    public let headers: [OKXHeader]

    public func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name.lowercased() }?.value }

    public var description: String { "\(method.rawValue) \(requestPath)" + (body.isEmpty ? "" : " \(body.count) bytes") }
    public var customMirror: Mirror {
        Mirror(self, children: ["method": method, "requestPath": requestPath, "body": bodyText,
                                "headers": headers.map(\.name)])
    }
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}
