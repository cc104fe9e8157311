extension OrderRequest {
    /// The order rounded to `instrument`'s rules as the venue has them now (they may have
    /// changed since the bot rounded it): each price to the tick on the order's own side, the
    /// size to the lot. What already fits is left as it is.
    public func fitted(to instrument: Instrument) -> OrderRequest {
        var r = self
        func px(_ p: Price) -> Price {
            p.isMultiple(of: instrument.tickSize) ? p : p.rounded(toMultipleOf: instrument.tickSize, priceRounding)
        }
        switch type {
        case .limit(let p): r.type = .limit(px(p))
        case .stopMarket(let t): r.type = .stopMarket(trigger: px(t))
        case .stopLimit(let t, let p): r.type = .stopLimit(trigger: px(t), price: px(p))
        case .market: break
        }
        if !quantity.isMultiple(of: instrument.lotSize) { r.quantity = quantity.rounded(toMultipleOf: instrument.lotSize, quantityRounding) }
        return r
    }
}
