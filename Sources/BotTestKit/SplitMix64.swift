import MarketSim

extension SplitMix64 {
    /// Uniform in `range`: for tests whose randomness must replay from a printed seed.
    public mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + unit() * (range.upperBound - range.lowerBound)
    }
}
