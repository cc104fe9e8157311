import BotCore

/// A position in one instrument: in net mode one per instrument, signed (`pos` < 0 is short);
/// in long/short mode one per side, `pos` always positive.
struct FakePosition {
    let instId: String
    let posSide: String
    let posId: String
    var pos: Quantity = .zero
    var avgPx: Price = .zero
    var realizedPnl: Money = .zero
    var fee: Money = .zero
    /// Funding paid (negative) and received since the position opened.
    var fundingFee: Money = .zero
    var cTime: Int64
    var uTime: Int64
    var tradeId = ""

    /// +1 when the position gains as the price rises.
    var direction: Int64 {
        switch posSide {
        case "long": 1
        case "short": -1
        default: pos.raw >= 0 ? 1 : -1
        }
    }

    /// Contracts, whatever the mode.
    var size: Quantity { pos.magnitude }

    /// Applies a fill of `sz` contracts at `px`, `opening` or not; returns the realised PnL.
    /// In net mode the side decides (buying adds to a long, reduces a short); in long/short
    /// mode the caller says whether the fill opens or closes the side's position.
    mutating func apply(side: Side, px: Price, sz: Quantity, inst: FakeInstrument, now: Int64) -> Money {
        uTime = now
        if posSide == "net" {
            let signed = Quantity(raw: sz.raw * side.sign)
            if pos.isZero || pos.signum == signed.signum {
                avgPx = Self.average(avgPx, pos.magnitude, px, sz)
                pos += signed
                return .zero
            }
            let closing = min(sz, pos.magnitude)
            let pnl = Self.pnl(entry: avgPx, exit: px, qty: closing, direction: Int64(pos.signum), inst: inst)
            pos += signed
            if pos.signum == signed.signum { avgPx = px }  // flipped: the rest opened at this price
            if pos.isZero { avgPx = .zero }
            realizedPnl += pnl
            return pnl
        }
        let opening = (posSide == "long") == (side == .buy)
        if opening {
            avgPx = Self.average(avgPx, pos, px, sz)
            pos += sz
            return .zero
        }
        let closing = min(sz, pos)
        let pnl = Self.pnl(entry: avgPx, exit: px, qty: closing, direction: direction, inst: inst)
        pos -= closing
        if pos.isZero { avgPx = .zero }
        realizedPnl += pnl
        return pnl
    }

    static func average(_ a: Price, _ qa: Quantity, _ b: Price, _ qb: Quantity) -> Price {
        let total = qa + qb
        guard !total.isZero else { return b }
        let value: Money = a.times(qa, .halfEven) + b.times(qb, .halfEven)
        return value.divided(by: total, .halfEven)
    }

    static func pnl(entry: Price, exit: Price, qty: Quantity, direction: Int64, inst: FakeInstrument) -> Money {
        let diff = Price(raw: (exit.raw - entry.raw) * direction)
        let base: Quantity = qty.times(inst.ctVal, .halfEven)
        return diff.times(base, .halfEven)
    }

    func upl(last: Price, inst: FakeInstrument) -> Money {
        Self.pnl(entry: avgPx, exit: last, qty: size, direction: direction, inst: inst)
    }

    func json(inst: FakeInstrument, last: Price, lever: Int) -> JSON {
        let notional = inst.notional(px: last, sz: size)
        let imr: Money = notional.divided(by: Ratio(lever), .up)
        let mmr: Money = notional.times(Self.maintenanceMarginRate, .up)
        let upl = upl(last: last, inst: inst)
        let margin: Money = inst.notional(px: avgPx, sz: size).divided(by: Ratio(lever), .halfEven)
        let uplRatio: Ratio = margin.isZero ? .zero : upl.divided(by: margin, .halfEven)
        return .object([
            ("adl", "1"), ("availPos", posSide == "net" ? "" : JSON(pos)), ("avgPx", size.isZero ? "" : JSON(avgPx)),
            ("baseBal", ""), ("baseBorrowed", ""), ("baseInterest", ""), ("bePx", ""), ("bizRefId", ""), ("bizRefType", ""),
            ("cTime", JSON(cTime)), ("ccy", "USDT"), ("clSpotInUseAmt", ""), ("closeOrderAlgo", .array([])),
            ("deltaBS", ""), ("deltaPA", ""), ("fee", JSON(fee)), ("fundingFee", JSON(fundingFee)), ("gammaBS", ""),
            ("gammaPA", ""),
            ("idxPx", JSON(last)), ("imr", JSON(imr)), ("instId", .string(instId)), ("instType", "SWAP"), ("interest", ""),
            ("last", JSON(last)), ("lever", .string(String(lever))), ("liab", ""), ("liabCcy", ""), ("liqPenalty", "0"),
            ("liqPx", size.isZero ? "" : JSON(liquidationPrice(inst: inst, lever: lever))), ("margin", ""),
            ("markPx", JSON(last)), ("maxSpotInUseAmt", ""), ("mgnMode", "cross"),
            ("mgnRatio", ""), ("mmr", JSON(mmr)), ("notionalUsd", JSON(notional)), ("optVal", ""),
            ("pendingCloseOrdLiabVal", ""), ("pnl", JSON(realizedPnl)), ("pos", JSON(pos)), ("posCcy", ""),
            ("posId", .string(posId)), ("posSide", .string(posSide)), ("quoteBal", ""), ("quoteBorrowed", ""),
            ("quoteInterest", ""), ("realizedPnl", JSON(realizedPnl + fee + fundingFee)), ("spotInUseAmt", ""),
            ("spotInUseCcy", ""),
            ("thetaBS", ""), ("thetaPA", ""), ("tradeId", .string(tradeId)), ("uTime", JSON(uTime)), ("upl", JSON(upl)),
            ("uplLastPx", JSON(upl)), ("uplRatio", JSON(uplRatio)), ("uplRatioLastPx", JSON(uplRatio)), ("usdPx", ""),
            ("vegaBS", ""), ("vegaPA", ""),
        ])
    }
}
