public struct BinanceHeader: Hashable, Sendable {
    public var name: String
    public var value: String
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// What the transport sends, byte for byte. Its description leaves out the headers (the API
/// key) and the query (a signature is good for a replay until its window closes).
public struct BinanceSignedRequest: Hashable, Sendable, CustomStringConvertible, CustomReflectable {
    public let method: BinanceHTTPMethod
    /// The path with the query as sent, signature included.
    public let requestPath: String
    public let body: [UInt8]
    public let headers: [BinanceHeader]

    /// The full URL on `host` (`https://api.binance.com`, or a fake's).
    public func url(host: String) -> String { host + requestPath }
    public func url(_ environment: BinanceEnvironment) -> String { url(host: environment.restHost) }

    public func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name.lowercased() }?.value }

    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    private var pathOnly: Substring { requestPath.split(separator: "?", maxSplits: 1).first ?? "" }
    public var description: String { "\(method.rawValue) \(pathOnly)" + (body.isEmpty ? "" : " \(body.count) bytes") }
    public var customMirror: Mirror {
        Mirror(self, children: ["method": method, "path": String(pathOnly), "headers": headers.map(\.name)])
    }
}
