import BotCore
import WireSigning

/// An OKX API key: the key and passphrase travel in headers, the secret only signs. Nothing
/// that prints, dumps or reflects a value of this type shows the secret or the passphrase.
public struct OKXCredentials: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public let apiKey: String
    public let passphrase: String
    private let secret: [UInt8]

    public init(apiKey: String, secret: String, passphrase: String) {
        self.apiKey = apiKey
        self.secret = Array(secret.utf8)
        self.passphrase = passphrase
    }

    /// From an account's credentials as the daemon reads them (values that never print).
    public init(apiKey: Secret, secret: Secret, passphrase: Secret) {
        self.init(apiKey: apiKey.reveal, secret: secret.reveal, passphrase: passphrase.reveal)
    }

    /// Base64(HMAC-SHA256(secret, prehash)).
    public func sign(_ prehash: [UInt8]) -> String { Base64.encode(HMACSHA256.mac(key: secret, message: prehash)) }

    /// A REST request's `OK-ACCESS-SIGN`: over `timestamp + METHOD + requestPath + body`, where
    /// the request path carries its query and the body is the exact bytes sent (empty for GET).
    public func restSignature(timestamp: String, method: String, requestPath: String, body: [UInt8]) -> String {
        sign(Array(timestamp.utf8) + Array(method.uppercased().utf8) + Array(requestPath.utf8) + body)
    }

    /// The WebSocket login's `sign`: over `seconds + "GET" + "/users/self/verify"`.
    public func loginSignature(seconds: String) -> String {
        sign(Array((seconds + "GET/users/self/verify").utf8))
    }

    /// The key's last four characters: enough to tell two accounts apart in a log, not to use it.
    var keyHint: String { apiKey.count > 8 ? "…" + apiKey.suffix(4) : "<redacted>" }
    public var description: String { "OKXCredentials(apiKey: \(keyHint), secret: <redacted>, passphrase: <redacted>)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror {
        Mirror(self, children: ["apiKey": keyHint, "secret": "<redacted>", "passphrase": "<redacted>"])
    }
}
