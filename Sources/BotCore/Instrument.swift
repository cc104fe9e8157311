/// Identifies a tradable instrument on one venue: `okx:BTC-USDT-SWAP`.
public struct InstrumentID: Hashable, Sendable, Codable, CustomStringConvertible {
    public let venue: String
    public let symbol: String
    /// A hash of both names, computed once: every trade looks its instrument up in the hub's
    /// tables, and hashing two strings there each time was a visible share of a trade's cost.
    private let key: UInt64

    public init(venue: String, symbol: String) {
        self.venue = venue
        self.symbol = symbol
        var h: UInt64 = 0xCBF2_9CE4_8422_2325  // FNV-1a
        for b in venue.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        h = (h ^ 0x3A) &* 0x0000_0100_0000_01B3
        for b in symbol.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        key = h
    }

    public var description: String { "\(venue):\(symbol)" }

    public static func == (a: InstrumentID, b: InstrumentID) -> Bool {
        a.key == b.key && a.venue == b.venue && a.symbol == b.symbol
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(key) }

    enum CodingKeys: String, CodingKey { case venue, symbol }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(venue: try c.decode(String.self, forKey: .venue), symbol: try c.decode(String.self, forKey: .symbol))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(venue, forKey: .venue)
        try c.encode(symbol, forKey: .symbol)
    }
}

public enum InstrumentKind: String, Sendable, Codable, CaseIterable {
    case spot
    case perpetual
}

/// The trading rules of one instrument. Sizes are in the venue's unit: base currency for spot,
/// contracts for swaps (one contract = `contractValue` base units).
///
/// Immutable and shared: every bot, ledger and matcher of an instrument holds the same object,
/// so passing it around costs a pointer, not a copy of a dozen fields.
public final class Instrument: Hashable, Sendable, Codable {
    public let id: InstrumentID
    public let kind: InstrumentKind
    public let base: String
    public let quote: String
    public let tickSize: Price
    public let lotSize: Quantity
    public let minSize: Quantity
    public let minNotional: Money
    public let contractValue: Quantity
    public let makerFee: Ratio
    public let takerFee: Ratio
    public let maintenanceMarginRate: Ratio
    public let maxLeverage: Ratio
    /// A typical price, used only to start the market simulator.
    public let referencePrice: Price?

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

    public static func == (a: Instrument, b: Instrument) -> Bool {
        a === b || (a.id == b.id && a.kind == b.kind && a.base == b.base && a.quote == b.quote && a.tickSize == b.tickSize
            && a.lotSize == b.lotSize && a.minSize == b.minSize && a.minNotional == b.minNotional
            && a.contractValue == b.contractValue && a.makerFee == b.makerFee && a.takerFee == b.takerFee
            && a.maintenanceMarginRate == b.maintenanceMarginRate && a.maxLeverage == b.maxLeverage
            && a.referencePrice == b.referencePrice)
    }

    public func hash(into h: inout Hasher) { h.combine(id) }

    /// Quote-currency value of `quantity` at `price`: price × quantity × contract value.
    @inlinable
    public func notional(price: Price, quantity: Quantity, _ rule: RoundingRule = .halfEven) -> Money {
        let pq = Int128(price.raw) * Int128(quantity.raw)
        let scale = Int128(FixedPointScale.factor)
        return Money(raw: checked(divide(pq * Int128(contractValue.raw), scale * scale, rule)))
    }

    /// `notional`, or nil when it does not fit the fixed-point range (an absurd size or price).
    public func checkedNotional(price: Price, quantity: Quantity) -> Money? {
        let pq = Int128(price.raw) * Int128(quantity.raw)
        let scale = Int128(FixedPointScale.factor)
        let (product, overflow) = pq.multipliedReportingOverflow(by: Int128(contractValue.raw))
        guard !overflow else { return nil }
        return Int64(exactly: divide(product, scale * scale, .halfEven)).map { Money(raw: $0) }
    }

    /// The largest lot-multiple size whose notional at `price` does not exceed `money`.
    public func quantity(forNotional money: Money, price: Price) -> Quantity {
        guard price.raw > 0 else { return .zero }
        let scale = Int128(FixedPointScale.factor)
        let q = divide(Int128(money.raw) * scale * scale, Int128(price.raw) * Int128(contractValue.raw), .down)
        return Quantity(raw: checked(q)).rounded(toMultipleOf: lotSize, .down)
    }

    /// `quantity(forNotional:price:)`, or nil when it does not fit the fixed-point range (an
    /// absurd amount, or a price near zero).
    public func checkedQuantity(forNotional money: Money, price: Price) -> Quantity? {
        guard price.raw > 0, contractValue.raw > 0 else { return nil }
        let scale = Int128(FixedPointScale.factor)
        let (num, overflow) = (Int128(money.raw) * scale).multipliedReportingOverflow(by: scale)
        guard !overflow, let q = Int64(exactly: divide(num, Int128(price.raw) * Int128(contractValue.raw), .down)) else { return nil }
        return Quantity(raw: q).rounded(toMultipleOf: lotSize, .down)
    }

    public func fee(notional: Money, maker: Bool) -> Money {
        notional.times(maker ? makerFee : takerFee, .up)
    }
}
