import BotCore

/// Binance writes every price, quantity and amount as a string with eight decimals
/// ("0.10000000"), and takes them back with at most eight (-1111 beyond).
enum Decimal8 {
    static let places = 8
    /// 10⁻⁸ on fixed point's 10⁻⁹ grid.
    static let unitRaw: Int64 = 10

    static func text<F: FixedPoint>(_ v: F) -> String {
        let rounded = v.raw.isMultiple(of: unitRaw) ? v.raw : v.raw / unitRaw * unitRaw
        let negative = rounded < 0
        let mag = rounded.magnitude
        let whole = mag / UInt64(FixedPointScale.factor), frac = mag % UInt64(FixedPointScale.factor) / UInt64(unitRaw)
        let fracText = String(frac)
        return (negative ? "-" : "") + String(whole) + "." + String(repeating: "0", count: places - fracText.count) + fracText
    }

    /// `v` on the 10⁻⁸ grid, rounded as `rule` says (commissions, quote quantities).
    static func round<F: FixedPoint>(_ v: F, _ rule: RoundingRule) -> F {
        v.rounded(toMultipleOf: F(raw: unitRaw), rule)
    }

    /// Why a parameter's text is not a decimal Binance takes.
    enum Refusal: Error {
        case illegal
        case tooPrecise
    }

    /// Parses a request decimal: digits, an optional fraction, at most eight decimals.
    static func parse<F: FixedPoint>(_ text: String) -> Result<F, Refusal> {
        let u = text.utf8
        guard !u.isEmpty, u.allSatisfy({ ($0 >= 48 && $0 <= 57) || $0 == UInt8(ascii: ".") }),
              u.filter({ $0 == UInt8(ascii: ".") }).count <= 1, u.first != UInt8(ascii: "."), u.last != UInt8(ascii: ".") else {
            return .failure(.illegal)
        }
        if let dot = text.firstIndex(of: ".") {
            let decimals = text[text.index(after: dot)...].reversed().drop { $0 == "0" }.count
            if decimals > places { return .failure(.tooPrecise) }
        }
        guard let v = F(text) else { return .failure(.illegal) }
        return .success(v)
    }
}

extension JSON {
    /// A fixed-point value as Binance writes it: a string with eight decimals.
    static func dec<F: FixedPoint>(_ v: F) -> JSON { .string(Decimal8.text(v)) }
}
