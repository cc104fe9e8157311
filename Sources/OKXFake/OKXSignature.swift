import Crypto

/// OKX's request signature, computed with swift-crypto's HMAC: the fake's own, written from
/// the documentation and independent of the production signer, so a mistake in one is caught
/// by the other. Tests sign with it too; the documented vectors (protocols.md O1–O3) pin it.
public enum OKXSignature {
    /// `Base64(HMAC-SHA256(secret, prehash))`.
    public static func sign(secret: String, prehash: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array(prehash.utf8), using: SymmetricKey(data: Array(secret.utf8)))
        return DERWriter.base64(Array(mac))
    }

    /// REST: `timestamp + METHOD + requestPath(with query) + body`.
    public static func rest(secret: String, timestamp: String, method: String, path: String, body: String) -> String {
        sign(secret: secret, prehash: timestamp + method.uppercased() + path + body)
    }

    /// WebSocket login: `timestamp(seconds) + "GET" + "/users/self/verify"`.
    public static func wsLogin(secret: String, timestamp: String) -> String {
        sign(secret: secret, prehash: timestamp + "GET" + "/users/self/verify")
    }

    /// Compares two signatures in time independent of where they differ.
    static func matches(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in x.indices { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}
