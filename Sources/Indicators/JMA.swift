#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Jurik moving average as HYPERRSI computes it (TradingBoost `calc_jma`).
///
/// `phaseRatio = phase/100 + 1.5` (clamped to 0.5…2.5), `beta = 0.45(L−1)/(0.45(L−1)+2)`,
/// `alpha = beta^power`. The recursion starts at bar 0 with e0 = jma = x, e1 = e2 = 0:
/// e0 = (1−α)x + α·e0; e1 = (x − e0)(1−β) + β·e1; e2 = (e0 + phaseRatio·e1 − jma)(1−α)² + α²·e2;
/// jma += e2. While fewer than `length` bars have been seen the output is the mean so far
/// (the recursion keeps running underneath).
public struct JMA: Sendable, Codable, Equatable {
    public let length: Int
    public let phaseRatio: Double
    public let beta: Double
    public let alpha: Double
    private var count = 0
    private var sum = 0.0
    private var e0 = 0.0, e1 = 0.0, e2 = 0.0, jma = 0.0
    public private(set) var value: Double?

    public init(length: Int, phase: Double = 50, power: Double = 2) {
        precondition(length >= 1)
        self.length = length
        phaseRatio = phase < -100 ? 0.5 : phase > 100 ? 2.5 : phase / 100.0 + 1.5
        beta = length > 1 ? 0.45 * Double(length - 1) / (0.45 * Double(length - 1) + 2) : 0
        alpha = power == 2 ? beta * beta : pow(beta, power)
    }

    @discardableResult
    public mutating func update(_ x: Double) -> Double {
        if count == 0 {
            e0 = x
            e1 = 0
            e2 = 0
            jma = x
        } else {
            e0 = (1 - alpha) * x + alpha * e0
            e1 = (x - e0) * (1 - beta) + beta * e1
            let oneMinus = 1 - alpha
            e2 = (e0 + phaseRatio * e1 - jma) * (oneMinus * oneMinus) + (alpha * alpha) * e2
            jma = e2 + jma
        }
        sum += x
        count += 1
        let v = count <= length ? sum / Double(count) : jma
        value = v
        return v
    }

    /// What `update(x)` would return, leaving the state as it is.
    public func peek(_ x: Double) -> Double {
        let n = count + 1
        if n <= length { return (sum + x) / Double(n) }
        // count ≥ 1 here (length ≥ 1): the recursion's step, in `update`'s order.
        let e0 = (1 - alpha) * x + alpha * self.e0
        let e1 = (x - e0) * (1 - beta) + beta * self.e1
        let oneMinus = 1 - alpha
        let e2 = (e0 + phaseRatio * e1 - jma) * (oneMinus * oneMinus) + (alpha * alpha) * self.e2
        return e2 + jma
    }
}
