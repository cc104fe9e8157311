import BotCore
import Indicators

/// Sizes and prices: the entry size, the take-profit ladder, stops, break-even, DCA levels.
extension HyperRSIStrategy {
    /// Contracts for entry number `k` (0 for the first): investment × multiplier^k × leverage
    /// at `price`, rounded down to the lot, at least the venue's minimum.
    func size(entries k: Int, price: Price) -> Quantity? {
        let p = price.doubleValue, cv = instrument.contractValue.doubleValue
        guard p > 0, cv > 0 else { return nil }
        var margin = (params.investmentByBase[instrument.base.lowercased()] ?? params.investment).doubleValue
        for _ in 0..<k { margin *= params.entryMultiplier }
        guard let raw = Quantity(margin * Double(params.leverage) / (cv * p), rounding: .towardZero) else { return nil }
        let q = raw.rounded(toMultipleOf: instrument.lotSize, .towardZero)
        return max(q, instrument.minSize)
    }

    /// How far from `base` a distance of `v` by `option` is: v % of it, v × ATR (at least 0.1 %
    /// of it), v in price, or (`amount`) the move that makes v of profit on `quantity`
    /// contracts. Nil when an amount has no position to spread over.
    func distance(_ option: Distance, _ v: Double, from base: Double, quantity: Quantity, atr: Double) -> Double? {
        switch option {
        case .percent: return base * v / 100
        case .atr: return max(atr, base * 0.001) * v
        case .price: return v
        case .amount:
            let units = quantity.doubleValue * instrument.contractValue.doubleValue
            return units > 0 ? v / units : nil
        }
    }

    /// Take-profit `i` (0…2) of a position of `quantity` entered at `average`, `current` the
    /// price now: at least 0.01 % beyond both, on the tick.
    func takeProfitPrice(_ i: Int, long: Bool, average: Price, current: Price, quantity: Quantity, atr: Double) -> Price? {
        let a = average.doubleValue
        guard let d = distance(params.tpOption, params.tpValues[i], from: a, quantity: quantity, atr: atr) else { return nil }
        let bound = long ? max(a, current.doubleValue) * 1.0001 : min(a, current.doubleValue) * 0.9999
        return onTick(long ? max(a + d, bound) : min(a - d, bound), up: long)
    }

    /// The stop of a position entered at `average`, by `sl_option`.
    func stopLossPrice(long: Bool, average: Price, quantity: Quantity, atr: Double) -> Price? {
        let a = average.doubleValue
        guard let d = distance(params.slOption, params.slValue, from: a, quantity: quantity, atr: atr) else { return nil }
        return onTick(long ? a - d : a + d, up: !long)
    }

    /// Where the next DCA entry triggers, from `base` (`amount` is a price distance here, as
    /// the seed's 금액 기준 for DCA; the ATR floor is 0.1 % of the price now).
    func dcaLevel(_ base: Price, _ long: Bool, _ m: Moment) -> Price? {
        let b = base.doubleValue
        let option = params.dcaOption == .amount ? Distance.price : params.dcaOption
        let atr = max(m.atr, m.price.doubleValue * 0.001)
        guard let d = distance(option, params.dcaValue, from: b, quantity: .zero, atr: atr) else { return nil }
        return onTick(long ? b - d : b + d, up: !long)
    }

    func onTick(_ x: Double, up: Bool) -> Price? {
        guard x > 0, let p = Price(x, rounding: .halfEven) else { return nil }
        return p.rounded(toMultipleOf: instrument.tickSize, up ? .up : .down)
    }

    /// With trailing on and no enabled take-profit after the start point, the start point is
    /// not an order: touching its price arms the trail for everything left (the seed would
    /// close the whole position there and never trail).
    var trailStartIsVirtual: Bool {
        params.trailing && !(params.trailingStart..<3).contains { params.useTP[$0] }
    }

    /// The take-profits that are orders, by index.
    var placedTakeProfits: [Int] {
        let enabled = (0..<3).filter { params.useTP[$0] }
        guard params.trailing else { return enabled }
        let last = trailStartIsVirtual ? params.trailingStart - 1 : params.trailingStart
        return enabled.filter { $0 < last }
    }

    func trailOffset(_ l: Leg, _ extreme: Price) -> Price {
        let floor = extreme.doubleValue * 0.001
        var offset = extreme.doubleValue * params.trailingOffsetPercent / 100
        if params.trailingOffsetFromTPs, let a = l.takeProfitPrices[1], let b = l.takeProfitPrices[2] {
            offset = abs(b.doubleValue - a.doubleValue)
        }
        return Price(max(offset, floor), rounding: .halfEven) ?? .zero
    }

