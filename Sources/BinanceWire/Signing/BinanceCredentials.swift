import BotCore
import WireSigning

/// A Binance HMAC API key. The key travels (a REST header, a WebSocket API param); the secret
/// only signs. Nothing that prints, dumps or reflects a value of this type shows the secret.
public struct BinanceCredentials: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public let apiKey: String
    private let secret: [UInt8]

    public init(apiKey: String, secret: String) {
        self.apiKey = apiKey
        self.secret = Array(secret.utf8)
    }

    /// From an account's credentials as the daemon reads them (values that never print).
    public init(apiKey: Secret, secret: Secret) {
        self.init(apiKey: apiKey.reveal, secret: secret.reveal)
    }

    /// Lower-case hex of HMAC-SHA256(secret, payload). Binance reads the signature in any case.
    public func sign(_ payload: [UInt8]) -> String { Hex.lowercase(HMACSHA256.mac(key: secret, message: payload)) }

    /// A REST signature: over the query string and then the body, joined with nothing between
    /// them, each exactly as sent (already percent-encoded).
    public func restSignature(query: String, body: String) -> String { sign(Array(query.utf8) + Array(body.utf8)) }

    /// A WebSocket API signature: over every param but `signature`, sorted by name, written
    /// `name=value` joined by `&`, values as UTF-8 text without percent-encoding.
    public func webSocketSignature(_ params: [(name: String, value: String)]) -> String {
        sign(Array(Self.webSocketPayload(params).utf8))
    }

    /// The text `webSocketSignature` signs.
    public static func webSocketPayload(_ params: [(name: String, value: String)]) -> String {
        params.filter { $0.name != "signature" }
            .sorted { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }
            .map { $0.name + "=" + $0.value }
            .joined(separator: "&")
    }

    /// The key's last four characters: enough to tell two accounts apart in a log, not to use it.
    var keyHint: String { apiKey.count > 8 ? "…" + apiKey.suffix(4) : "<redacted>" }
    public var description: String { "BinanceCredentials(apiKey: \(keyHint), secret: <redacted>)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["apiKey": keyHint, "secret": "<redacted>"]) }
}
