/// A limit's window as the headers name it: `1M` is one minute, `10S` ten seconds, `1D` a day.
public struct BinanceLimitWindow: Hashable, Sendable, CustomStringConvertible {
    public var count: Int
    public var unit: BinanceLimitInterval

    public init(_ count: Int, _ unit: BinanceLimitInterval) {
        self.count = count
        self.unit = unit
    }

    public static let oneMinute = Self(1, .minute)
    public static let tenSeconds = Self(10, .second)
    public static let oneDay = Self(1, .day)

    /// From the header's suffix (`1M`, `10S`); nil for anything else.
    init?(suffix: Substring) {
        guard let letter = suffix.last, let unit = BinanceLimitInterval(letter: letter) else { return nil }
        let digits = suffix.dropLast()
        guard !digits.isEmpty, digits.count <= 6, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(digits), n > 0
        else { return nil }
        self.init(n, unit)
    }

    public var seconds: Int { count * unit.seconds }

    public var description: String {
        let letter = switch unit {
        case .second: "S"
        case .minute: "M"
        case .hour: "H"
        case .day: "D"
        }
        return "\(count)\(letter)"
    }
}

/// The usage Binance reports in an answer's headers: the IP's request weight used in each
/// window (every answer), the account's unfilled-order count in each window (successful
/// orders; a rejected one may not carry it), and `Retry-After` on a 429 or 418.
public struct BinanceLimitHeaders: Hashable, Sendable {
    /// `X-MBX-USED-WEIGHT-<window>`.
    public var usedWeight: [BinanceLimitWindow: Int] = [:]
    /// `X-MBX-ORDER-COUNT-<window>`.
    public var orderCount: [BinanceLimitWindow: Int] = [:]
    /// `Retry-After`, in seconds.
    public var retryAfterSeconds: Int?

    /// From the answer's headers (HTTPTransport gives their names in lower case; other cases
    /// are read too); values that are not counts are ignored.
    public init(_ headers: [String: String]) {
        for (name, value) in headers {
            let lower = name.lowercased()
            let text = value.trimmingSpaces
            if lower == "retry-after" {
                if let s = Int(text), s >= 0 { retryAfterSeconds = s }
            } else if lower.hasPrefix("x-mbx-used-weight-") {
                if let w = BinanceLimitWindow(suffix: lower.dropFirst(18)), let n = Int(text), n >= 0 { usedWeight[w] = n }
            } else if lower.hasPrefix("x-mbx-order-count-") {
                if let w = BinanceLimitWindow(suffix: lower.dropFirst(18)), let n = Int(text), n >= 0 { orderCount[w] = n }
            }
        }
    }

    /// From a list of headers; of one repeated (in any case), the last.
    public init(_ headers: [(name: String, value: String)]) {
        self.init(Dictionary(headers.map { ($0.name.lowercased(), $0.value) }, uniquingKeysWith: { _, last in last }))
    }

    /// Weight used in the current minute, the limit that matters most (6,000 by default).
    public var usedWeightPerMinute: Int? { usedWeight[.oneMinute] }
}

extension String {
    var trimmingSpaces: Substring {
        let s = drop { $0 == " " || $0 == "\t" }
        return s.dropLast(s.reversed().prefix { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }.count)
    }
}
