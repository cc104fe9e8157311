import BotCore
import OKXWire
import Testing

/// The REST calls as values: bodies byte for byte (they are signed as sent), paths and
/// queries, headers, and the checks that stop a bad request before it leaves.
struct RESTRequestTests {
    static let credentials = SigningTests.credentials
    static let spot = Instrument(id: InstrumentID(venue: "okx", symbol: "BTC-USDT"), kind: .spot, base: "BTC", quote: "USDT",
                                 tickSize: Price.of("0.1"), lotSize: Quantity.of("0.00000001"), minSize: Quantity.of("0.00001"),
                                 minNotional: 0, makerFee: Ratio.of("0.0008"), takerFee: Ratio.of("0.001"))
    static let swap = Instrument(id: InstrumentID(venue: "okx", symbol: "BTC-USDT-SWAP"), kind: .perpetual, base: "BTC",
                                 quote: "USDT", tickSize: Price.of("0.1"), lotSize: Quantity.of("0.01"), minSize: Quantity.of("0.01"),
                                 minNotional: 0, contractValue: Quantity.of("0.01"), makerFee: Ratio.of("0.0002"),
                                 takerFee: Ratio.of("0.0005"), maxLeverage: 100)
    static let id = ClientOrderID(bot: "rsi-cross-btc", sequence: 7)

