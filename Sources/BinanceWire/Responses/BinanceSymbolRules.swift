import BotCore

/// A symbol's `status`. Open-ended: Binance may add states, and an unknown one must not stop
/// the catalogue from loading; only `TRADING` trades.
public struct BinanceSymbolStatus: RawRepresentable, Hashable, Sendable {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let trading = Self(rawValue: "TRADING")
    public static let halt = Self(rawValue: "HALT")
    public static let `break` = Self(rawValue: "BREAK")
}

/// A symbol's trading rules from `GET /api/v3/exchangeInfo`.
public struct BinanceSymbolRules: Hashable, Sendable, Decodable {
    public var symbol: String
    public var status: BinanceSymbolStatus
    public var baseAsset: String
    public var quoteAsset: String
    public var orderTypes: Set<BinanceOrderType>
    public var isSpotTradingAllowed: Bool
    /// MARKET orders sized in the quote asset (`quoteOrderQty`) are allowed.
    public var quoteOrderQtyMarketAllowed: Bool
    public var filters: [BinanceSymbolFilter]

    enum CodingKeys: String, CodingKey {
        case symbol, status, baseAsset, quoteAsset, orderTypes, isSpotTradingAllowed, quoteOrderQtyMarketAllowed, filters
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        symbol = try c.decode(String.self, forKey: .symbol)
        status = BinanceSymbolStatus(rawValue: try c.decode(String.self, forKey: .status))
        baseAsset = try c.decode(String.self, forKey: .baseAsset)
        quoteAsset = try c.decode(String.self, forKey: .quoteAsset)
        orderTypes = Set(try c.decodeIfPresent([String].self, forKey: .orderTypes)?.map(BinanceOrderType.init(rawValue:)) ?? [])
        isSpotTradingAllowed = try c.decodeIfPresent(Bool.self, forKey: .isSpotTradingAllowed) ?? false
        quoteOrderQtyMarketAllowed = try c.decodeIfPresent(Bool.self, forKey: .quoteOrderQtyMarketAllowed) ?? false
        filters = try c.decodeIfPresent([BinanceSymbolFilter].self, forKey: .filters) ?? []
    }

    /// Trading now, on the spot market.
    public var isTrading: Bool { status == .trading && isSpotTradingAllowed }

    /// `PRICE_FILTER`'s bounds and tick; all nil without one.
    public var priceFilter: (min: Price?, max: Price?, tick: Price?) {
        for f in filters { if case .price(let min, let max, let tick) = f { return (min, max, tick) } }
        return (nil, nil, nil)
    }

    public var lotSize: BinanceLotRule? {
        for f in filters { if case .lotSize(let r) = f { return r } }
        return nil
    }

    public var marketLotSize: BinanceLotRule? {
        for f in filters { if case .marketLotSize(let r) = f { return r } }
        return nil
    }

    /// The least notional an order must have, from `NOTIONAL` or else `MIN_NOTIONAL`.
    public var minNotional: Money? {
        for f in filters { if case .notional(let min, _, _) = f { return min } }
        for f in filters { if case .minNotional(let min, _) = f { return min } }
        return nil
    }

    /// Whether the symbol takes this kind of order (its type listed, and for a quote-sized
    /// market order, that allowed too).
    public func allows(_ kind: BinanceOrderKind) -> Bool {
        if case .marketQuote = kind, !quoteOrderQtyMarketAllowed { return false }
        return orderTypes.contains(BinanceOrderType(rawValue: kind.typeName))
    }

    /// The runtime's spot instrument with the account's fee rates, which this endpoint does
    /// not give (`BinanceAccount.commissionRates` does). Throws, naming the filter, when the
    /// symbol has no tick or no lot step: the runtime cannot round an order without them.
    public func instrument(venue: String = "binance", makerFee: Ratio, takerFee: Ratio) throws(BinanceError) -> Instrument {
        guard let tick = priceFilter.tick else {
            throw BinanceError.malformed("filters.PRICE_FILTER.tickSize", "\(symbol) has no tick size")
        }
        guard let lot = lotSize else { throw BinanceError.malformed("filters.LOT_SIZE", "\(symbol) has no lot size filter") }
        guard let step = lot.step else { throw BinanceError.malformed("filters.LOT_SIZE.stepSize", "\(symbol) has no step size") }
        guard !baseAsset.isEmpty, !quoteAsset.isEmpty else { throw BinanceError.malformed("baseAsset", "\(symbol) names no assets") }
        return Instrument(id: InstrumentID(venue: venue, symbol: symbol), kind: .spot, base: baseAsset, quote: quoteAsset,
                          tickSize: tick, lotSize: step, minSize: lot.min, minNotional: minNotional ?? .zero,
                          makerFee: makerFee, takerFee: takerFee)
    }
}