    /// After an entry or a DCA fill: the take-profit ladder and the stop, for the whole
    /// position at its new average (the seed drops the stop after a DCA; here it is re-placed).
    mutating func protect(_ side: PositionSide, _ pos: Position, price: Price, _ out: inout IntentSink) {
        cancelProtection(side, &out)
        let long = side == .long
        let total = pos.quantity.magnitude
        let average = pos.averageEntry(instrument) ?? price
        let atr = state.lastATR ?? 0
        var l = leg(side)
        l.trailArmed = false
        l.trailExtreme = nil
        for i in 0..<3 {
            l.takeProfitPrices[i] = takeProfitPrice(i, long: long, average: average, current: price, quantity: total, atr: atr)
        }
        let enabled = (0..<3).filter { params.useTP[$0] }
        let ratioSum = enabled.reduce(0.0) { $0 + params.tpRatios[$1] }
        let placed = placedTakeProfits
        var remaining = total
        for (n, i) in placed.enumerated() {
            guard let p = l.takeProfitPrices[i], ratioSum > 0 else { continue }
            let lastTakesRest = !params.trailing && n == placed.count - 1
            var q = lastTakesRest ? remaining
                : (Quantity(total.doubleValue * params.tpRatios[i] / ratioSum, rounding: .towardZero) ?? .zero)
                    .rounded(toMultipleOf: instrument.lotSize, .towardZero)
            q = min(q, remaining)
            // The dust close: a take-profit that would leave less than the minimum size behind
            // takes it too. Nothing could close that remainder later (an order for it is below
            // the minimum, RiskGuard refuses it, and so would the venue), nor stop it out.
            if remaining - q < instrument.minSize { q = remaining }
            guard q >= instrument.minSize, q.raw > 0 else { continue }
            remaining -= q
            l.takeProfits[i] = out.place(long ? .sell : .buy, .limit(p), quantity: q, reduceOnly: true, positionSide: side)
        }
        if params.useSL && (!params.useSLOnLast || l.entries >= params.pyramidingLimit),
           let s = stopLossPrice(long: long, average: average, quantity: total, atr: atr) {
            l.stopPrice = s
            l.stop = out.place(long ? .sell : .buy, .stopMarket(trigger: s), quantity: total, reduceOnly: true, positionSide: side)
        }
        update(side) { $0 = l }
    }

    /// Break-even ladder: TP1 filled → stop at the entry; TP2 → at TP1; TP3 → at TP2 (not
    /// when the ratios close the whole position by TP3).
    mutating func breakEven(after i: Int, _ side: PositionSide, _ pos: Position, _ out: inout IntentSink) {
        guard params.breakEven[i], !pos.isFlat else { return }
        let enabledSum = (0..<3).filter { params.useTP[$0] }.reduce(0.0) { $0 + params.tpRatios[$1] }
        if i == 2 && enabledSum >= 99 { return }
        var l = leg(side)
        let level = i == 0 ? pos.averageEntry(instrument).map { onTick($0.doubleValue, up: side == .long) } ?? nil
            : l.takeProfitPrices[i - 1]
        guard let level else { return }
        if let old = l.stop { out.cancel(old) }
        let long = side == .long
        l.stopPrice = level
        l.stop = out.place(long ? .sell : .buy, .stopMarket(trigger: level), quantity: pos.quantity.magnitude, reduceOnly: true,
                           positionSide: side)
        update(side) { $0 = l }
    }

    /// A take-profit or stop set by hand, for each leg it names that holds a position and is
    /// not already closing: the ladder's take-profits (or the stop) are cancelled and one order
    /// for the whole position goes to the user's price, on the tick. The ladder comes back with
    /// the next entry or DCA fill, which re-places the position's protection.
    mutating func adjust(_ change: ManualChange, _ ctx: StrategyContext, _ out: inout IntentSink) {
        for side in [PositionSide.long, .short] where change.positionSide == nil || change.positionSide == side {
            let pos = ctx.legs[side]
            guard !pos.isFlat, leg(side).pendingClose == nil else { continue }
            let long = side == .long, total = pos.quantity.magnitude
            var l = leg(side)
            if let tp = change.takeProfit {
                let p = tp.rounded(toMultipleOf: instrument.tickSize, long ? .up : .down)
                for i in 0..<3 {
                    if let id = l.takeProfits[i] { out.cancel(id) }
                    l.takeProfits[i] = nil
                    l.takeProfitPrices[i] = nil
                }
                l.takeProfitPrices[0] = p
                l.takeProfits[0] = out.place(long ? .sell : .buy, .limit(p), quantity: total, reduceOnly: true, positionSide: side)
            }
            if let sl = change.stopLoss {
                let p = sl.rounded(toMultipleOf: instrument.tickSize, long ? .down : .up)
                if let id = l.stop { out.cancel(id) }
                l.stopPrice = p
                l.stop = out.place(long ? .sell : .buy, .stopMarket(trigger: p), quantity: total, reduceOnly: true, positionSide: side)
            }
            update(side) { $0 = l }
        }
    }
}
