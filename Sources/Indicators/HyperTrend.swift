/// HYPERRSI's trend filter (TradingBoost `trend_state`), computed bar by bar.
///
/// 1. JMA 5/10/20 (phase 50, power 2) of the closes, each smoothed by `RationalQuadratic`.
/// 2. Bull when m1 > m2 > m3 or m2 > m1 > m3; Bear when m3 > m2 > m1.
/// 3. `BBState` of the same bars.
/// 4. The latch, first match wins: Bull and BB_State == 2 → 2; previous 2 and not Bull → 0;
///    Bear and BB_State == −2 → −2; previous −2 and not Bear → 0; otherwise hold. Values are
///    always −2, 0 or 2.
public struct HyperTrend: Sendable, Codable, Equatable {
    public private(set) var jma5 = JMA(length: 5)
    public private(set) var jma10 = JMA(length: 10)
    public private(set) var jma20 = JMA(length: 20)
    private var rq5 = RationalQuadratic()
    private var rq10 = RationalQuadratic()
    private var rq20 = RationalQuadratic()
    public private(set) var bb = BBState()
    public private(set) var value = 0
    public private(set) var bull = false
    public private(set) var bear = false

    public init() {}

    /// Adds a bar's close; returns the trend state −2, 0 or 2.
    @discardableResult
    public mutating func update(_ close: Double) -> Int {
        let m1 = rq5.update(jma5.update(close))
        let m2 = rq10.update(jma10.update(close))
        let m3 = rq20.update(jma20.update(close))
        bull = (m1 > m2 && m2 > m3) || (m2 > m1 && m1 > m3)
        bear = m3 > m2 && m2 > m1
        let state = bb.update(close)
        if bull && state == 2 {
            value = 2
        } else if value == 2 && !bull {
            value = 0
        } else if bear && state == -2 {
            value = -2
        } else if value == -2 && !bear {
            value = 0
        }
        return value
    }
}

/// The rational-quadratic kernel smoothing HYPERRSI applies to each cycle MA: a weighted mean
/// of the last seven values (lags 0…6), weight (1 + lag² / (2·lookback²·relativeWeight))^−relativeWeight
/// with lookback 30 and relative weight 0.5. Fewer than seven values so far: the mean over
/// the lags there are.
public struct RationalQuadratic: Sendable, Codable, Equatable {
    public static let lags = 7
    private var window = RingBuffer(capacity: RationalQuadratic.lags)
    private let weights: [Double]

    public init(lookback: Double = 30, relativeWeight: Double = 0.5) {
        weights = (0..<Self.lags).map { lag in
            let l = Double(lag)
            return pow(1 + l * l / (2 * lookback * lookback * relativeWeight), -relativeWeight)
        }
    }

    public mutating func update(_ x: Double) -> Double {
        window.push(x)
        var sum = 0.0, wsum = 0.0
        let n = window.count
        for lag in 0..<n {
            let w = weights[lag]
            sum += window[n - 1 - lag] * w
            wsum += w
        }
        return sum / wsum
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
