/// A position on one instrument (held by whoever owns it: a ledger, a matcher) and one leg (`net` in one-way mode, `long`/`short` in hedge
/// mode), with its cost basis, realized PnL, fees and funding, all in quote currency.
///
/// `quantity` is signed: positive long, negative short. The average entry is derived from the
/// cost basis, so repeated adds never accumulate rounding in the entry price.
///
/// Plain data (no references), so copying a position is a memcpy without reference counting.
public struct Position: Hashable, Sendable, Codable {
    public var side: PositionSide
    public private(set) var quantity: Quantity = .zero
    /// Entry notional of the open quantity (price × quantity × contract value), unsigned.
    public private(set) var costBasis: Money = .zero
    /// Realized PnL from closed quantity, before fees and funding.
    public private(set) var realizedPnL: Money = .zero
    public private(set) var feesPaid: Money = .zero
    /// Funding paid (positive) or received (negative).
    public private(set) var fundingPaid: Money = .zero
    /// Isolated margin posted for the open quantity (swaps); zero for spot.
    public var isolatedMargin: Money = .zero
    public var leverage: Ratio = 1

    public init(side: PositionSide = .net) {
        self.side = side
    }

    /// A position as recorded (the store's positions table), for rebuilding a ledger without
    /// replaying every fill.
    public init(side: PositionSide, quantity: Quantity, costBasis: Money, realizedPnL: Money, feesPaid: Money,
                fundingPaid: Money) {
        self.side = side
        self.quantity = quantity
        self.costBasis = costBasis
        self.realizedPnL = realizedPnL
        self.feesPaid = feesPaid
        self.fundingPaid = fundingPaid
    }

    public var isFlat: Bool { quantity.isZero }

    /// Volume-weighted entry price, rounded to the 10⁻⁹ grid (nil when flat).
    public func averageEntry(_ inst: Instrument) -> Price? {
        guard !quantity.isZero else { return nil }
        let unit = inst.notional(price: 1, quantity: quantity.magnitude, .halfEven)
        return costBasis.divided(by: unit, .halfEven)
    }

    /// Applies a fill and returns the PnL it realized (before fees). Fills that cross zero
    /// close the old side and open the new one at the fill price. A fee taken in base changes
    /// what is held (`Fill.heldChange`); its cost is in `fee`, so the cost basis counts only
    /// what is held, at the fill price (counting both would charge the fee twice).
    @discardableResult
    public mutating func apply(_ fill: Fill, instrument inst: Instrument) -> Money {
        let signed = fill.heldChange
        let moved = signed.magnitude
        feesPaid += fill.fee
        var realized: Money = .zero
        if quantity.isZero || quantity.signum == signed.signum {
            costBasis += inst.notional(price: fill.price, quantity: moved)
            quantity += signed
            return realized
        }
        let closing = min(moved, quantity.magnitude)
        // The share of cost basis that leaves with the closed quantity.
        let closedCost = Money(raw: checked(divide(Int128(costBasis.raw) * Int128(closing.raw),
                                                   Int128(quantity.magnitude.raw), .halfEven)))
        let exitValue = inst.notional(price: fill.price, quantity: closing)
        realized = quantity.raw > 0 ? exitValue - closedCost : closedCost - exitValue
        realizedPnL += realized
        if closing == quantity.magnitude {
            quantity = .zero
            costBasis = .zero
            isolatedMargin = .zero
        } else {
            let remainingShare = Int128(quantity.magnitude.raw - closing.raw)
            isolatedMargin = Money(raw: checked(divide(Int128(isolatedMargin.raw) * remainingShare,
                                                       Int128(quantity.magnitude.raw), .halfEven)))
            costBasis -= closedCost
            quantity = quantity.raw > 0 ? quantity - closing : quantity + closing
        }
        let opening = moved - closing
        if !opening.isZero {
            quantity = signed.raw > 0 ? opening : -opening
            costBasis = inst.notional(price: fill.price, quantity: opening)
        }
        return realized
    }

    /// Mark-to-market PnL of the open quantity at `mark`.
    public func unrealizedPnL(at mark: Price, _ inst: Instrument) -> Money {
        guard !quantity.isZero else { return .zero }
        let value = inst.notional(price: mark, quantity: quantity.magnitude)
        return quantity.raw > 0 ? value - costBasis : costBasis - value
    }

    /// Net PnL so far: realized + unrealized − fees − funding.
    public func netPnL(at mark: Price, _ inst: Instrument) -> Money {
        realizedPnL + unrealizedPnL(at: mark, inst) - feesPaid - fundingPaid
    }

    public mutating func addFunding(_ amount: Money) { fundingPaid += amount }

    /// The mark at which the isolated margin falls to the maintenance requirement, rounded
    /// against the holder (a long's liquidation up, a short's down). Nil when flat or spot.
    ///
    /// Long: margin + (P − E)·q = mmr·P·q, so P = (E·q − margin) / (q·(1 − mmr)); short mirrors.
    /// Here E·q is the cost basis and q the base quantity (contracts × contract value).
    public func liquidationPrice(_ inst: Instrument) -> Price? {
        guard inst.kind == .perpetual, !quantity.isZero else { return nil }
        let mmr = inst.maintenanceMarginRate.doubleValue
        let base = quantity.magnitude.doubleValue * inst.contractValue.doubleValue
        let cost = costBasis.doubleValue, margin = isolatedMargin.doubleValue
        let p = quantity.raw > 0 ? (cost - margin) / (base * (1 - mmr)) : (cost + margin) / (base * (1 + mmr))
        guard let raw = Price(max(p, 0), rounding: .halfEven) else { return nil }
        return raw.rounded(toMultipleOf: inst.tickSize, quantity.raw > 0 ? .up : .down)
    }
}

/// The positions on one instrument, one per leg: `net` in one-way mode, `long` and `short`
/// in hedge mode.
public struct Legs: Hashable, Sendable, Codable {
    public var net = Position(side: .net)
    public var long = Position(side: .long)
    public var short = Position(side: .short)

    public init() {}

    public subscript(side: PositionSide) -> Position {
        get {
            switch side {
            case .net: net
            case .long: long
            case .short: short
            }
        }
        set {
            switch side {
            case .net: net = newValue
            case .long: long = newValue
            case .short: short = newValue
            }
        }
    }

    public var isFlat: Bool { net.isFlat && long.isFlat && short.isFlat }
}
