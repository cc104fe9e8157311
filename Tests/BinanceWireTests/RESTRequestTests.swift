import BinanceWire
import BotCore
import Testing

/// The REST calls as values: method, path, query (exactly as sent and signed), security and
/// weight as documented, and the checks that stop a bad request before it leaves.
struct RESTRequestTests {
    static let spot = Instrument(id: InstrumentID(venue: "binance", symbol: "BTCUSDT"), kind: .spot, base: "BTC", quote: "USDT",
                                 tickSize: Price.of("0.01"), lotSize: Quantity.of("0.00001"), minSize: Quantity.of("0.00001"),
                                 minNotional: 5, makerFee: Ratio.of("0.001"), takerFee: Ratio.of("0.001"))
    static let id = ClientOrderID(bot: "rsi-cross-btc", sequence: 7)

    struct Expected {
        var method: BinanceHTTPMethod
        var path: String
        var query: String
        var security: BinanceSecurity
        var weight: Int
    }

    static func check(_ r: BinanceRequest, _ e: Expected, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(r.method == e.method, sourceLocation: sourceLocation)
        #expect(r.path == e.path, sourceLocation: sourceLocation)
        #expect(r.query.text == e.query, sourceLocation: sourceLocation)
        #expect(r.security == e.security, sourceLocation: sourceLocation)
        #expect(r.weight == e.weight, sourceLocation: sourceLocation)
        #expect(r.body.isEmpty, sourceLocation: sourceLocation)
    }

    @Test func generalAndMarketData() throws {
        Self.check(BinanceRest.serverTime(), Expected(method: .get, path: "/api/v3/time", query: "", security: .none, weight: 1))
        Self.check(try BinanceRest.exchangeInfo(), Expected(method: .get, path: "/api/v3/exchangeInfo", query: "", security: .none, weight: 20))
        Self.check(try BinanceRest.exchangeInfo(symbols: ["BTCUSDT"]),
                   Expected(method: .get, path: "/api/v3/exchangeInfo", query: "symbol=BTCUSDT", security: .none, weight: 20))
        Self.check(try BinanceRest.exchangeInfo(symbols: ["BNBBTC", "BTCUSDT"]),
                   Expected(method: .get, path: "/api/v3/exchangeInfo", query: "symbols=%5B%22BNBBTC%22%2C%22BTCUSDT%22%5D", security: .none,
                            weight: 20))
        Self.check(try BinanceRest.klines(symbol: "BTCUSDT", interval: .oneMinute),
                   Expected(method: .get, path: "/api/v3/klines", query: "symbol=BTCUSDT&interval=1m", security: .none, weight: 2))
        Self.check(try BinanceRest.klines(symbol: "BTCUSDT", interval: .oneMonth, startTime: 1_499_040_000_000, endTime: 1_499_644_799_999,
                                          limit: 1000),
                   Expected(method: .get, path: "/api/v3/klines",
                            query: "symbol=BTCUSDT&interval=1M&startTime=1499040000000&endTime=1499644799999&limit=1000", security: .none,
                            weight: 2))
        #expect(BinanceRest.serverTime().endpoint == .query && !BinanceRest.serverTime().countsAsOrder)
    }

    @Test func account() throws {
        Self.check(BinanceRest.account(), Expected(method: .get, path: "/api/v3/account", query: "", security: .signed, weight: 20))
        Self.check(BinanceRest.account(omitZeroBalances: true),
                   Expected(method: .get, path: "/api/v3/account", query: "omitZeroBalances=true", security: .signed, weight: 20))
        let r = BinanceRest.apiRestrictions()
        Self.check(r, Expected(method: .get, path: "/sapi/v1/account/apiRestrictions", query: "", security: .signed, weight: 1))
        #expect(r.isSAPI && BinanceEnvironment.live.serves(r) && !BinanceEnvironment.testnet.serves(r) && !BinanceEnvironment.demo.serves(r))
        #expect(BinanceEnvironment.testnet.serves(BinanceRest.account()))
    }