    /// The docs' order, built from parameters, is the exact body of vector O2 and signs to it.
    @Test func docsOrderSignsToO2() throws {
        let r = try OKXRest.placeOrder(OKXOrderParams(instId: "BTC-USDT", tdMode: .cash, side: .buy, orderType: .limit,
                                                      size: 2, price: Price.of("2.15"), clientOrderID: "b15"))
        #expect(r.method == .post && r.requestPath == "/api/v5/trade/order" && r.endpoint == .placeOrder)
        #expect(r.bodyText == #"{"instId":"BTC-USDT","tdMode":"cash","clOrdId":"b15","side":"buy","ordType":"limit","px":"2.15","sz":"2"}"#)
        let s = try r.signed(Self.credentials, environment: .live, nowMs: SigningTests.docsMs)
        #expect(s.headers == [OKXHeader("Content-Type", "application/json"), OKXHeader("OK-ACCESS-KEY", "key-1"),
                              OKXHeader("OK-ACCESS-SIGN", "dI6rrL9rXW/HdaPKJ/6LC1OgvH4/PYju6R3CqixMTNQ="),
                              OKXHeader("OK-ACCESS-TIMESTAMP", "2020-12-08T09:08:57.715Z"),
                              OKXHeader("OK-ACCESS-PASSPHRASE", "pass-1")])
        #expect(s.url == "https://www.okx.com/api/v5/trade/order")
        #expect(s.body == r.body)
    }

    @Test func balanceQuerySignsToO1() throws {
        let r = try OKXRest.balance(currencies: ["BTC"])
        #expect(r.method == .get && r.requestPath == "/api/v5/account/balance?ccy=BTC" && r.body.isEmpty)
        let s = try r.signed(Self.credentials, environment: .live, nowMs: SigningTests.docsMs)
        #expect(s.header("ok-access-sign") == "HiZhvSfMtWJA3uUIVXV3a/bSXNPCWvYFXoGCVS8V4zY=")
        #expect(try OKXRest.balance(currencies: ["BTC", "USDT"]).requestPath == "/api/v5/account/balance?ccy=BTC,USDT")
        #expect(throws: OKXRequestError.self) { try OKXRest.balance(currencies: ["btc&x=1"]) }
    }

    @Test func demoHeaderAndExpiry() throws {
        let r = try OKXRest.placeOrder(OKXOrderParams(instId: "BTC-USDT", tdMode: .cash, side: .sell, orderType: .limit, size: 1,
                                                      price: 30000, clientOrderID: "a1"))
        let s = try r.signed(Self.credentials, environment: .demo, nowMs: 1000, expiresAtMs: 6000)
        #expect(s.header("x-simulated-trading") == "1")
        #expect(s.header("expTime") == "6000")
        #expect(try r.signed(Self.credentials, environment: .live, nowMs: 1000).header("x-simulated-trading") == nil)
        let e = #expect(throws: OKXRequestError.self) { try r.signed(Self.credentials, environment: .live, nowMs: 7000, expiresAtMs: 6000) }
        #expect(e?.field == "expTime")
        // Only place and amend take an expiry.
        #expect(throws: OKXRequestError.self) {
            try OKXRest.cancelOrder(instId: "BTC-USDT", .client("a1")).signed(Self.credentials, environment: .live, nowMs: 0, expiresAtMs: 5)
        }
        // Public calls are not signed.
        let t = try OKXRest.serverTime().signed(nil, environment: .demo, nowMs: 0)
        #expect(t.header("OK-ACCESS-SIGN") == nil && t.header("x-simulated-trading") == "1")
    }

    /// OKX orders are sized in base or contracts here: one sized in quote is refused, naming why.
    @Test func anOrderSizedInQuoteIsNotBuilt() {
        let e = #expect(throws: OKXRequestError.self) {
            try OKXOrderParams(.marketQuote(id: Self.id, side: .buy, quote: Money.of("100")), instrument: Self.spot, tdMode: .cash)
        }
        #expect(e?.field == "sz" && "\(e!)".contains("quote_quantity=100"))
    }

    @Test func strategyOrdersMapToOKXOrderTypes() throws {
        func body(_ r: OrderRequest, _ i: Instrument, _ mode: OKXTradeMode = .cash) throws -> String {
            try OKXRest.placeOrder(OKXOrderParams(r, instrument: i, tdMode: mode)).bodyText
        }
        let id = Self.id.description
        // A spot market buy's size is base currency: OKX's default for a buy would be quote.
        #expect(try body(OrderRequest(id: Self.id, side: .buy, type: .market, quantity: Quantity.of("0.0015")), Self.spot)
            == #"{"instId":"BTC-USDT","tdMode":"cash","clOrdId":"\#(id)","side":"buy","ordType":"market","sz":"0.0015","tgtCcy":"base_ccy"}"#)
        #expect(try body(OrderRequest(id: Self.id, side: .sell, type: .limit(Price.of("105573.7")), quantity: 1, timeInForce: .postOnly),
                         Self.spot)
            == #"{"instId":"BTC-USDT","tdMode":"cash","clOrdId":"\#(id)","side":"sell","ordType":"post_only","px":"105573.7","sz":"1"}"#)
        #expect(try body(OrderRequest(id: Self.id, side: .buy, type: .limit(Price.of("0.1")), quantity: 3, timeInForce: .ioc), Self.spot)
            .contains(#""ordType":"ioc","px":"0.1","sz":"3"}"#))
        // Hedge mode: posSide; reduce-only; a swap's size is contracts and never gets tgtCcy.
        #expect(try body(OrderRequest(id: Self.id, side: .sell, type: .market, quantity: 5, reduceOnly: true, positionSide: .long),
                         Self.swap, .isolated)
            == #"{"instId":"BTC-USDT-SWAP","tdMode":"isolated","clOrdId":"\#(id)","side":"sell","ordType":"market","sz":"5","posSide":"long","reduceOnly":true}"#)
        // One-way mode sends no posSide.
        #expect(try !body(OrderRequest(id: Self.id, side: .buy, type: .market, quantity: 1), Self.swap, .cross).contains("posSide"))
        let e = #expect(throws: OKXRequestError.self) {
            try OKXOrderParams(OrderRequest(id: Self.id, side: .buy, type: .stopMarket(trigger: 1), quantity: 1), instrument: Self.spot,
                               tdMode: .cash)
        }
        #expect(e?.field == "ordType")
        // fok is there for callers that want it.
        #expect(try OKXRest.placeOrder(OKXOrderParams(instId: "BTC-USDT", tdMode: .cash, side: .buy, orderType: .fok, size: 1, price: 2,
                                                      clientOrderID: "x")).bodyText.contains(#""ordType":"fok""#))
    }

    @Test(arguments: [
        ("", "clOrdId"), ("has-dash", "clOrdId"), ("under_score", "clOrdId"), (String(repeating: "a", count: 33), "clOrdId"),
        ("é", "clOrdId"),
    ])
    func refusesClientIDsOKXRefuses(_ clOrdId: String, _ field: String) {
        let e = #expect(throws: OKXRequestError.self) {
            try OKXRest.placeOrder(OKXOrderParams(instId: "BTC-USDT", tdMode: .cash, side: .buy, orderType: .market, size: 1,
                                                  clientOrderID: clOrdId))
        }
        #expect(e?.field == field)
    }

    @Test func refusesBadSizesAndPrices() {
        func field(_ p: OKXOrderParams) -> String? {
            do { _ = try OKXRest.placeOrder(p); return nil } catch { return error.field }
        }
        let ok = OKXOrderParams(instId: "BTC-USDT", tdMode: .cash, side: .buy, orderType: .limit, size: 1, price: 1, clientOrderID: "a")
        #expect(field(ok) == nil)
        var p = ok
        p.size = 0
        #expect(field(p) == "sz")
        p = ok
        p.price = nil
        #expect(field(p) == "px")
        p.price = Price.of("-1")
        #expect(field(p) == "px")
        p = ok
        p.orderType = .market
        #expect(field(p) == "px")  // a market order with a price
        p = ok
        p.sizeInBase = true
        #expect(field(p) == "tgtCcy")
        p = ok
        p.instId = "BTC USDT"
        #expect(field(p) == "instId")
        // An exact 32-character id is fine, as is ClientOrderID's longest form.
        p = ok
        p.clientOrderID = String(repeating: "Z", count: 32)
        #expect(field(p) == nil)
        p.clientOrderID = ClientOrderID(botHash: 0, sequence: .max).description
        #expect(field(p) == nil)
    }

    @Test func cancelAmendAndQueries() throws {
        let c = try OKXRest.cancelOrder(instId: "BTC-USDT", .client("b15"))
        #expect(c.path == "/api/v5/trade/cancel-order" && c.endpoint == .cancelOrder)
        #expect(c.bodyText == #"{"instId":"BTC-USDT","clOrdId":"b15"}"#)
        #expect(try OKXRest.cancelOrder(instId: "BTC-USD-190927", .venue("590908157585625111")).bodyText
            == #"{"instId":"BTC-USD-190927","ordId":"590908157585625111"}"#)
        #expect(throws: OKXRequestError.self) { try OKXRest.cancelOrder(instId: "BTC-USDT", .venue("12a")) }

        let a = try OKXRest.amendOrder(instId: "BTC-USDT", OKXOrderRef(Self.id), newPrice: Price.of("101.5"), newSize: nil,
                                       cancelOnFail: true, requestID: "r1")
        #expect(a.path == "/api/v5/trade/amend-order" && a.endpoint == .amendOrder && a.acceptsExpiry)
        #expect(a.bodyText == #"{"instId":"BTC-USDT","clOrdId":"\#(Self.id)","cxlOnFail":true,"reqId":"r1","newPx":"101.5"}"#)
        #expect(throws: OKXRequestError.self) { try OKXRest.amendOrder(instId: "BTC-USDT", .client("a"), newPrice: nil, newSize: nil) }

        #expect(try OKXRest.order(instId: "BTC-USDT", .client("b15")).requestPath == "/api/v5/trade/order?instId=BTC-USDT&clOrdId=b15")
        #expect(try OKXRest.pendingOrders(instType: .swap, instId: "BTC-USDT-SWAP", after: "123", limit: 100).requestPath
            == "/api/v5/trade/orders-pending?instType=SWAP&instId=BTC-USDT-SWAP&after=123&limit=100")
        #expect(throws: OKXRequestError.self) { try OKXRest.pendingOrders(limit: 101) }
        #expect(try OKXRest.fills(instType: .spot, instId: "BTC-USDT", after: "9876", begin: 1_597_026_383_085, limit: 50).requestPath
            == "/api/v5/trade/fills?instType=SPOT&instId=BTC-USDT&after=9876&begin=1597026383085&limit=50")
        #expect(OKXRest.accountConfig().requestPath == "/api/v5/account/config")
        #expect(try OKXRest.positions(instType: .swap).requestPath == "/api/v5/account/positions?instType=SWAP")
        #expect(throws: OKXRequestError.self) { try OKXRest.positions(instType: .spot) }

        let l = try OKXRest.setLeverage(instId: "BTC-USDT-SWAP", leverage: 5, marginMode: .isolated, positionSide: .long)
        #expect(l.method == .post && l.bodyText == #"{"instId":"BTC-USDT-SWAP","lever":"5","mgnMode":"isolated","posSide":"long"}"#)
        #expect(throws: OKXRequestError.self) { try OKXRest.setLeverage(instId: "X-Y", leverage: 126, marginMode: .cross) }

        let i = try OKXRest.instruments(.swap, instId: "BTC-USDT-SWAP")
        #expect(!i.isPrivate && i.requestPath == "/api/v5/public/instruments?instType=SWAP&instId=BTC-USDT-SWAP")
        #expect(OKXRest.serverTime().requestPath == "/api/v5/public/time")
        #expect(try OKXRest.candles(instId: "BTC-USDT", bar: OKXBar("1m"), after: 1_700_000_000_000, limit: 300).requestPath
            == "/api/v5/market/candles?instId=BTC-USDT&bar=1m&after=1700000000000&limit=300")
        #expect(try OKXRest.historyCandles(instId: "BTC-USDT", bar: OKXBar("1H"), before: 5).requestPath
            == "/api/v5/market/history-candles?instId=BTC-USDT&bar=1H&before=5")
        #expect(throws: OKXRequestError.self) { try OKXRest.historyCandles(instId: "BTC-USDT", bar: OKXBar("1m"), limit: 300) }
        #expect(throws: OKXRequestError.self) { try OKXRest.candles(instId: "BTC-USDT", bar: OKXBar("1m&x")) }
    }

    @Test func stopsAreConditionalAlgoOrders() throws {
        let stop = OrderRequest(id: Self.id, side: .sell, type: .stopMarket(trigger: Price.of("95000.5")), quantity: Quantity.of("0.01"))
        let r = try OKXRest.placeStop(OKXStopParams(stop, instrument: Self.spot, tdMode: .cash))
        #expect(r.path == "/api/v5/trade/order-algo" && r.endpoint == .placeOrder)
        #expect(r.bodyText == #"{"instId":"BTC-USDT","tdMode":"cash","side":"sell","ordType":"conditional","sz":"0.01","algoClOrdId":"\#(Self.id)","slTriggerPx":"95000.5","slOrdPx":"-1","slTriggerPxType":"last","tgtCcy":"base_ccy"}"#)
        let limit = OrderRequest(id: Self.id, side: .buy, type: .stopLimit(trigger: 100, price: Price.of("100.5")), quantity: 2,
                                 reduceOnly: true, positionSide: .short)
        #expect(try OKXRest.placeStop(OKXStopParams(limit, instrument: Self.swap, tdMode: .cross)).bodyText
            == #"{"instId":"BTC-USDT-SWAP","tdMode":"cross","side":"buy","ordType":"conditional","sz":"2","algoClOrdId":"\#(Self.id)","slTriggerPx":"100","slOrdPx":"100.5","slTriggerPxType":"last","posSide":"short","reduceOnly":true}"#)
        #expect(throws: OKXRequestError.self) {
            try OKXStopParams(OrderRequest(id: Self.id, side: .buy, type: .market, quantity: 1), instrument: Self.spot, tdMode: .cash)
        }

        let c = try OKXRest.cancelStops([("BTC-USDT", "a1"), ("ETH-USDT", "b2")])
        #expect(c.endpoint == .cancelOrder
            && c.bodyText == #"[{"instId":"BTC-USDT","algoClOrdId":"a1"},{"instId":"ETH-USDT","algoClOrdId":"b2"}]"#)
        #expect(throws: OKXRequestError.self) { try OKXRest.cancelStops([]) }
        #expect(throws: OKXRequestError.self) { try OKXRest.cancelStops(Array(repeating: ("BTC-USDT", "a"), count: 11)) }

        #expect(try OKXRest.pendingStops(instId: "BTC-USDT", algoClientOrderID: "a1").requestPath
            == "/api/v5/trade/orders-algo-pending?ordType=conditional&algoClOrdId=a1&instId=BTC-USDT")
        #expect(try OKXRest.stop(algoClientOrderID: "a1").requestPath == "/api/v5/trade/order-algo?algoClOrdId=a1")
    }
}
