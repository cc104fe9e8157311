import BotCore

extension BinanceFake {
    /// A spot symbol as `exchangeInfo` lists it, with the filters the fake enforces (-1013):
    /// PRICE_FILTER, LOT_SIZE, MARKET_LOT_SIZE and NOTIONAL. A zero bound or step turns that
    /// rule off, as on Binance.
    public struct Symbol: Sendable {
        public var symbol: String
        public var baseAsset: String
        public var quoteAsset: String
        /// `TRADING`, `HALT` or `BREAK`: only TRADING takes orders (-2010 "Market is closed.").
        public var status: String
        public var minPrice: Price
        public var maxPrice: Price
        public var tickSize: Price
        public var minQty: Quantity
        public var maxQty: Quantity
        public var stepSize: Quantity
        /// MARKET_LOT_SIZE: what MARKET orders may size (Binance's BTCUSDT: no minimum, no step).
        public var marketMinQty: Quantity
        public var marketMaxQty: Quantity
        public var marketStepSize: Quantity
        /// NOTIONAL: price × quantity at least this (at most `maxNotional`); for MARKET orders
        /// the price is the one it would fill at.
        public var minNotional: Money
        public var maxNotional: Money
        public var applyMinToMarket: Bool
        public var applyMaxToMarket: Bool
        /// The `type`s the symbol takes; others are refused (-2010 "Unsupported order combination").
        public var orderTypes: [String]
        public var quoteOrderQtyMarketAllowed: Bool
        /// Base quantity shown at the best bid and ask; a taker order takes at most this much
        /// there (the rest of a MARKET, IOC or FOK order expires; a GTC rest rests).
        public var touchQuantity: Quantity

        public init(symbol: String, baseAsset: String, quoteAsset: String, status: String = "TRADING",
                    minPrice: Price, maxPrice: Price, tickSize: Price,
                    minQty: Quantity, maxQty: Quantity, stepSize: Quantity,
                    marketMinQty: Quantity = .zero, marketMaxQty: Quantity, marketStepSize: Quantity = .zero,
                    minNotional: Money = 5, maxNotional: Money = 9_000_000, applyMinToMarket: Bool = true,
                    applyMaxToMarket: Bool = false, orderTypes: [String] = Self.allOrderTypes,
                    quoteOrderQtyMarketAllowed: Bool = true, touchQuantity: Quantity = 100) {
            self.symbol = symbol
            self.baseAsset = baseAsset
            self.quoteAsset = quoteAsset
            self.status = status
            self.minPrice = minPrice
            self.maxPrice = maxPrice
            self.tickSize = tickSize
            self.minQty = minQty
            self.maxQty = maxQty
            self.stepSize = stepSize
            self.marketMinQty = marketMinQty
            self.marketMaxQty = marketMaxQty
            self.marketStepSize = marketStepSize
            self.minNotional = minNotional
            self.maxNotional = maxNotional
            self.applyMinToMarket = applyMinToMarket
            self.applyMaxToMarket = applyMaxToMarket
            self.orderTypes = orderTypes
            self.quoteOrderQtyMarketAllowed = quoteOrderQtyMarketAllowed
            self.touchQuantity = touchQuantity
        }

        public static let allOrderTypes = ["LIMIT", "LIMIT_MAKER", "MARKET", "STOP_LOSS", "STOP_LOSS_LIMIT", "TAKE_PROFIT",
                                           "TAKE_PROFIT_LIMIT"]

        /// Binance's BTCUSDT rules (2026): tick 0.01, step 0.00001, at least 5 USDT.
        public static let btcUsdt = Symbol(symbol: "BTCUSDT", baseAsset: "BTC", quoteAsset: "USDT",
                                           minPrice: Price.of("0.01"), maxPrice: 1_000_000, tickSize: Price.of("0.01"),
                                           minQty: Quantity.of("0.00001"), maxQty: 9000, stepSize: Quantity.of("0.00001"),
                                           marketMaxQty: Quantity.of("76.5"))
        /// Binance's ETHUSDT rules (2026): tick 0.01, step 0.0001, at least 5 USDT.
        public static let ethUsdt = Symbol(symbol: "ETHUSDT", baseAsset: "ETH", quoteAsset: "USDT",
                                           minPrice: Price.of("0.01"), maxPrice: 1_000_000, tickSize: Price.of("0.01"),
                                           minQty: Quantity.of("0.0001"), maxQty: 9000, stepSize: Quantity.of("0.0001"),
                                           marketMaxQty: 2500)
        /// BNBUSDT, for accounts that pay their commissions in BNB.
        public static let bnbUsdt = Symbol(symbol: "BNBUSDT", baseAsset: "BNB", quoteAsset: "USDT",
                                           minPrice: Price.of("0.01"), maxPrice: 100_000, tickSize: Price.of("0.01"),
                                           minQty: Quantity.of("0.001"), maxQty: 900_000, stepSize: Quantity.of("0.001"),
                                           marketMaxQty: 8000)

        /// `exchangeInfo`'s entry, fields in Binance's order.
        var json: JSON {
            .object([
                ("symbol", .string(symbol)), ("status", .string(status)), ("baseAsset", .string(baseAsset)),
                ("baseAssetPrecision", .int(8)), ("quoteAsset", .string(quoteAsset)), ("quotePrecision", .int(8)),
                ("quoteAssetPrecision", .int(8)), ("baseCommissionPrecision", .int(8)), ("quoteCommissionPrecision", .int(8)),
                ("orderTypes", .array(orderTypes.map(JSON.string))), ("icebergAllowed", .bool(false)),
                ("ocoAllowed", .bool(false)), ("otoAllowed", .bool(false)),
                ("quoteOrderQtyMarketAllowed", .bool(quoteOrderQtyMarketAllowed)), ("allowTrailingStop", .bool(false)),
                ("cancelReplaceAllowed", .bool(false)), ("amendAllowed", .bool(false)), ("isSpotTradingAllowed", .bool(true)),
                ("isMarginTradingAllowed", .bool(false)),
                ("filters", .array([
                    .object([("filterType", "PRICE_FILTER"), ("minPrice", .dec(minPrice)), ("maxPrice", .dec(maxPrice)),
                             ("tickSize", .dec(tickSize))]),
                    .object([("filterType", "LOT_SIZE"), ("minQty", .dec(minQty)), ("maxQty", .dec(maxQty)),
                             ("stepSize", .dec(stepSize))]),
                    .object([("filterType", "MARKET_LOT_SIZE"), ("minQty", .dec(marketMinQty)),
                             ("maxQty", .dec(marketMaxQty)), ("stepSize", .dec(marketStepSize))]),
                    .object([("filterType", "NOTIONAL"), ("minNotional", .dec(minNotional)),
                             ("applyMinToMarket", .bool(applyMinToMarket)), ("maxNotional", .dec(maxNotional)),
                             ("applyMaxToMarket", .bool(applyMaxToMarket)), ("avgPriceMins", .int(5))]),
                ])),
                ("permissions", []), ("permissionSets", [["SPOT"]]), ("defaultSelfTradePreventionMode", "NONE"),
                ("allowedSelfTradePreventionModes", ["NONE"]),
            ])
        }

        /// The lowercase form stream names use.
        var streamSymbol: String { symbol.lowercased() }
    }
}
