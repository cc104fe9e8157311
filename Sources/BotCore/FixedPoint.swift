/// Exact decimal arithmetic for everything that can reach an exchange.
///
/// A value is an `Int64` count of 10⁻⁹ units (nine decimals, as NautilusTrader's standard
/// precision), so "0.1" is exactly 0.1 and the sum of ten of them is exactly 1. Range is
/// ±9.2e9, enough for prices, sizes and per-bot notionals. Products and quotients go through
/// `Int128` and are rounded once, in a direction the caller states.
public protocol FixedPoint: Hashable, Comparable, Sendable, Codable,
    LosslessStringConvertible, CustomStringConvertible, ExpressibleByIntegerLiteral
{
    /// Units of 10⁻⁹.
    var raw: Int64 { get }
    init(raw: Int64)
}

public enum FixedPointScale {
    public static let digits = 9
    public static let factor: Int64 = 1_000_000_000
}

/// How a value that falls between two representable steps is rounded.
public enum RoundingRule: String, Sendable, Codable, CaseIterable {
    /// Toward negative infinity.
    case down
    /// Toward positive infinity.
    case up
    case towardZero
    case awayFromZero
    /// To the nearest step; ties to the even step (banker's rounding).
    case halfEven
}

/// Why a decimal string is not a fixed-point value.
public enum FixedPointParseError: Error, Equatable, CustomStringConvertible {
    case empty
    case invalidCharacter(String)
    case tooManyDecimals(String)
    case outOfRange(String)

    public var description: String {
        switch self {
        case .empty: "empty number"
        case .invalidCharacter(let s): "'\(s)' is not a decimal number"
        case .tooManyDecimals(let s): "'\(s)' has more than \(FixedPointScale.digits) decimals"
        case .outOfRange(let s): "'\(s)' is out of range"
        }
    }
}

/// Integer division with an explicit rounding direction.
@inlinable
func divide(_ n: Int128, _ d: Int128, _ rule: RoundingRule) -> Int128 {
    precondition(d != 0, "division by zero")
    let q = n / d, r = n % d
    if r == 0 { return q }
    let negative = (n < 0) != (d < 0)
    switch rule {
    case .towardZero: return q
    case .awayFromZero: return negative ? q - 1 : q + 1
    case .down: return negative ? q - 1 : q
    case .up: return negative ? q : q + 1
    case .halfEven:
        let twice = r.magnitude * 2, dm = d.magnitude
        if twice < dm { return q }
        if twice > dm || q % 2 != 0 { return negative ? q - 1 : q + 1 }
        return q
    }
}

@inlinable
func checked(_ v: Int128) -> Int64 {
    guard let r = Int64(exactly: v) else { preconditionFailure("fixed-point overflow") }
    return r
}

extension FixedPoint {
    public static var zero: Self { Self(raw: 0) }

    public init(integerLiteral value: Int64) {
        self.init(raw: checked(Int128(value) * Int128(FixedPointScale.factor)))
    }

    public init(_ units: Int) { self.init(integerLiteral: Int64(units)) }

    /// Parses a plain decimal ("-12.5", "0.00001"); no exponent, at most nine decimals.
    public static func parse(_ text: Substring) throws(FixedPointParseError) -> Self {
        var utf8 = text.utf8[...]
        guard !utf8.isEmpty else { throw .empty }
        var negative = false
        if utf8.first == UInt8(ascii: "-") { negative = true; utf8 = utf8.dropFirst() }
        else if utf8.first == UInt8(ascii: "+") { utf8 = utf8.dropFirst() }
        var intPart: Int128 = 0, frac: Int128 = 0, fracDigits = 0, digits = 0
        var seenDot = false
        for c in utf8 {
            if c == UInt8(ascii: ".") {
                if seenDot { throw .invalidCharacter(String(text)) }
                seenDot = true
                continue
            }
            guard c >= 48, c <= 57 else { throw .invalidCharacter(String(text)) }
            digits += 1
            let d = Int128(c - 48)
            if seenDot {
                fracDigits += 1
                if fracDigits > FixedPointScale.digits {
                    if d != 0 { throw .tooManyDecimals(String(text)) }
                    continue
                }
                frac = frac * 10 + d
            } else {
                intPart = intPart * 10 + d
                if intPart > Int128(Int64.max) { throw .outOfRange(String(text)) }
            }
        }
        guard digits > 0 else { throw .invalidCharacter(String(text)) }
        for _ in min(fracDigits, FixedPointScale.digits)..<FixedPointScale.digits { frac *= 10 }
        var raw = intPart * Int128(FixedPointScale.factor) + frac
        if negative { raw = -raw }
        guard let r = Int64(exactly: raw) else { throw .outOfRange(String(text)) }
        return Self(raw: r)
    }

    public init?(_ description: String) {
        guard let v = try? Self.parse(description[...]) else { return nil }
        self = v
    }

