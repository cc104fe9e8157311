/// Wilder's directional movement: +DI, −DI and ADX, TA-Lib arithmetic.
///
/// The first `period − 1` bar-to-bar moves are summed; from bar `period` each step applies
/// `s −= s/n; s += x` to +DM, −DM and TR and yields +DI/−DI; the first ADX (bar `2·period − 1`)
/// is the mean of the first `period` DX values, then `(adx·(n−1) + dx)/n`.
public struct ADX: Sendable, Codable, Equatable {
    public struct Output: Sendable, Equatable {
        public var plusDI: Double
        public var minusDI: Double
        /// Nil until `2·period − 1` bars have been seen.
        public var adx: Double?
    }

    public let period: Int
    private var prevHigh = 0.0, prevLow = 0.0, prevClose = 0.0
    private var index = 0
    private var plusDM = 0.0, minusDM = 0.0, tr = 0.0
    private var sumDX = 0.0
    private var adx: Double?

    public init(period: Int = 14) {
        precondition(period >= 2)
        self.period = period
    }

    private static func isZero(_ v: Double) -> Bool { v > -1e-8 && v < 1e-8 }

    @discardableResult
    public mutating func update(high: Double, low: Double, close: Double) -> Output? {
        defer { index += 1 }
        if index == 0 {
            prevHigh = high
            prevLow = low
            prevClose = close
            return nil
        }
        let n = Double(period)
        let diffP = high - prevHigh
        let diffM = prevLow - low
        prevHigh = high
        prevLow = low
        let range = trueRange(high: high, low: low, previousClose: prevClose)
        prevClose = close
        if index < period {
            if diffM > 0 && diffP < diffM { minusDM += diffM } else if diffP > 0 && diffP > diffM { plusDM += diffP }
            tr += range
            return nil
        }
        minusDM -= minusDM / n
        plusDM -= plusDM / n
        if diffM > 0 && diffP < diffM { minusDM += diffM } else if diffP > 0 && diffP > diffM { plusDM += diffP }
        tr = tr - tr / n + range
        var plusDI = 0.0, minusDI = 0.0
        var dx: Double?
        if !Self.isZero(tr) {
            minusDI = 100.0 * (minusDM / tr)
            plusDI = 100.0 * (plusDM / tr)
            let sum = minusDI + plusDI
            if !Self.isZero(sum) { dx = 100.0 * (abs(minusDI - plusDI) / sum) }
        }
        if index < 2 * period {
            if let dx { sumDX += dx }
            if index == 2 * period - 1 { adx = sumDX / n }
        } else if let dx, let a = adx {
            adx = (a * (n - 1) + dx) / n
        }
        return Output(plusDI: plusDI, minusDI: minusDI, adx: adx)
    }
}
