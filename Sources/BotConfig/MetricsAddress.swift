/// Where botd serves its Prometheus metrics: a loopback address only (metrics are not for the
/// network). Lint and botd read it through this one check, so lint never accepts an address
/// botd then refuses.
public struct MetricsAddress: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    /// 0 lets the system choose (tests).
    public var port: Int

    public init(host: String = "127.0.0.1", port: Int) {
        self.host = host
        self.port = port
    }

    public var description: String { "\(host):\(port)" }

    public struct Invalid: Error, Sendable { public var reason: String }

    /// `127.0.0.1:PORT`, `localhost:PORT` or `[::1]:PORT`, PORT 0…65535; otherwise why not.
    public static func parse(_ text: String) -> Result<MetricsAddress, Invalid> {
        guard let colon = text.lastIndex(of: ":") else {
            return .failure(Invalid(reason: "must be 127.0.0.1:PORT (a loopback address and a port)"))
        }
        let host = String(text[..<colon])
        let portText = text[text.index(after: colon)...]
        guard ["127.0.0.1", "localhost", "[::1]"].contains(host) else {
            return .failure(Invalid(reason: "must be on loopback (127.0.0.1, localhost or [::1]): metrics are not served to the network"))
        }
        guard !portText.isEmpty, portText.allSatisfy(\.isASCII), portText.allSatisfy(\.isNumber), portText.count <= 5,
              let port = Int(portText), port <= 65_535 else {
            return .failure(Invalid(reason: "must end in a port 0…65535"))
        }
        return .success(MetricsAddress(host: host == "[::1]" ? "::1" : (host == "localhost" ? "127.0.0.1" : host), port: port))
    }
}
