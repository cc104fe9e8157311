import BotCore
import Indicators

/// The seed's band grid: levels from `GridBand` on each closed 15m bar, entries one level
/// beyond the levels nearest the price, re-entries one level back after a fill.
extension GridStrategy {
    /// The 15-minute refresh (each closed bar): new levels and regime; a newly reached −2
    /// closes the longs, +2 the shorts; take-profits whose level moved are cancelled to be
    /// placed again at the new one, and entries no longer on their level (0.1 % off) are
    /// cancelled for the loop to place again where the levels now are.
    mutating func refresh(_ c: Candle, _ now: Int64, _ ctx: StrategyContext, _ out: inout IntentSink) {
        guard let r = band?.reading(c) else { return }
        let previous = state.regime
        state.regime = r.regime
        let tick = instrument.tickSize
        let levels = r.levels.compactMap { x in x.isFinite ? Price(x)?.rounded(toMultipleOf: tick, .halfEven).nonZero : nil }
        if levels.count == r.levels.count { state.levels = levels }
        guard state.halted == nil else { return }
        if r.regime == -2 && previous != -2 { retireSide(long: true, ctx, &out) }
        if r.regime == 2 && previous != 2 { retireSide(long: false, ctx, &out) }
        repriceAfterRefresh(&out)
    }

    /// Take-profits whose target moved with the levels, and entries no longer on their level,
    /// are cancelled; their answers free them to be placed again where the levels now are.
    mutating func repriceAfterRefresh(_ out: inout IntentSink) {
        guard !state.levels.isEmpty else { return }
        for i in state.slots.indices where !state.slots[i].retired && !state.slots[i].cancelling {
            let s = state.slots[i]
            if let t = s.takeProfit {
                if let target = takeProfitPrice(s), target != s.takeProfitPrice {
                    out.cancel(t)
                    state.slots[i].cancelling = true
                }
            } else if let e = s.entry, s.filled.isZero, s.level < state.levels.count {
                let l = state.levels[s.level].doubleValue
                if abs(s.limit.doubleValue - l) > 0.001 * l {
                    out.cancel(e)
                    state.slots[i].cancelling = true
                }
            }
        }
    }

    /// Entries from the four levels nearest `p`: for each of the (up to) two below it, a buy at
    /// L(n−1), n ≥ 2; for each of the two above, a sell at L(n+1), n < grid_num. (The seed
    /// keeps one level above in long mode and one below in short mode, which only trims the
    /// side that mode does not enter.) A price more than 10 % away is replaced by the midpoint
    /// with `p`.
    mutating func bandEntries(_ p: Price, _ now: Int64, _ ctx: StrategyContext, _ out: inout IntentSink) {
        let n = params.gridNum, l = state.levels
        guard l.count == n + 2 else { return }
        let x = p.doubleValue
        let nearest = (0...n).sorted { a, b in
            let (da, db) = (abs(l[a].doubleValue - x), abs(l[b].doubleValue - x))
            return da != db ? da < db : a < b
        }.prefix(4)
        let tick = instrument.tickSize
        if params.direction != .short {
            for level in nearest.filter({ l[$0] < p }).prefix(2) where level >= 2 {
                var price = l[level - 1]
                if price.doubleValue < 0.9 * x { price = Price((x + price.doubleValue) / 2)?.rounded(toMultipleOf: tick, .down) ?? price }
                placeEntry(long: true, level: level - 1, price: price, market: p, now, ctx, &out)
            }
        }
        if params.direction != .long {
            for level in nearest.filter({ l[$0] >= p }).prefix(2) where level < n {
                var price = l[level + 1]
                if price.doubleValue > 1.1 * x { price = Price((x + price.doubleValue) / 2)?.rounded(toMultipleOf: tick, .up) ?? price }
                placeEntry(long: false, level: level + 1, price: price, market: p, now, ctx, &out)
            }
        }
    }

    /// After a unit at level k filled at f: a long buys again at `min(L(k−1), 0.995f)` (k > 1),
    /// a short sells again at `max(L(k+1), 1.005f)` (k < grid_num), the seed's re-entry.
    mutating func reEnter(after s: GridSlot, market p: Price, _ now: Int64, _ ctx: StrategyContext, _ out: inout IntentSink) {
        let l = state.levels, f = s.averageFill, tick = instrument.tickSize
        guard l.count == params.gridNum + 2 else { return }
        if s.long, s.level > 1, params.direction != .short,
           let price = Price(min(l[s.level - 1].doubleValue, 0.995 * f))?.rounded(toMultipleOf: tick, .down).nonZero {
            placeEntry(long: true, level: s.level - 1, price: price, market: p, now, ctx, &out)
        } else if !s.long, s.level < params.gridNum, params.direction != .long,
                  let price = Price(max(l[s.level + 1].doubleValue, 1.005 * f))?.rounded(toMultipleOf: tick, .up) {
            placeEntry(long: false, level: s.level + 1, price: price, market: p, now, ctx, &out)
        }
    }
}
