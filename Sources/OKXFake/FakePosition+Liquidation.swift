import BotCore

/// Where an isolated position is taken over and at what price it is closed, OKX's simplified
/// formulas with the fake's maintenance margin rate (as in `json` and `positionFigures`).
extension FakePosition {
    static let maintenanceMarginRate = Ratio.of("0.004")

    /// The price at which the margin left equals the maintenance margin: a long (or net
    /// positive) position at A × (1 − 1/L + mmr), a short at A × (1 + 1/L − mmr). Rounded to
    /// the tick toward the position, so the fake liquidates no later than the exact figure.
    func liquidationPrice(inst: FakeInstrument, lever: Int) -> Price {
        price(inst: inst, lever: lever, mmr: Self.maintenanceMarginRate)
    }

    /// The price at which the margin is all lost, A × (1 ∓ 1/L): where a liquidation order
    /// fills, whatever the trade that reached the liquidation price printed at.
    func bankruptcyPrice(inst: FakeInstrument, lever: Int) -> Price {
        price(inst: inst, lever: lever, mmr: .zero)
    }

    /// A × (L − d + d·mmr·L) / L with d the direction. Each step rounds the same way (down for a
    /// long, up for a short), which for positive divisors gives the exact figure's rounding.
    private func price(inst: FakeInstrument, lever: Int, mmr: Ratio) -> Price {
        let l = Ratio(max(lever, 1))
        let rule: RoundingRule = direction > 0 ? .down : .up
        let margin: Ratio = mmr.times(l, .halfEven)  // exact: 0.004 × an integer
        let factor = direction > 0 ? l - Ratio(1) + margin : l + Ratio(1) - margin
        let scaled: Price = avgPx.times(factor, rule)
        let px: Price = scaled.divided(by: l, rule)
        return px.rounded(toMultipleOf: inst.tickSz, rule)
    }
}
