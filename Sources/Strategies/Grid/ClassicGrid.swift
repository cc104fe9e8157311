import BotCore
import Foundation

/// The classic grid's prices: `count` levels from `lower` to `upper` inclusive, equally spaced
/// (`arithmetic`: lower + i·(upper − lower)/(count − 1)) or in equal ratios (`geometric`:
/// lower·(upper/lower)^(i/(count − 1))), each rounded to the instrument's tick. Levels that
/// round onto one another are an error: the grid is finer than the tick allows.
public enum ClassicGrid {
    public struct TooFine: Error, Equatable, CustomStringConvertible {
        public let count: Int
        public let tick: Price
        public var description: String { "\(count) levels between these prices are closer than the tick (\(tick)): use fewer levels or a wider range" }
    }

    public static func levels(_ mode: GridParams.Levels, lower: Price, upper: Price, count: Int, tick: Price) throws(TooFine) -> [Price] {
        precondition(count >= 2 && lower < upper && mode != .famaBand)
        let lo = lower.doubleValue, hi = upper.doubleValue
        var out: [Price] = []
        for i in 0..<count {
            let f = Double(i) / Double(count - 1)
            // The ends are the user's own prices, exactly.
            let x: Price
            if i == 0 {
                x = lower
            } else if i == count - 1 {
                x = upper
            } else {
                let v = mode == .arithmetic ? lo + (hi - lo) * f : lo * pow(hi / lo, f)
                // Inside the range by construction, so finite and representable.
                x = (Price(v) ?? lower).rounded(toMultipleOf: tick, .halfEven)
            }
            if let last = out.last, x <= last { throw TooFine(count: count, tick: tick) }
            out.append(x)
        }
        return out
    }
}
