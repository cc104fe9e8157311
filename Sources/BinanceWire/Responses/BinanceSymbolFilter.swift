import BotCore

/// One entry of a symbol's `filters`, for those the runtime reads; the others are kept by
/// name. A 0 in a bound means that rule is off: such bounds are nil here.
public enum BinanceSymbolFilter: Hashable, Sendable, Decodable {
    /// `PRICE_FILTER`: prices (and stop prices) within `min`…`max` on multiples of `tick`.
    case price(min: Price?, max: Price?, tick: Price?)
    /// `LOT_SIZE`: quantities from `min` to `max`, on multiples of `step`.
    case lotSize(BinanceLotRule)
    /// `MARKET_LOT_SIZE`: the same for MARKET orders.
    case marketLotSize(BinanceLotRule)
    /// `NOTIONAL`: price × quantity within `min`…`max`; for MARKET orders only where it says.
    case notional(min: Money?, max: Money?, minAppliesToMarket: Bool)
    /// `MIN_NOTIONAL`, the older form.
    case minNotional(Money?, appliesToMarket: Bool)
    case other(String)

    enum CodingKeys: String, CodingKey {
        case filterType, minPrice, maxPrice, tickSize, minQty, maxQty, stepSize, minNotional, maxNotional
        case applyMinToMarket, applyToMarket
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(String.self, forKey: .filterType) {
        case "PRICE_FILTER":
            self = .price(min: try c.bound(.minPrice), max: try c.bound(.maxPrice), tick: try c.bound(.tickSize))
        case "LOT_SIZE":
            self = .lotSize(try BinanceLotRule(c))
        case "MARKET_LOT_SIZE":
            self = .marketLotSize(try BinanceLotRule(c))
        case "NOTIONAL":
            self = .notional(min: try c.bound(.minNotional), max: try c.bound(.maxNotional),
                             minAppliesToMarket: try c.decodeIfPresent(Bool.self, forKey: .applyMinToMarket) ?? false)
        case "MIN_NOTIONAL":
            self = .minNotional(try c.bound(.minNotional), appliesToMarket: try c.decodeIfPresent(Bool.self, forKey: .applyToMarket) ?? false)
        case let other:
            self = .other(other)
        }
    }
}

/// A quantity rule: at least `min`, at most `max` (nil: no bound the runtime can reach), on
/// multiples of `step` (nil: any).
public struct BinanceLotRule: Hashable, Sendable {
    public var min: Quantity
    public var max: Quantity?
    public var step: Quantity?

    public init(min: Quantity, max: Quantity?, step: Quantity?) {
        self.min = min
        self.max = max
        self.step = step
    }

    init(_ c: KeyedDecodingContainer<BinanceSymbolFilter.CodingKeys>) throws {
        min = try c.decimal(.minQty)
        max = try c.bound(.maxQty)
        step = try c.bound(.stepSize)
    }
}
