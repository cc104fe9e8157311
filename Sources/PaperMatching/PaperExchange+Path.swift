import BotCore

extension PaperExchange {
    /// Settles a whole bar at once when nothing can happen on its path (no resting or queued
    /// order, nothing to liquidate, no funding due); returns false, doing nothing, otherwise.
    /// Equivalent to `beginBar`, `nextEvent` until false, `endBar`, only faster.
    public mutating func settleQuietBar(_ c: Candle) -> Bool {
        guard working.isEmpty, queued.isEmpty, isFlat || !isPerpetual else { return false }
        if isPerpetual && config.fundingIntervalHours > 0 {
            let slot = c.ts / (Int64(config.fundingIntervalHours) * 3_600_000)
            guard let last = lastFundingSlot, slot <= last else { return false }
        }
        inBar = false
        gapPending = false
        segment = 3
        cursor = c.close
        lastPrice = c.close
        lastTs = c.ts
        return true
    }

    /// Starts a bar: fills what the open decides (queued market orders, orders gapped through)
    /// and charges funding when a funding time falls in this bar.
    public mutating func beginBar(_ c: Candle, into out: inout [OrderEvent]) {
        // The extreme nearer the open is visited first; ties go high first.
        let upFirst = (c.high.raw &- c.open.raw) <= (c.open.raw &- c.low.raw)
        points = upFirst ? (c.open, c.high, c.low, c.close) : (c.open, c.low, c.high, c.close)
        segment = 0
        cursor = c.open
        inBar = true
        lastTs = c.ts
        chargeFunding(at: c.ts, mark: c.open)
        if !queued.isEmpty {
            let ids = queued
            queued.removeAll()
            for id in ids where working[id] != nil { fill(id, at: c.open, liquidity: .taker, into: &out) }
        }
        gapPending = true
    }

    /// A resting order (or liquidation) that the jump from the last price to the open has
    /// already passed: it fills at the open, which is at least as good as its own level
    /// for a limit and the first price available for a stop.
    func gapCrossing(open: Price) -> (ClientOrderID, Crossing)? {
        var best: (ClientOrderID, Crossing, Int)?
        for (id, w) in working where !queued.contains(id) {
            let r = w.request
            var hit: Crossing?
            switch r.type {
            case .market: hit = .fill(.taker)
            case .limit(let p):
                if (r.side == .buy && p >= open) || (r.side == .sell && p <= open) { hit = .fill(.maker) }
            case .stopMarket(let t):
                if (r.side == .buy && t <= open) || (r.side == .sell && t >= open) { hit = .trigger }
            case .stopLimit(let t, let p):
                if w.triggered {
                    if (r.side == .buy && p >= open) || (r.side == .sell && p <= open) { hit = .fill(.maker) }
                } else if (r.side == .buy && t <= open) || (r.side == .sell && t >= open) {
                    hit = .trigger
                }
            }
            if let hit, best == nil || w.order < best!.2 { best = (id, hit, w.order) }
        }
        if instrument.kind == .perpetual {
            for side in PositionSide.allCases {
                let pos = position(side)
                guard let liq = pos.liquidationPrice(instrument) else { continue }
                if (pos.quantity.raw > 0 && open <= liq) || (pos.quantity.raw < 0 && open >= liq) {
                    return (ClientOrderID(botHash: lastOwner, sequence: UInt64.max), .liquidation(side))
                }
            }
        }
        return best.map { ($0.0, $0.1) }
    }

    /// The next event on the current bar's path, or nil when the path is done.
    public mutating func nextEvent(into out: inout [OrderEvent]) -> Bool {
        if idle {
            gapPending = false
            segment = 3
            return false
        }
        if inBar && gapPending {
            if let (id, kind) = gapCrossing(open: points.0) {
                act(id, at: points.0, kind, into: &out)
                return true
            }
            gapPending = false
        }
        while inBar && segment < 3 {
            let target = point(segment + 1)
            if let (id, level, kind) = firstCrossing(from: cursor, to: target) {
                cursor = level
                act(id, at: level, kind, into: &out)
                return true
            }
            cursor = target
            segment += 1
        }
        return false
    }