    @Test func myTrades() throws {
        Self.check(try BinanceRest.myTrades(symbol: "BNBBTC"),
                   Expected(method: .get, path: "/api/v3/myTrades", query: "symbol=BNBBTC", security: .signed, weight: 20))
        Self.check(try BinanceRest.myTrades(symbol: "BNBBTC", orderID: 100_234, fromID: 28457, limit: 50),
                   Expected(method: .get, path: "/api/v3/myTrades", query: "symbol=BNBBTC&orderId=100234&fromId=28457&limit=50",
                            security: .signed, weight: 5))
        Self.check(try BinanceRest.myTrades(symbol: "BNBBTC", startTime: 1_000, endTime: 86_401_000),
                   Expected(method: .get, path: "/api/v3/myTrades", query: "symbol=BNBBTC&startTime=1000&endTime=86401000",
                            security: .signed, weight: 20))
        Self.check(try BinanceRest.myTrades(symbol: "BNBBTC", fromID: 1),
                   Expected(method: .get, path: "/api/v3/myTrades", query: "symbol=BNBBTC&fromId=1", security: .signed, weight: 20))
        // The combinations Binance does not take, and the ranges.
        for (call, field) in [
            ({ try BinanceRest.myTrades(symbol: "BNBBTC", orderID: 1, startTime: 5) }, "startTime"),
            ({ try BinanceRest.myTrades(symbol: "BNBBTC", orderID: 1, endTime: 5) }, "endTime"),
            ({ try BinanceRest.myTrades(symbol: "BNBBTC", startTime: 5, fromID: 3) }, "fromId"),
            ({ try BinanceRest.myTrades(symbol: "BNBBTC", startTime: 0, endTime: 86_400_001) }, "endTime"),
            ({ try BinanceRest.myTrades(symbol: "BNBBTC", startTime: 10, endTime: 9) }, "endTime"),
            ({ try BinanceRest.myTrades(symbol: "BNBBTC", limit: 1001) }, "limit"),
            ({ try BinanceRest.myTrades(symbol: "BNBBTC", limit: 0) }, "limit"),
            ({ try BinanceRest.myTrades(symbol: "BNBBTC", orderID: -1) }, "orderId"),
            ({ try BinanceRest.myTrades(symbol: "bnbbtc") }, "symbol"),
        ] as [(() throws -> BinanceRequest, String)] {
            let e = #expect(throws: BinanceRequestError.self) { try call() }
            #expect(e?.field == field, "\(String(describing: e))")
        }
    }

