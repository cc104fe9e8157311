import BotCore

/// A request that cannot be built: which field, and why. Never carries a secret.
public struct OKXRequestError: Error, Hashable, Sendable, CustomStringConvertible {
    public var field: String
    public var reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String { "\(field): \(reason)" }
}

/// Checks shared by the request builders.
enum OKXCheck {
    /// `^[A-Za-z0-9]{1,32}$`: OKX's rule for clOrdId, algoClOrdId, reqId and a WebSocket `id`
    /// (`-` and `_` are refused).
    static func clientID(_ s: String, field: String) throws(OKXRequestError) {
        let u = s.utf8
        guard (1...32).contains(u.count), u.allSatisfy({ (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) })
        else { throw OKXRequestError(field: field, reason: "'\(s.prefix(40))' must be 1 to 32 letters or digits") }
    }

    static func instId(_ s: String) throws(OKXRequestError) {
        guard !s.isEmpty, s.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") })
        else { throw OKXRequestError(field: "instId", reason: "'\(s.prefix(40))' is not an instrument id") }
    }

    static func positive<T: FixedPoint>(_ v: T, field: String) throws(OKXRequestError) {
        guard v.raw > 0 else { throw OKXRequestError(field: field, reason: "\(v) must be positive") }
    }

    static func limit(_ n: Int?, max: Int) throws(OKXRequestError) {
        if let n, !(1...max).contains(n) { throw OKXRequestError(field: "limit", reason: "\(n) must be 1 to \(max)") }
    }
}