    mutating func act(_ id: ClientOrderID, at level: Price, _ kind: Crossing, into out: inout [OrderEvent]) {
        switch kind {
        case .fill(let liq): fill(id, at: level, liquidity: liq, into: &out)
        case .trigger:
            working[id]!.triggered = true
            out.append(.triggered(id))
            if case .stopMarket = working[id]!.request.type { fill(id, at: level, liquidity: .taker, into: &out) }
        case .liquidation(let side): liquidate(side, at: level, into: &out)
        }
    }

    /// Settles the bar at its close. Orders submitted after this are decided on the close.
    public mutating func endBar(_ c: Candle) {
        inBar = false
        gapPending = false
        cursor = c.close
        lastPrice = c.close
        lastTs = c.ts
    }

    func point(_ i: Int) -> Price {
        switch i {
        case 0: points.0
        case 1: points.1
        case 2: points.2
        default: points.3
        }
    }

    enum Crossing { case fill(Liquidity), trigger, liquidation(PositionSide) }

    /// The resting order (or liquidation level) met first moving from `from` to `to`,
    /// inclusive of both ends; ties go to the order placed first.
    func firstCrossing(from: Price, to: Price) -> (ClientOrderID, Price, Crossing)? {
        let up = to >= from
        func within(_ p: Price) -> Bool { up ? (p >= from && p <= to) : (p <= from && p >= to) }
        var best: (ClientOrderID, Price, Crossing, Int)?
        func consider(_ id: ClientOrderID, _ level: Price, _ k: Crossing, _ order: Int) {
            guard within(level) else { return }
            if let b = best {
                let closer = up ? level < b.1 : level > b.1
                if !(closer || (level == b.1 && order < b.3)) { return }
            }
            best = (id, level, k, order)
        }
        for (id, w) in working where !queued.contains(id) {
            let r = w.request
            switch r.type {
            case .market: consider(id, from, .fill(.taker), w.order)
            case .limit(let p):
                if (r.side == .buy && !up) || (r.side == .sell && up) { consider(id, p, .fill(.maker), w.order) }
            case .stopMarket(let t):
                if (r.side == .buy && up) || (r.side == .sell && !up) { consider(id, t, .trigger, w.order) }
            case .stopLimit(let t, let p):
                if w.triggered {
                    if (r.side == .buy && !up) || (r.side == .sell && up) { consider(id, p, .fill(.maker), w.order) }
                } else if (r.side == .buy && up) || (r.side == .sell && !up) {
                    consider(id, t, .trigger, w.order)
                }
            }
        }
        if instrument.kind == .perpetual {
            for side in PositionSide.allCases {
                let pos = position(side)
                guard let liq = pos.liquidationPrice(instrument) else { continue }
                if (pos.quantity.raw > 0 && !up) || (pos.quantity.raw < 0 && up) {
                    // Liquidation outranks orders at the same level: the venue acts first.
                    if within(liq), best == nil || (up ? liq <= best!.1 : liq >= best!.1) {
                        best = (ClientOrderID(botHash: lastOwner, sequence: UInt64.max), liq, .liquidation(side), -1)
                    }
                }
            }
        }
        return best.map { ($0.0, $0.1, $0.2) }
    }

