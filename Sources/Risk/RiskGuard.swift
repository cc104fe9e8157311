import BotCore

/// The pre-trade checks every order passes before it may leave the process: the same code in
/// backtests, paper and live.
///
/// `check` rounds the request to the instrument's tick and lot in the directions it states,
/// then applies, in this order: minimum size, price sanity, reduce-only against the bot's own
/// position, daily-loss kill switch, open-order count, price band, minimum notional, and the
/// position and notional limits (bot, then user). The first failing check names itself.
public struct RiskGuard: Sendable {
    public var limits: RiskLimits
    public var userLimits: UserLimits

    public init(limits: RiskLimits = RiskLimits(), userLimits: UserLimits = UserLimits()) {
        self.limits = limits
        self.userLimits = userLimits
    }

    /// Returns the request rounded to tick and lot, or the reason it may not be sent.
    /// `lastPrice` is the last trade (or close) of the instrument; market orders need it.
    public func check(_ request: OrderRequest, ledger: BotLedger, user: UserExposure = UserExposure(),
                      lastPrice: Price?) -> Result<OrderRequest, RiskDenial> {
        let inst = ledger.instrument
        var r = request
        r.quantity = request.quantity.rounded(toMultipleOf: inst.lotSize, request.quantityRounding)
        if let quote = request.quoteQuantity {
            switch reserve(for: request, quote: quote, inst, lastPrice: lastPrice) {
            case .success(let q): r.quantity = q
            case .failure(let denial): return .failure(denial)
            }
        }
        switch request.type {
        case .market: break
        case .limit(let p): r.type = .limit(p.rounded(toMultipleOf: inst.tickSize, request.priceRounding))
        case .stopMarket(let t): r.type = .stopMarket(trigger: t.rounded(toMultipleOf: inst.tickSize, .halfEven))
        case .stopLimit(let t, let p):
            r.type = .stopLimit(trigger: t.rounded(toMultipleOf: inst.tickSize, .halfEven),
                                price: p.rounded(toMultipleOf: inst.tickSize, request.priceRounding))
        }
        if r.quantity < inst.minSize {
            let asked = request.quoteQuantity.map { "quote_quantity=\($0) at price=\(lastPrice ?? .zero)" } ?? "quantity=\(request.quantity)"
            return .failure(RiskDenial(.quantityBelowMinimum,
                                       "\(asked), rounded=\(r.quantity), min_size=\(inst.minSize), lot_size=\(inst.lotSize)"))
        }
        for p in [r.type.limitPrice, r.type.triggerPrice].compactMap({ $0 }) where p.raw <= 0 {
            return .failure(RiskDenial(.invalidPrice, "price=\(p)"))
        }
        guard let reference = r.type.limitPrice ?? r.type.triggerPrice ?? lastPrice else {
            return .failure(RiskDenial(.noMarketPrice, "no last price for \(inst.id) to value a market order"))
        }
        // Everything below multiplies size by price; refuse what cannot be represented, so
        // absurd input is a denial, never an overflow.
        let working = ledger.openQuantity(side: r.side, positionSide: r.positionSide, reduceOnly: false)
        guard r.quantity.raw <= Int64.max / 4, working.raw <= Int64.max / 4,
              inst.checkedNotional(price: reference, quantity: r.quantity + working) != nil else {
            return .failure(RiskDenial(.maxNotionalExceeded, "quantity=\(r.quantity) at price=\(reference) is beyond the representable notional"))
        }
        let position = ledger.position(r.positionSide)
        // Whether this order can only shrink the bot's position on its leg.
        let reducing = isReducing(r, position)
        if r.reduceOnly {
            guard reducing else {
                return .failure(RiskDenial(.reduceOnlyExceedsPosition,
                                           "side=\(r.side.rawValue), position=\(position.quantity) (\(r.positionSide.rawValue)): nothing to reduce"))
            }
            // Stops and take-profits are alternative exits (a venue keeps a stop for the whole
            // position beside its take-profit limits): each kind is capped at the position.
            // Orders being cancelled do not count: this one is their replacement.
            let pending = ledger.openQuantity(side: r.side, positionSide: r.positionSide, reduceOnly: true,
                                              triggers: r.type.triggerPrice != nil, excludingCancelling: true)
            if r.quantity + pending > position.quantity.magnitude {
                return .failure(RiskDenial(.reduceOnlyExceedsPosition,
                                           "quantity=\(r.quantity), open_reduce_only=\(pending), position=\(position.quantity.magnitude)"))
            }
        }
        if !reducing, let loss = userLimits.dailyLoss, user.dailyPnL <= -loss {
            return .failure(RiskDenial(.dailyLossKillSwitch, "daily_pnl=\(user.dailyPnL), daily_loss_limit=\(loss)"))
        }
        if let maxOpen = limits.maxOpenOrders, ledger.openOrderCount + 1 > maxOpen {
            return .failure(RiskDenial(.maxOpenOrders, "open_orders=\(ledger.openOrderCount), max_open_orders=\(maxOpen)"))
        }
        if let band = limits.priceBand, let last = lastPrice {
            for p in [r.type.limitPrice, r.type.triggerPrice].compactMap({ $0 }) {
                let lo = last.scaled(by: 1 - band, .down), hi = last.scaled(by: 1 + band, .up)
                if p < lo || p > hi {
                    return .failure(RiskDenial(.priceBand, "price=\(p), last=\(last), band=\(band), allowed=\(lo)…\(hi)"))
                }
            }
        }
        // An order sized in quote is worth what it spends: its reserve is rounded down to the lot.
        let notional = r.quoteQuantity ?? inst.notional(price: reference, quantity: r.quantity)
        if !r.reduceOnly, notional < inst.minNotional {
            return .failure(RiskDenial(.notionalBelowMinimum, "notional=\(notional), min_notional=\(inst.minNotional)"))
        }
        if reducing { return .success(r) }
        // Worst case: every open order on this leg and side fills, then this one.
        let signed = r.side == .buy ? r.quantity + working : -(r.quantity + working)
        let after = (position.quantity + signed).magnitude
        if let maxPos = limits.maxPosition, after > maxPos {
            return .failure(RiskDenial(.maxPositionExceeded, "position_after=\(after), max_position=\(maxPos)"))
        }
        let afterNotional = inst.notional(price: reference, quantity: after)
        if let maxN = limits.maxNotional, afterNotional > maxN {
            return .failure(RiskDenial(.maxNotionalExceeded, "notional_after=\(afterNotional), max_notional=\(maxN)"))
        }
        if let maxU = userLimits.maxNotional, user.notional + notional > maxU {
            return .failure(RiskDenial(.maxUserNotionalExceeded,
                                       "user_notional=\(user.notional), order_notional=\(notional), max_user_notional=\(maxU)"))
        }
        return .success(r)
    }

