/// Identifies a tradable instrument on one venue: `okx:BTC-USDT-SWAP`.
public struct InstrumentID: Hashable, Sendable, Codable, CustomStringConvertible {
    public var venue: String
    public var symbol: String
    public init(venue: String, symbol: String) {
        self.venue = venue
        self.symbol = symbol
    }
    public var description: String { "\(venue):\(symbol)" }
}

public enum InstrumentKind: String, Sendable, Codable, CaseIterable {
    case spot
    case perpetual
}

/// The trading rules of one instrument. Sizes are in the venue's unit: base currency for spot,
/// contracts for swaps (one contract = `contractValue` base units).
public struct Instrument: Hashable, Sendable, Codable {
    public var id: InstrumentID
    public var kind: InstrumentKind
    public var base: String
    public var quote: String
    public var tickSize: Price
    public var lotSize: Quantity
    public var minSize: Quantity
    public var minNotional: Money
    public var contractValue: Quantity
    public var makerFee: Ratio
    public var takerFee: Ratio
    public var maintenanceMarginRate: Ratio
    public var maxLeverage: Ratio
    /// A typical price, used only to start the market simulator.
    public var referencePrice: Price?

    public init(id: InstrumentID, kind: InstrumentKind, base: String, quote: String, tickSize: Price,
                lotSize: Quantity, minSize: Quantity, minNotional: Money, contractValue: Quantity = 1,
                makerFee: Ratio, takerFee: Ratio, maintenanceMarginRate: Ratio = 0, maxLeverage: Ratio = 1, referencePrice: Price? = nil) {
        self.referencePrice = referencePrice
        self.id = id
        self.kind = kind
        self.base = base
        self.quote = quote
        self.tickSize = tickSize
        self.lotSize = lotSize
        self.minSize = minSize
        self.minNotional = minNotional
        self.contractValue = contractValue
        self.makerFee = makerFee
        self.takerFee = takerFee
        self.maintenanceMarginRate = maintenanceMarginRate
        self.maxLeverage = maxLeverage
    }

    /// Quote-currency value of `quantity` at `price`: price × quantity × contract value.
    @inlinable
    public func notional(price: Price, quantity: Quantity, _ rule: RoundingRule = .halfEven) -> Money {
        let pq = Int128(price.raw) * Int128(quantity.raw)
        let scale = Int128(FixedPointScale.factor)
        return Money(raw: checked(divide(pq * Int128(contractValue.raw), scale * scale, rule)))
    }

    /// The largest lot-multiple size whose notional at `price` does not exceed `money`.
    public func quantity(forNotional money: Money, price: Price) -> Quantity {
        guard price.raw > 0 else { return .zero }
        let scale = Int128(FixedPointScale.factor)
        let q = divide(Int128(money.raw) * scale * scale, Int128(price.raw) * Int128(contractValue.raw), .down)
        return Quantity(raw: checked(q)).rounded(toMultipleOf: lotSize, .down)
    }

    public func fee(notional: Money, maker: Bool) -> Money {
        notional.times(maker ? makerFee : takerFee, .up)
    }
}