    /// Fills the rest of an order at `price`.
    mutating func fill(_ id: ClientOrderID, at price: Price, liquidity: Liquidity, into out: inout [OrderEvent]) {
        guard let w = working.removeValue(forKey: id) else { return }
        let r = w.request
        var qty = w.remaining
        if let quote = r.quoteQuantity {
            // Sized in quote: what the amount buys (or sells for) at this price, down to the lot,
            // as a venue works it out.
            qty = instrument.checkedQuantity(forNotional: quote, price: price) ?? .zero
            if qty.isZero {
                out.append(.expired(id))
                return
            }
        }
        let pos = position(r.positionSide)
        if r.reduceOnly {
            // A reduce-only order never flips or grows the position at the venue either.
            let opposite = (pos.quantity.raw > 0 && r.side == .sell) || (pos.quantity.raw < 0 && r.side == .buy)
            qty = opposite ? min(qty, pos.quantity.magnitude) : .zero
            if qty.isZero {
                out.append(.cancelled(id))
                return
            }
        }
        let notional = instrument.notional(price: price, quantity: qty)
        let rate = liquidity == .maker ? (config.makerFee ?? instrument.makerFee) : (config.takerFee ?? instrument.takerFee)
        let fee: Money = notional.times(rate, .up)
        let f = Fill(orderID: id, ts: lastTs, side: r.side, positionSide: r.positionSide, price: price, quantity: qty,
                     fee: fee, liquidity: liquidity, reduceOnly: r.reduceOnly,
                     // The paper venue fills an order whole, once: its id names the trade.
                     tradeID: id.text(prefix: UInt8(ascii: "T")))
        apply(f, margin: instrument.kind == .perpetual ? notional.divided(by: config.leverage, .up) : .zero)
        out.append(.filled(f))
        // Its fills cannot tell an order sized in quote is over.
        if r.quoteQuantity != nil { out.append(.completed(id)) }
    }

    /// Books a fill into the leg, the cash and the isolated margin.
    mutating func apply(_ f: Fill, margin: Money) {
        var pos = position(f.positionSide)
        let before = pos.quantity
        let realized = pos.apply(f, instrument: instrument)
        balance += realized - f.fee
        if instrument.kind == .perpetual {
            let grows = before.isZero || before.signum == (f.side == .buy ? 1 : -1)
            if grows {
                pos.isolatedMargin += margin
            } else if pos.quantity.signum != before.signum && !pos.quantity.isZero {
                // Flipped: the new side posts margin for what it opened.
                pos.isolatedMargin = instrument.notional(price: f.price, quantity: pos.quantity.magnitude)
                    .divided(by: config.leverage, .up)
            }
        }
        set(pos)
    }

    mutating func set(_ p: Position) { legs[p.side] = p }

    /// Closes a leg at its liquidation price; its isolated margin is lost.
    mutating func liquidate(_ side: PositionSide, at price: Price, into out: inout [OrderEvent]) {
        let pos = position(side)
        guard !pos.quantity.isZero else { return }
        liquidationSeq += 1
        let id = ClientOrderID(botHash: lastOwner, sequence: UInt64.max - liquidationSeq)
        let qty = pos.quantity.magnitude
        let notional = instrument.notional(price: price, quantity: qty)
        let f = Fill(orderID: id, ts: lastTs, side: pos.quantity.raw > 0 ? .sell : .buy, positionSide: side, price: price,
                     quantity: qty, fee: notional.times(config.takerFee ?? instrument.takerFee, .up), liquidity: .taker,
                     reduceOnly: true, tradeID: "L\(lastTs)-\(side.rawValue)")
        apply(f, margin: .zero)
        // Reduce-only orders on a liquidated leg can no longer do anything.
        let stale = working.filter { $0.value.request.reduceOnly && $0.value.request.positionSide == side }
            .sorted { $0.value.order < $1.value.order }
        for (oid, _) in stale {
            working[oid] = nil
            out.append(.cancelled(oid))
        }
        out.append(.liquidated(f))
    }

    /// Funding at each `fundingIntervalHours` boundary (UTC) that falls in a new bar.
    mutating func chargeFunding(at ts: Int64, mark: Price) {
        guard isPerpetual, config.fundingIntervalHours > 0 else { return }
        let slot = ts / (Int64(config.fundingIntervalHours) * 3_600_000)
        defer { lastFundingSlot = slot }
        guard let last = lastFundingSlot, slot > last else { return }
        let charge = FundingCharge(ts: slot * Int64(config.fundingIntervalHours) * 3_600_000, mark: mark, rate: config.fundingRate)
        lastFunding = charge
        for side in PositionSide.allCases {
            var pos = position(side)
            guard !pos.quantity.isZero else { continue }
            let signed = charge.payment(quantity: pos.quantity, instrument)
            pos.addFunding(signed)
            balance -= signed
            set(pos)
            fundingPayments.append((side, signed))
        }
    }
}
