import BotCore

/// What every grid does with its orders, band or classic: the decision round, entries under
/// the caps, take-profits for what filled, the answers to its orders, and the stops.
extension GridStrategy {
    /// One decision round at price `p`.
    mutating func evaluate(_ p: Price, _ now: Int64, _ ctx: StrategyContext, _ out: inout IntentSink) {
        guard state.halted == nil else { return }
        if state.startedAt == nil { state.startedAt = now }
        if let why = stopReason(p, now, ctx) {
            halt(why, ctx, &out)
            return
        }
        // Take-profits first: a new entry keeps its distance from them.
        for i in state.slots.indices { protect(i, now, &out) }
        if band != nil { bandEntries(p, now, ctx, &out) } else { classicRound(p, now, ctx, &out) }
    }

    /// `stop_loss`: a leg's move against its average entry, times the leverage (the PnL % of
    /// its margin, as the venue shows it), at or beyond the setting. `custom_stop`: that many
    /// minutes without an entry fill (counted from the start before the first).
    func stopReason(_ p: Price, _ now: Int64, _ ctx: StrategyContext) -> String? {
        if let limit = params.stopLossPercent {
            for side in legs {
                let pos = ctx.legs[side]
                guard !pos.isFlat, let avg = pos.averageEntry(instrument) else { continue }
                let move = (p.doubleValue / avg.doubleValue - 1) * Double(pos.quantity.signum) * Double(params.leverage) * 100
                if move <= -limit { return "stop_loss: \(side.rawValue) leg at \(Self.percent(move)) % of its margin (limit −\(limit) %)" }
            }
        }
        if let minutes = params.customStopMinutes, let since = state.lastEntryAt ?? state.startedAt,
           now - since >= Int64(minutes) * 60_000 {
            return "custom_stop: no entry filled for \(minutes) minutes"
        }
        return nil
    }

    static func percent(_ x: Double) -> String { String(Double(Int((x * 100).rounded())) / 100) }

    var legs: [PositionSide] { params.direction == .longShort ? [.long, .short] : [.net] }

    /// Stops the grid for good: cancels its orders and closes its legs.
    mutating func halt(_ why: String, _ ctx: StrategyContext, _ out: inout IntentSink) {
        state.halted = why
        for i in state.slots.indices { retire(i, &out) }
        state.slots.removeAll { !$0.hasLiveOrder }
        for side in legs where !ctx.legs[side].isFlat { state.closing.append(out.close(side)) }
    }

    /// Takes one side out of the grid (the regime turned against it): its orders cancelled,
    /// its leg closed. The grid goes on with the other side.
    mutating func retireSide(long: Bool, _ ctx: StrategyContext, _ out: inout IntentSink) {
        for i in state.slots.indices where state.slots[i].long == long { retire(i, &out) }
        state.slots.removeAll { !$0.hasLiveOrder }
        let side = leg(long)
        let pos = ctx.legs[side]
        // On a one-way leg only a position of this side is closed.
        if !pos.isFlat && (side != .net || (pos.quantity.signum > 0) == long) { state.closing.append(out.close(side)) }
    }

    mutating func retire(_ i: Int, _ out: inout IntentSink) {
        if !state.slots[i].cancelling {
            if let e = state.slots[i].entry { out.cancel(e) }
            if let t = state.slots[i].takeProfit { out.cancel(t) }
        }
        state.slots[i].cancelling = state.slots[i].hasLiveOrder
        state.slots[i].retired = true
    }

    // MARK: entries

    /// Places an entry at `level` if every rule allows it; true when placed.
    @discardableResult
    mutating func placeEntry(long: Bool, level: Int, price: Price, market p: Price, _ now: Int64, _ ctx: StrategyContext,
                             _ out: inout IntentSink) -> Bool {
        guard now >= state.entriesPausedUntil, price.raw > 0, long ? price < p : price > p,
              long ? state.regime != -2 : state.regime != 2,
              !state.slots.contains(where: { !$0.retired && $0.long == long && $0.level == level }),
              band == nil || !nearOwnOrder(price),
              let q = size(at: price), withinCaps(long: long, price: price, quantity: q, market: p, ctx) else { return false }
        let id = out.place(long ? .buy : .sell, .limit(price), quantity: q, positionSide: leg(long))
        state.slots.append(GridSlot(level: level, long: long, entry: id, limit: price, ordered: q))
        return true
    }

    /// The seed's "no order within 0.1 %": none of this grid's working prices that close.
    func nearOwnOrder(_ price: Price) -> Bool {
        let x = price.doubleValue, band = x * 0.001
        return state.slots.contains { s in
            guard !s.retired else { return false }
            if s.entry != nil && abs(s.limit.doubleValue - x) <= band { return true }
            if let t = s.takeProfitPrice, s.takeProfit != nil, abs(t.doubleValue - x) <= band { return true }
            return false
        }
    }

    /// A level's order: the level's budget at `price`, down to the lot; nil below the
    /// instrument's minimum size or order value.
    func size(at price: Price) -> Quantity? {
        let q = instrument.quantity(forNotional: budget, price: price)
        guard !q.isZero, q >= instrument.minSize, instrument.notional(price: price, quantity: q) >= instrument.minNotional else { return nil }
        return q
    }

    /// The seed's caps: what a side holds stays under 95 % of Σcap at the price, and what it
    /// holds plus every entry it has working, this one included, under 1.05 × Σcap.
    func withinCaps(long: Bool, price: Price, quantity q: Quantity, market p: Price, _ ctx: StrategyContext) -> Bool {
        let cv = instrument.contractValue.doubleValue
        let signed = ctx.legs[leg(long)].quantity.doubleValue * (long ? 1 : -1)
        guard max(signed, 0) * cv * p.doubleValue < 0.95 * capital else { return false }
        var exposure = q.doubleValue * price.doubleValue * cv
        for s in state.slots where s.long == long && !s.retired {
            exposure += s.held.doubleValue * s.averageFill * cv
            if s.entry != nil { exposure += (s.ordered - s.filled).doubleValue * s.limit.doubleValue * cv }
        }
        return exposure < 1.05 * capital
    }

