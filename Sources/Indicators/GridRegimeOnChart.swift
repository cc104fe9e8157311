/// GRID's 4h regime read from the chart's bars (15m): 4h bars are built from them (open of the
/// first, highest high, lowest low, close of the last) and each, once closed, feeds
/// `GridRegime`. A chart bar reads the state of the last 4h bar closed by its own close: the
/// seed's stored history gives each 15m bar its 4h bar's final state (up to 3h45m ahead of
/// it); live, a decision can only know the 4h bars already closed, and so does this.
public struct GridRegimeOnChart: Sendable, Codable, Equatable {
    public static let periodMs: Int64 = 14_400_000
    public private(set) var regime = GridRegime()
    private var open: Int64?
    private var high = -Double.infinity
    private var low = Double.infinity
    private var close = Double.nan

    public init() {}

    /// Adds the chart bar opening at `ts` (`chartMs` long), closed; returns the regime state.
    @discardableResult
    public mutating func update(ts: Int64, chartMs: Int64, high h: Double, low l: Double, close c: Double) -> Int {
        let o = ts / Self.periodMs * Self.periodMs
        // A 4h bar whose last chart bar never came (a gap) closes when the next one starts.
        if let current = open, current != o { finish() }
        if open == nil { (open, high, low) = (o, h, l) }
        high = max(high, h)
        low = min(low, l)
        close = c
        if ts + chartMs >= o + Self.periodMs { finish() }
        return regime.state
    }

    private mutating func finish() {
        guard open != nil else { return }
        regime.update(high: high, low: low, close: close)
        open = nil
        (high, low) = (-.infinity, .infinity)
    }
}
