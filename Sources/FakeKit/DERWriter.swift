/// Just enough DER to wrap what swift-certificates hands out as bytes.
///
/// `Certificate` exposes its signed `tbsCertificateBytes` and its signature's raw bytes, but
/// writing the whole certificate (or building an IP-address SAN) needs SwiftASN1's serializer,
/// a module this target does not depend on. A certificate is a SEQUENCE of those two parts and
/// a fixed algorithm identifier; that much is a few lines.
public enum DERWriter {
    /// Tag, definite length, content.
    public static func tlv(_ tag: UInt8, _ content: [UInt8]) -> [UInt8] {
        [tag] + length(content.count) + content
    }

    public static func length(_ n: Int) -> [UInt8] {
        if n < 0x80 { return [UInt8(n)] }
        var bytes: [UInt8] = []
        var v = n
        while v > 0 { bytes.insert(UInt8(v & 0xFF), at: 0); v >>= 8 }
        return [0x80 | UInt8(bytes.count)] + bytes
    }

    /// AlgorithmIdentifier { ecdsa-with-SHA256 (1.2.840.10045.4.3.2) }, no parameters (RFC 5758).
    public static let ecdsaWithSHA256: [UInt8] = [0x30, 0x0A, 0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x02]

    /// Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING }.
    public static func certificate(tbs: some Sequence<UInt8>, ecdsaSignature: [UInt8]) -> [UInt8] {
        tlv(0x30, Array(tbs) + ecdsaWithSHA256 + tlv(0x03, [0x00] + ecdsaSignature))
    }

    /// GeneralNames with DNS names ([2] IA5String) and IPv4 addresses ([7] OCTET STRING).
    public static func subjectAltNames(dns: [String], ipv4: [[UInt8]]) -> [UInt8] {
        var body: [UInt8] = []
        for d in dns { body += tlv(0x82, Array(d.utf8)) }
        for ip in ipv4 { body += tlv(0x87, ip) }
        return tlv(0x30, body)
    }

    /// PEM armour, 64 base64 characters a line.
    public static func pem(_ der: [UInt8], label: String) -> String {
        let b64 = base64(der)
        var lines: [Substring] = []
        var rest = b64[...]
        while !rest.isEmpty {
            lines.append(rest.prefix(64))
            rest = rest.dropFirst(64)
        }
        return "-----BEGIN \(label)-----\n" + lines.joined(separator: "\n") + "\n-----END \(label)-----\n"
    }

    public static func base64(_ bytes: [UInt8]) -> String {
        let table = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i + 3 <= bytes.count {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            out += [table[Int(n >> 18)], table[Int(n >> 12 & 63)], table[Int(n >> 6 & 63)], table[Int(n & 63)]]
            i += 3
        }
        let rest = bytes.count - i
        if rest == 1 {
            let n = UInt32(bytes[i]) << 16
            out += [table[Int(n >> 18)], table[Int(n >> 12 & 63)], UInt8(ascii: "="), UInt8(ascii: "=")]
        } else if rest == 2 {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8
            out += [table[Int(n >> 18)], table[Int(n >> 12 & 63)], table[Int(n >> 6 & 63)], UInt8(ascii: "=")]
        }
        return String(decoding: out, as: UTF8.self)
    }
}