    // MARK: take-profits

    /// Places the take-profit of a filled unit that has none working.
    mutating func protect(_ i: Int, _ now: Int64, _ out: inout IntentSink) {
        let s = state.slots[i]
        guard !s.retired, s.entry == nil, s.takeProfit == nil, !s.cancelling, now >= s.retryAt,
              s.held >= instrument.minSize, !s.held.isZero, let target = takeProfitPrice(s) else { return }
        state.slots[i].takeProfit = out.place(s.long ? .sell : .buy, .limit(target), quantity: s.held, reduceOnly: true,
                                              positionSide: leg(s.long))
        state.slots[i].takeProfitPrice = target
    }

    /// One level out: on the band with the seed's clamps on the average fill f (long
    /// `min(max(1.004f, L(k+1)), 1.08f)`, short `max(min(0.993f, L(k−1)), 0.93f)`); on a
    /// classic grid the next level up.
    func takeProfitPrice(_ s: GridSlot) -> Price? {
        let tick = instrument.tickSize
        guard band != nil else { return classicLevel(s.level + 1) }
        let f = s.averageFill, l = state.levels
        if s.long {
            guard s.level + 1 < l.count else { return nil }
            let x = min(max(1.004 * f, l[s.level + 1].doubleValue), 1.08 * f)
            return Price(x)?.rounded(toMultipleOf: tick, .up)
        }
        guard s.level >= 1, s.level - 1 < l.count else { return nil }
        let x = max(min(0.993 * f, l[s.level - 1].doubleValue), 0.93 * f)
        return Price(x)?.rounded(toMultipleOf: tick, .down).nonZero
    }

    // MARK: answers

    mutating func onOrder(_ e: OrderEvent, _ ctx: StrategyContext, _ out: inout IntentSink) {
        switch e {
        case .filled(let f):
            filled(f, ctx, &out)
        case .liquidated(let f):
            // The leg is gone: its units with it.
            for i in state.slots.indices where leg(state.slots[i].long) == f.positionSide { retire(i, &out) }
            state.slots.removeAll { !$0.hasLiveOrder }
        case .rejected(let id, _):
            ended(id, refused: true, ctx.time)
        case .cancelled(let id), .expired(let id):
            ended(id, refused: false, ctx.time)
        case .completed(let id):
            if id == state.inventoryOrder { settleInventory() }
            state.closing.removeAll { $0 == id }
        default:
            break
        }
    }

    mutating func filled(_ f: Fill, _ ctx: StrategyContext, _ out: inout IntentSink) {
        let id = f.orderID
        if state.closing.contains(id) {
            if ctx.legs[f.positionSide].isFlat { state.closing.removeAll { $0 == id } }
            return
        }
        if id == state.inventoryOrder {
            state.inventoryFilled += f.quantity
            state.inventoryValue += f.price.doubleValue * f.quantity.doubleValue
            if state.inventoryFilled >= state.inventoryPlan.reduce(.zero, { $0 + $1.quantity }) { settleInventory() }
        } else if let i = state.slots.firstIndex(where: { $0.entry == id }) {
            state.slots[i].filled += f.quantity
            state.slots[i].filledValue += f.price.doubleValue * f.quantity.doubleValue
            state.lastEntryAt = f.ts
            if state.slots[i].retired || state.halted != nil {
                // Filled on its way out: what it bought is closed at once.
                state.closing.append(out.close(leg(state.slots[i].long)))
                return
            }
            guard state.slots[i].filled >= state.slots[i].ordered else { return }
            state.slots[i].entry = nil
            state.slots[i].cancelling = false
            let s = state.slots[i]
            protect(i, f.ts, &out)
            if band != nil { reEnter(after: s, market: f.price, f.ts, ctx, &out) }
        } else if let i = state.slots.firstIndex(where: { $0.takeProfit == id }) {
            state.slots[i].closed += f.quantity
            if state.slots[i].held <= .zero { state.slots.remove(at: i) }
        } else {
            return
        }
        // The price is where the fill was: the grid fills in behind it at once, as the seed's
        // loop does on its next pass.
        evaluate(f.price, max(ctx.time, f.ts), ctx, &out)
    }

    /// An order of ours ended without (more) fills.
    mutating func ended(_ id: ClientOrderID, refused: Bool, _ now: Int64) {
        state.closing.removeAll { $0 == id }
        if id == state.inventoryOrder {
            if state.inventoryFilled.isZero {
                state.inventoryOrder = nil
                // Turned away while history replayed: decide again once live.
                if !refused { state.inventoryDecided = false }
            } else {
                settleInventory()
            }
            return
        }
        if let i = state.slots.firstIndex(where: { $0.entry == id }) {
            state.slots[i].entry = nil
            state.slots[i].cancelling = false
            if refused { state.entriesPausedUntil = now + timeframeMs }
        } else if let i = state.slots.firstIndex(where: { $0.takeProfit == id }) {
            state.slots[i].takeProfit = nil
            state.slots[i].takeProfitPrice = nil
            state.slots[i].cancelling = false
            if refused { state.slots[i].retryAt = now + 60_000 }
        }
        state.slots.removeAll { !$0.hasLiveOrder && ($0.retired || $0.held <= .zero) }
    }
}

extension Price {
    var nonZero: Price? { raw > 0 ? self : nil }
}
