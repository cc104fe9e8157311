import Crypto

/// Binance's HMAC signatures, computed with swift-crypto: the fake's own, written from the
/// documentation and independent of the runtime's signer (OpenSSL), so a mistake in one is
/// caught by the other. Tests sign with it too; the documented vectors B1–B6 pin it.
public enum BinanceSignature {
    /// `hex(HMAC-SHA256(secret, payload))`, lowercase.
    public static func hex(secret: String, payload: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array(payload.utf8), using: SymmetricKey(data: Array(secret.utf8)))
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in mac { out += [digits[Int(b >> 4)], digits[Int(b & 15)]] }
        return String(decoding: out, as: UTF8.self)
    }

    /// REST: the query string and the body exactly as sent, concatenated with no separator.
    public static func rest(secret: String, query: String, body: String = "") -> String {
        hex(secret: secret, payload: query + body)
    }

    /// The WebSocket API's payload: every param but `signature`, sorted by name, `name=value`
    /// joined by `&`, values as written (not percent-encoded).
    public static func wsAPIPayload(_ params: [(String, String)]) -> String {
        params.filter { $0.0 != "signature" }.sorted { $0.0 < $1.0 }.map { $0.0 + "=" + $0.1 }.joined(separator: "&")
    }

    public static func wsAPI(secret: String, params: [(String, String)]) -> String {
        hex(secret: secret, payload: wsAPIPayload(params))
    }

    /// Whether `given` is `expected` in any letter case, in time independent of where they differ.
    static func matches(_ expected: String, _ given: String) -> Bool {
        let x = Array(expected.lowercased().utf8), y = Array(given.lowercased().utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in x.indices { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}
