import BotCore

/// A request that cannot be built: which field, and why. Never carries a secret.
public struct BinanceRequestError: Error, Hashable, Sendable, CustomStringConvertible {
    public var field: String
    public var reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String { "\(field): \(reason)" }
}

/// Checks shared by the request builders: a mistake is named here rather than coming back as
/// Binance's -1100 or -1102.
enum BinanceCheck {
    /// Upper-case ASCII letters, digits, `-`, `_` and `.` (Binance's `^[A-Z0-9-_.]{1,20}$`), and
    /// since Binance lists symbols in other scripts, letters and digits beyond ASCII; at most 20.
    static func symbol(_ s: String, field: String = "symbol") throws(BinanceRequestError) {
        let scalars = s.unicodeScalars
        let ok = (1...20).contains(scalars.count) && scalars.allSatisfy { u in
            switch u.value {
            case 48...57, 65...90, 0x2D, 0x2E, 0x5F: true
            case 0..<0x80: false
            default: u.properties.isAlphabetic || u.properties.numericType != nil
            }
        }
        guard ok else {
            throw BinanceRequestError(field: field, reason: "'\(s.prefix(40))' is not a symbol (1 to 20 upper-case letters, digits, '-', '_', '.')")
        }
    }

    /// `newClientOrderId` and `origClientOrderId`: 1 to 36 of `[.A-Za-z:/0-9_-]`, the pattern
    /// Binance's own -1100 messages quote.
    static func clientOrderID(_ s: String, field: String) throws(BinanceRequestError) {
        let u = s.utf8
        let ok = (1...36).contains(u.count) && u.allSatisfy { c in
            switch c {
            case 48...58, 65...90, 97...122, UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: "_"), UInt8(ascii: "-"): true
            default: false
            }
        }
        guard ok else { throw BinanceRequestError(field: field, reason: "'\(s.prefix(40))' must be 1 to 36 of [.A-Za-z:/0-9_-]") }
    }

    static func positive<T: FixedPoint>(_ v: T, field: String) throws(BinanceRequestError) {
        guard v.raw > 0 else { throw BinanceRequestError(field: field, reason: "\(v) must be positive") }
    }

    static func limit(_ n: Int?, max: Int) throws(BinanceRequestError) {
        if let n, !(1...max).contains(n) { throw BinanceRequestError(field: "limit", reason: "\(n) must be 1 to \(max)") }
    }

    static func time(_ ms: Int64?, field: String) throws(BinanceRequestError) {
        if let ms, ms < 0 { throw BinanceRequestError(field: field, reason: "\(ms) is before 1970") }
    }

    /// Binance's id types are positive 64-bit integers.
    static func id(_ v: Int64?, field: String) throws(BinanceRequestError) {
        if let v, v < 0 { throw BinanceRequestError(field: field, reason: "\(v) is not an id") }
    }
}
