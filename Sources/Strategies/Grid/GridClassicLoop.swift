import BotCore
import Foundation

/// The classic grid: fixed prices between `lower_price` and `upper_price`, a buy at every
/// level below the price (but the top one), each bought unit sold one level up, and what to do
/// when the price leaves the range.
extension GridStrategy {
    /// Level `a` counted from the lower price as given; beyond the range (a trailing grid) by
    /// the same step or ratio, on the tick. Nil where that would not be a positive price.
    func classicLevel(_ a: Int) -> Price? {
        if a >= 0 && a < classicLevels.count { return classicLevels[a] }
        guard let first = classicLevels.first, let last = classicLevels.last else { return nil }
        let lo = first.doubleValue, hi = last.doubleValue, span = Double(classicLevels.count - 1)
        let x = params.levels == .geometric ? lo * pow(hi / lo, Double(a) / span) : lo + (hi - lo) * Double(a) / span
        guard x.isFinite, x > 0 else { return nil }
        return Price(x)?.rounded(toMultipleOf: instrument.tickSize, .halfEven).nonZero
    }

    mutating func classicRound(_ p: Price, _ now: Int64, _ ctx: StrategyContext, _ out: inout IntentSink) {
        let n = params.gridNum
        guard let bottom = classicLevel(state.shift), let top = classicLevel(state.shift + n - 1) else { return }
        if p < bottom || p > top {
            switch params.outOfRange {
            case .stop:
                halt("out_of_range: the price \(p) left the grid \(bottom)–\(top)", ctx, &out)
                return
            case .hold:
                // Keep every order and wait for the price to come back: nothing new.
                return
            case .trail:
                // A grid that cannot follow holds: nothing new until the price comes back.
                guard trail(p, bottom: bottom, top: top, &out) else { return }
            }
        }
        if params.initialInventory && !state.inventoryDecided { buyInventory(p, &out) }
        // The top level has no level above it to sell at: it takes no buy.
        for a in state.shift..<(state.shift + n - 1) where !state.inventoryPlan.contains(where: { $0.level == a }) {
            guard let price = classicLevel(a), price < p else { continue }
            placeEntry(long: true, level: a, price: price, market: p, now, ctx, &out)
        }
    }

    /// Moves the grid by as many whole steps as bring `p` back inside it. Buys left below the
    /// new range are cancelled; bought units keep their sells where they are (nothing is
    /// closed). A grid cannot trail down to a price of zero, nor jump a million steps: there it
    /// holds. True when it moved.
    @discardableResult
    mutating func trail(_ p: Price, bottom: Price, top: Price, _ out: inout IntentSink) -> Bool {
        let x = p.doubleValue, n = params.gridNum
        guard let lo = classicLevels.first?.doubleValue, let hi = classicLevels.last?.doubleValue else { return false }
        let distance: Double
        if params.levels == .geometric {
            let r = log(hi / lo) / Double(n - 1)
            distance = p > top ? log(x / top.doubleValue) / r : -log(bottom.doubleValue / x) / r
        } else {
            let step = (hi - lo) / Double(n - 1)
            distance = p > top ? (x - top.doubleValue) / step : -(bottom.doubleValue - x) / step
        }
        // Whole steps away from the price; a jump no grid could follow (or no number) holds.
        guard distance.isFinite, abs(distance) < 1e6 else { return false }
        var steps = distance > 0 ? Int(distance.rounded(.up)) : -Int((-distance).rounded(.up))
        // Rounding on the tick can leave the price a hair outside: one more step.
        if steps > 0, let t = classicLevel(state.shift + steps + n - 1), t < p { steps += 1 }
        if steps < 0, let b = classicLevel(state.shift + steps), b > p { steps -= 1 }
        guard steps != 0, classicLevel(state.shift + steps) != nil else { return false }
        state.shift += steps
        let range = state.shift..<(state.shift + n - 1)
        for i in state.slots.indices {
            let s = state.slots[i]
            guard let e = s.entry, !range.contains(s.level), !s.cancelling, !s.retired else { continue }
            out.cancel(e)
            state.slots[i].cancelling = true
        }
        return true
    }

    /// `initial_inventory`: at the first round, one market buy of what the levels above the
    /// price would have bought one level below them, so each of them can sell at once.
    mutating func buyInventory(_ p: Price, _ out: inout IntentSink) {
        state.inventoryDecided = true
        var plan: [InventoryUnit] = []
        for a in (state.shift + 1)..<(state.shift + params.gridNum) {
            guard let above = classicLevel(a), above > p, let below = classicLevel(a - 1),
                  !state.slots.contains(where: { $0.level == a - 1 }), let q = size(at: below) else { continue }
            plan.append(InventoryUnit(level: a - 1, quantity: q))
        }
        guard !plan.isEmpty else { return }
        state.inventoryPlan = plan
        state.inventoryFilled = .zero
        state.inventoryValue = 0
        state.inventoryOrder = out.place(.buy, .market, quantity: plan.reduce(.zero) { $0 + $1.quantity }, positionSide: leg(true))
    }

    /// The starting inventory has filled (or filled as far as it will): each planned unit, from
    /// the lowest, becomes a bought unit at the average price, whose sell the next round places.
    mutating func settleInventory() {
        var left = state.inventoryFilled
        let average = left.isZero ? 0 : state.inventoryValue / left.doubleValue
        for u in state.inventoryPlan where !left.isZero {
            let q = min(u.quantity, left)
            left -= q
            var s = GridSlot(level: u.level, long: true, entry: nil, limit: Price(average) ?? .zero, ordered: q)
            s.filled = q
            s.filledValue = average * q.doubleValue
            state.slots.append(s)
        }
        state.inventoryOrder = nil
        state.inventoryPlan = []
    }
}