    @Test func placeOrders() throws {
        func place(_ kind: BinanceOrderKind, _ side: Side = .buy, id: String? = "abc", type: BinanceOrderResponseType? = .full) throws -> BinanceRequest {
            try BinanceRest.placeOrder(BinanceOrderParams(symbol: "BTCUSDT", side: side, kind: kind, clientOrderID: id, responseType: type))
        }
        let limit = try place(.limit(price: Price.of("50000.5"), quantity: Quantity.of("0.2"), timeInForce: .gtc))
        Self.check(limit, Expected(method: .post, path: "/api/v3/order",
                                   query: "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.2&price=50000.5&newClientOrderId=abc&newOrderRespType=FULL",
                                   security: .signed, weight: 1))
        #expect(limit.countsAsOrder && limit.endpoint == .placeOrder)
        #expect(try place(.limit(price: 1, quantity: 1, timeInForce: .ioc), .sell).query.text.hasPrefix("symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=IOC&"))
        #expect(try place(.limit(price: 1, quantity: 1, timeInForce: .fok)).query.value("timeInForce") == "FOK")
        #expect(try place(.market(quantity: Quantity.of("0.0015")), .sell, id: nil).query.text
            == "symbol=BTCUSDT&side=SELL&type=MARKET&quantity=0.0015&newOrderRespType=FULL")
        #expect(try place(.marketQuote(quoteQuantity: 25), type: nil).query.text
            == "symbol=BTCUSDT&side=BUY&type=MARKET&quoteOrderQty=25&newClientOrderId=abc")
        #expect(try place(.limitMaker(price: Price.of("49000"), quantity: 1), type: .ack).query.text
            == "symbol=BTCUSDT&side=BUY&type=LIMIT_MAKER&quantity=1&price=49000&newClientOrderId=abc&newOrderRespType=ACK")
        #expect(try place(.stopLossLimit(stopPrice: 48000, price: Price.of("47900"), quantity: 1, timeInForce: .gtc), .sell, type: .result).query.text
            == "symbol=BTCUSDT&side=SELL&type=STOP_LOSS_LIMIT&timeInForce=GTC&quantity=1&price=47900&stopPrice=48000&newClientOrderId=abc&newOrderRespType=RESULT")
        #expect(try place(.stopLoss(stopPrice: 48000, quantity: 1), .sell).query.text
            == "symbol=BTCUSDT&side=SELL&type=STOP_LOSS&quantity=1&stopPrice=48000&newClientOrderId=abc&newOrderRespType=FULL")
        // The client id charset Binance's -1100 quotes: [.A-Za-z:/0-9_-], up to 36.
        #expect(try place(.market(quantity: 1), id: "x-R4BD3S826527eb0fd34e445cba9d94:/.").query.value("newClientOrderId") == "x-R4BD3S826527eb0fd34e445cba9d94:/.")
    }

    @Test(arguments: [
        (BinanceOrderKind.limit(price: 0, quantity: 1, timeInForce: .gtc), "abc", "BTCUSDT", "price"),
        (.limit(price: 1, quantity: 0, timeInForce: .gtc), "abc", "BTCUSDT", "quantity"),
        (.market(quantity: Quantity(raw: -1)), "abc", "BTCUSDT", "quantity"),
        (.marketQuote(quoteQuantity: 0), "abc", "BTCUSDT", "quoteOrderQty"),
        (.limitMaker(price: -1, quantity: 1), "abc", "BTCUSDT", "price"),
        (.stopLoss(stopPrice: 0, quantity: 1), "abc", "BTCUSDT", "stopPrice"),
        (.stopLossLimit(stopPrice: 0, price: 1, quantity: 1, timeInForce: .gtc), "abc", "BTCUSDT", "stopPrice"),
        (.market(quantity: 1), String(repeating: "a", count: 37), "BTCUSDT", "newClientOrderId"),
        (.market(quantity: 1), "a b", "BTCUSDT", "newClientOrderId"),
        (.market(quantity: 1), "", "BTCUSDT", "newClientOrderId"),
        (.market(quantity: 1), "abc", "btcusdt", "symbol"),
        (.market(quantity: 1), "abc", "BTC&USDT", "symbol"),
        (.market(quantity: 1), "abc", "", "symbol"),
        (.market(quantity: 1), "abc", String(repeating: "A", count: 21), "symbol"),
    ])
    func badOrdersNameTheField(_ kind: BinanceOrderKind, _ id: String, _ symbol: String, _ field: String) {
        let e = #expect(throws: BinanceRequestError.self) {
            try BinanceRest.placeOrder(BinanceOrderParams(symbol: symbol, side: .buy, kind: kind, clientOrderID: id))
        }
        #expect(e?.field == field, "\(String(describing: e))")
    }

    @Test func strategyOrdersMapToBinanceTypes() throws {
        func query(_ r: OrderRequest) throws -> String { try BinanceRest.placeOrder(BinanceOrderParams(r, instrument: Self.spot)).query.text }
        let id = Self.id.description
        #expect(try query(OrderRequest(id: Self.id, side: .buy, type: .market, quantity: Quantity.of("0.0015")))
            == "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.0015&newClientOrderId=\(id)&newOrderRespType=FULL")
        #expect(try query(OrderRequest(id: Self.id, side: .sell, type: .limit(Price.of("105573.7")), quantity: 1))
            == "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=1&price=105573.7&newClientOrderId=\(id)&newOrderRespType=FULL")
        #expect(try query(OrderRequest(id: Self.id, side: .sell, type: .limit(1), quantity: 1, timeInForce: .ioc)).contains("timeInForce=IOC"))
        #expect(try query(OrderRequest(id: Self.id, side: .buy, type: .limit(1), quantity: 1, timeInForce: .postOnly)).contains("type=LIMIT_MAKER&quantity=1&price=1&"))
        #expect(try query(OrderRequest(id: Self.id, side: .sell, type: .stopMarket(trigger: 90), quantity: 1)).contains("type=STOP_LOSS&quantity=1&stopPrice=90&"))
        #expect(try query(OrderRequest(id: Self.id, side: .sell, type: .stopLimit(trigger: 90, price: 89), quantity: 1))
            .contains("type=STOP_LOSS_LIMIT&timeInForce=GTC&quantity=1&price=89&stopPrice=90&"))
        // A spot order has no leg; reduce-only is a plain sell; a swap is not spot.
        #expect(try query(OrderRequest(id: Self.id, side: .sell, type: .market, quantity: 1, reduceOnly: true)).contains("side=SELL&type=MARKET"))
        let leg = #expect(throws: BinanceRequestError.self) {
            try BinanceOrderParams(OrderRequest(id: Self.id, side: .buy, type: .market, quantity: 1, positionSide: .long), instrument: Self.spot)
        }
        #expect(leg?.field == "positionSide")
        let swap = Instrument(id: InstrumentID(venue: "binance", symbol: "BTCUSDT"), kind: .perpetual, base: "BTC", quote: "USDT",
                              tickSize: 1, lotSize: 1, minSize: 1, minNotional: 0, makerFee: 0, takerFee: 0)
        #expect(throws: BinanceRequestError.self) { try BinanceOrderParams(OrderRequest(id: Self.id, side: .buy, type: .market, quantity: 1), instrument: swap) }
    }

    @Test func cancelQueryAndOpenOrders() throws {
        let cancel = try BinanceRest.cancelOrder(symbol: "LTCBTC", .client("myOrder1"))
        Self.check(cancel, Expected(method: .delete, path: "/api/v3/order", query: "symbol=LTCBTC&origClientOrderId=myOrder1", security: .signed,
                                    weight: 1))
        #expect(cancel.endpoint == .cancelOrder && !cancel.countsAsOrder)
        #expect(try BinanceRest.cancelOrder(symbol: "LTCBTC", BinanceOrderRef(Self.id), newClientOrderID: "cancelMyOrder1").query.text
            == "symbol=LTCBTC&origClientOrderId=\(Self.id)&newClientOrderId=cancelMyOrder1")
        #expect(try BinanceRest.cancelOrder(symbol: "LTCBTC", .venue(4)).query.text == "symbol=LTCBTC&orderId=4")
        Self.check(try BinanceRest.order(symbol: "LTCBTC", .client("myOrder1")),
                   Expected(method: .get, path: "/api/v3/order", query: "symbol=LTCBTC&origClientOrderId=myOrder1", security: .signed, weight: 4))
        Self.check(try BinanceRest.openOrders(symbol: "LTCBTC"),
                   Expected(method: .get, path: "/api/v3/openOrders", query: "symbol=LTCBTC", security: .signed, weight: 6))
        Self.check(try BinanceRest.openOrders(), Expected(method: .get, path: "/api/v3/openOrders", query: "", security: .signed, weight: 80))
        #expect(throws: BinanceRequestError.self) { try BinanceRest.cancelOrder(symbol: "LTCBTC", .client("has space")) }
        #expect(throws: BinanceRequestError.self) { try BinanceRest.cancelOrder(symbol: "LTCBTC", .venue(-4)) }
        #expect(throws: BinanceRequestError.self) { try BinanceRest.order(symbol: "LTC BTC", .client("a")) }
    }

    @Test func marketDataChecks() {
        for (call, field) in [
            ({ try BinanceRest.klines(symbol: "BTCUSDT", interval: .oneMinute, limit: 0) }, "limit"),
            ({ try BinanceRest.klines(symbol: "BTCUSDT", interval: .oneMinute, limit: 1001) }, "limit"),
            ({ try BinanceRest.klines(symbol: "BTCUSDT", interval: .oneMinute, startTime: 10, endTime: 5) }, "endTime"),
            ({ try BinanceRest.klines(symbol: "BTCUSDT", interval: .oneMinute, startTime: -1) }, "startTime"),
            ({ try BinanceRest.klines(symbol: "btc", interval: .oneMinute) }, "symbol"),
            ({ try BinanceRest.exchangeInfo(symbols: ["BTCUSDT", "BTCUSDT"]) }, "symbols"),
            ({ try BinanceRest.exchangeInfo(symbols: ["BTC\"USDT"]) }, "symbols"),
        ] as [(() throws -> BinanceRequest, String)] {
            let e = #expect(throws: BinanceRequestError.self) { try call() }
            #expect(e?.field == field, "\(String(describing: e))")
        }
    }

    @Test func environments() {
        #expect(BinanceEnvironment.live.restHost == "https://api.binance.com")
        #expect(BinanceEnvironment.testnet.restHost == "https://testnet.binance.vision")
        #expect(BinanceEnvironment.demo.restHost == "https://demo-api.binance.com")
        #expect(BinanceEnvironment.live.webSocketAPIURL == "wss://ws-api.binance.com:443/ws-api/v3")
        #expect(BinanceEnvironment.testnet.webSocketAPIURL == "wss://ws-api.testnet.binance.vision/ws-api/v3")
        #expect(BinanceEnvironment.demo.webSocketAPIURL == "wss://demo-ws-api.binance.com/ws-api/v3")
        #expect(BinanceEnvironment.live.combinedStreamURL([.trade("BTCUSDT"), .kline("ETHUSDT", .oneMinute)])
            == "wss://stream.binance.com:9443/stream?streams=btcusdt@trade/ethusdt@kline_1m")
        #expect(BinanceEnvironment.testnet.combinedStreamURL() == "wss://stream.testnet.binance.vision/stream")
        #expect(BinanceEnvironment.demo.combinedStreamURL([.bookTicker("BNBUSDT")], host: "ws://127.0.0.1:9000")
            == "ws://127.0.0.1:9000/stream?streams=bnbusdt@bookTicker")
    }
}