    /// Shortest exact decimal form: "0.1", "-3", "105573.73".
    public var description: String {
        let f = FixedPointScale.factor
        let mag = raw.magnitude
        let ip = mag / UInt64(f), fp = mag % UInt64(f)
        var s = raw < 0 ? "-" : ""
        s += String(ip)
        if fp != 0 {
            var frac = String(fp)
            frac = String(repeating: "0", count: FixedPointScale.digits - frac.count) + frac
            while frac.last == "0" { frac.removeLast() }
            s += "." + frac
        }
        return s
    }

    /// Nearest `Double`; exact inputs from decimal text give the same `Double` as parsing the
    /// text directly, because both operands of the division are exact and IEEE division rounds
    /// once. For indicators and reports only, never for what is sent to a venue.
    @inlinable public var doubleValue: Double { Double(raw) / 1e9 }

    /// The value nearest `d`, rounded by `rule` to the 10⁻⁹ grid; nil for NaN, ±inf or overflow.
    public init?(_ d: Double, rounding rule: RoundingRule = .halfEven) {
        guard d.isFinite, abs(d) < 9.2e9 else { return nil }
        let scaled = d * 1e9
        let r: Double
        switch rule {
        case .down: r = scaled.rounded(.down)
        case .up: r = scaled.rounded(.up)
        case .towardZero: r = scaled.rounded(.towardZero)
        case .awayFromZero: r = scaled.rounded(.awayFromZero)
        case .halfEven: r = scaled.rounded(.toNearestOrEven)
        }
        self.init(raw: Int64(r))
    }

    /// This value rounded to a multiple of `step` (a tick or lot size) in direction `rule`.
    public func rounded(toMultipleOf step: Self, _ rule: RoundingRule) -> Self {
        precondition(step.raw > 0, "step must be positive")
        let n = divide(Int128(raw), Int128(step.raw), rule)
        return Self(raw: checked(n * Int128(step.raw)))
    }

    public func isMultiple(of step: Self) -> Bool { step.raw > 0 && raw % step.raw == 0 }

    public static func < (a: Self, b: Self) -> Bool { a.raw < b.raw }
    public static func + (a: Self, b: Self) -> Self { Self(raw: a.raw + b.raw) }
    public static func - (a: Self, b: Self) -> Self { Self(raw: a.raw - b.raw) }
    public static prefix func - (a: Self) -> Self { Self(raw: -a.raw) }
    public static func += (a: inout Self, b: Self) { a = a + b }
    public static func -= (a: inout Self, b: Self) { a = a - b }
    public var magnitude: Self { Self(raw: raw < 0 ? -raw : raw) }
    public var isZero: Bool { raw == 0 }
    public var signum: Int { raw > 0 ? 1 : (raw < 0 ? -1 : 0) }

    /// `self × other`, as another fixed-point kind, rounded once.
    public func times<A: FixedPoint, R: FixedPoint>(_ other: A, _ rule: RoundingRule) -> R {
        R(raw: checked(divide(Int128(raw) * Int128(other.raw), Int128(FixedPointScale.factor), rule)))
    }

    /// `self ÷ other`, as another fixed-point kind, rounded once.
    public func divided<A: FixedPoint, R: FixedPoint>(by other: A, _ rule: RoundingRule) -> R {
        R(raw: checked(divide(Int128(raw) * Int128(FixedPointScale.factor), Int128(other.raw), rule)))
    }

    /// `self × ratio` in the same kind (e.g. a price 2 % above: `p.scaled(by: "1.02", .up)`).
    public func scaled(by ratio: Ratio, _ rule: RoundingRule) -> Self { times(ratio, rule) }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let s = try c.decode(String.self)
        do { self = try Self.parse(s[...]) } catch {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// A price in quote currency per unit (per contract for swaps: see `Instrument`).
public struct Price: FixedPoint {
    public let raw: Int64
    @inlinable public init(raw: Int64) { self.raw = raw }
}

/// An order or position size in the venue's unit (base currency for spot, contracts for swaps).
public struct Quantity: FixedPoint {
    public let raw: Int64
    @inlinable public init(raw: Int64) { self.raw = raw }
}

/// An amount of quote currency (notional, fee, PnL, margin).
public struct Money: FixedPoint {
    public let raw: Int64
    @inlinable public init(raw: Int64) { self.raw = raw }
}

/// A dimensionless factor (fee rate, leverage, percentage as a fraction).
public struct Ratio: FixedPoint {
    public let raw: Int64
    @inlinable public init(raw: Int64) { self.raw = raw }
}

extension FixedPoint {
    /// Convenience for literals in code and tests: `Price.of("0.1")`; traps on malformed text.
    public static func of(_ text: String) -> Self {
        do { return try parse(text[...]) } catch { preconditionFailure("\(error)") }
    }
}