    /// The base quantity an order sized in quote reserves: what `quote` buys at the last price,
    /// down to the lot. Only a market order that is not reduce-only can be sized in quote (a
    /// reduce-only order's size is the position's, in base).
    private func reserve(for r: OrderRequest, quote: Money, _ inst: Instrument, lastPrice: Price?) -> Result<Quantity, RiskDenial> {
        guard case .market = r.type, !r.reduceOnly else {
            return .failure(RiskDenial(.invalidQuoteQuantity, "quote_quantity=\(quote) sizes a market order that is not reduce-only; "
                + "this is \(r.reduceOnly ? "reduce-only" : "a \(r.type.name) order")"))
        }
        guard quote.raw > 0 else { return .failure(RiskDenial(.invalidQuoteQuantity, "quote_quantity=\(quote) is not a positive amount")) }
        guard let last = lastPrice else {
            return .failure(RiskDenial(.noMarketPrice, "no last price for \(inst.id) to value a market order"))
        }
        guard let q = inst.checkedQuantity(forNotional: quote, price: last) else {
            return .failure(RiskDenial(.maxNotionalExceeded, "quote_quantity=\(quote) at price=\(last) is beyond the representable size"))
        }
        return .success(q)
    }

    private func isReducing(_ r: OrderRequest, _ p: Position) -> Bool {
        guard !p.quantity.isZero, r.quantity <= p.quantity.magnitude else { return false }
        return (p.quantity.raw > 0 && r.side == .sell) || (p.quantity.raw < 0 && r.side == .buy)
    }
}
