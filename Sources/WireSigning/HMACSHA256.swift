import COpenSSL

/// HMAC-SHA256 through OpenSSL's one-shot `HMAC`: the process already links OpenSSL for TLS,
/// and its implementation is the audited one. The venues encode the 32 raw bytes their own way
/// (OKX in `Base64`, Binance in lower-case `Hex`).
public enum HMACSHA256 {
    /// The 32-byte MAC of `message` under `key`; either may be empty.
    public static func mac(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        // Never a null pointer: OpenSSL may read a null key as "no key" rather than the empty
        // key, and an empty array or message has no base address. The lengths stay the real ones.
        let keyBytes = key.isEmpty ? [0] : key, messageBytes = message.isEmpty ? [0] : message
        let ok = keyBytes.withUnsafeBytes { k in
            messageBytes.withUnsafeBufferPointer { m in
                out.withUnsafeMutableBufferPointer { o in
                    HMAC(EVP_sha256(), k.baseAddress, Int32(key.count), m.baseAddress, message.count, o.baseAddress, &length) != nil
                }
            }
        }
        // Fails only when OpenSSL cannot allocate; sending a wrong signature would be worse.
        precondition(ok && length == 32, "HMAC-SHA256 failed in OpenSSL")
        return out
    }
}
