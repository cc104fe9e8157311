/// The `id` of a request on the market streams or the WebSocket API, echoed in its answer: an
/// integer or a short string.
public enum BinanceRequestID: Hashable, Sendable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    case int(Int64)
    case string(String)

    public init(integerLiteral value: Int64) { self = .int(value) }

    public var description: String {
        switch self {
        case .int(let v): String(v)
        case .string(let s): s
        }
    }

    var json: String {
        switch self {
        case .int(let v): String(v)
        case .string(let s): "\"" + s + "\""
        }
    }

    /// A string id is 1 to 36 letters and digits, and for the WebSocket API also `-` and `_`
    /// (so a UUID fits).
    func check(allowingDashes: Bool) throws(BinanceRequestError) {
        guard case .string(let s) = self else { return }
        let u = s.utf8
        let ok = (1...36).contains(u.count) && u.allSatisfy { c in
            (48...57).contains(c) || (65...90).contains(c) || (97...122).contains(c)
                || (allowingDashes && (c == UInt8(ascii: "-") || c == UInt8(ascii: "_")))
        }
        guard ok else {
            let rule = allowingDashes ? "letters, digits, '-' and '_'" : "letters and digits"
            throw BinanceRequestError(field: "id", reason: "'\(s.prefix(40))' must be 1 to 36 \(rule)")
        }
    }
}
