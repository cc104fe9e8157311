import BotCore

/// The hedge (the seed's dual-side entry): after enough DCA the opposite leg opens with a
/// share of the position, with its own take-profit and stop.
extension HyperRSIStrategy {
    func opposite(_ side: PositionSide) -> PositionSide { side == .long ? .short : .long }

    /// After a fill of the main leg: open the hedge once the main position has had
    /// `dual_side_entry_trigger` entries; once the main's last DCA has filled, give the hedge
    /// its take-profit there (`last_dca_on_position`).
    mutating func hedgeIfDue(_ side: PositionSide, _ pos: Position, _ ctx: StrategyContext, lastFill: Price,
                             _ out: inout IntentSink) {
        guard params.hedge else { return }
        let other = opposite(side)
        let main = leg(side)
        if main.entries >= params.pyramidingLimit, leg(other).isHedge, !ctx.legs[other].isFlat,
           params.hedgeTakeProfit == .lastDCAOnPosition {
            placeHedgeTakeProfit(other, ctx.legs[other], at: lastFill, &out)
        }
        guard main.entries >= params.hedgeTrigger, main.hedges < params.hedgeLimit, ctx.legs[other].isFlat,
              leg(other).pendingEntry == nil else { return }
        let raw = params.hedgeFixed ? params.hedgeRatio : pos.quantity.magnitude.doubleValue * params.hedgeRatio / 100
        guard let q = Quantity(raw, rounding: .towardZero)?.rounded(toMultipleOf: instrument.lotSize, .towardZero) else { return }
        let size = max(q, instrument.minSize)
        update(side) { $0.hedges += 1 }
        update(other) {
            $0 = Leg()
            $0.isHedge = true
            $0.pendingEntry = out.place(other == .long ? .buy : .sell, .market, quantity: size, positionSide: other)
        }
    }

    /// The hedge's take-profit and stop after its entry filled.
    mutating func protectHedge(_ side: PositionSide, _ pos: Position, _ ctx: StrategyContext, _ out: inout IntentSink) {
        guard let entry = pos.averageEntry(instrument) else { return }
        let long = side == .long
        let main = leg(opposite(side))
        switch params.hedgeTakeProfit {
        case .doNotClose, .lastDCAOnPosition:
            break   // the latter waits for the main's last DCA
        case .existingPosition:
            if let p = main.stopPrice { placeHedgeTakeProfit(side, pos, at: p, &out) }
        case .percent:
            let v = params.hedgeTakeProfitValue / 100
            if let p = onTick(entry.doubleValue * (long ? 1 + v : 1 - v), up: long) { placeHedgeTakeProfit(side, pos, at: p, &out) }
        }
        if params.hedgeStopPercent > 0,
           let s = onTick(entry.doubleValue * (long ? 1 - params.hedgeStopPercent / 100 : 1 + params.hedgeStopPercent / 100), up: !long) {
            var l = leg(side)
            if let old = l.stop { out.cancel(old) }
            l.stopPrice = s
            l.stop = out.place(long ? .sell : .buy, .stopMarket(trigger: s), quantity: pos.quantity.magnitude, reduceOnly: true,
                               positionSide: side)
            update(side) { $0 = l }
        }
    }

    /// One take-profit for the whole hedge at `target`, nudged 0.1 % past its entry when the
    /// target would not be a profit (as the seed does).
    mutating func placeHedgeTakeProfit(_ side: PositionSide, _ pos: Position, at target: Price, _ out: inout IntentSink) {
        guard let entry = pos.averageEntry(instrument) else { return }
        let long = side == .long
        var t = target.doubleValue
        if long && t <= entry.doubleValue { t = entry.doubleValue * 1.001 }
        if !long && t >= entry.doubleValue { t = entry.doubleValue * 0.999 }
        guard let p = onTick(t, up: long) else { return }
        var l = leg(side)
        if let old = l.takeProfits[0] { out.cancel(old) }
        l.takeProfitPrices[0] = p
        l.takeProfits[0] = out.place(long ? .sell : .buy, .limit(p), quantity: pos.quantity.magnitude, reduceOnly: true,
                                     positionSide: side)
        update(side) { $0 = l }
    }

    /// Closes the hedge of `side`'s position, if there is one.
    mutating func closeHedge(against side: PositionSide, _ ctx: StrategyContext, _ out: inout IntentSink) {
        let other = opposite(side)
        guard leg(other).isHedge, !ctx.legs[other].isFlat, leg(other).pendingClose == nil else { return }
        close(other, &out)
    }
}
