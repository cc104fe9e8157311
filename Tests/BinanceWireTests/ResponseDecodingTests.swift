import BinanceWire
import BotCore
import Testing

/// Answers as Binance sends them (protocols.md §1.3's examples; the exchangeInfo, myTrades and
/// apiRestrictions shapes from Binance's docs), into typed values and the runtime's types.
struct ResponseDecodingTests {
    static func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }
    static let id = ClientOrderID(bot: "grid-btc", sequence: 42)
    static let spot = Instrument(id: InstrumentID(venue: "binance", symbol: "BTCUSDT"), kind: .spot, base: "BTC", quote: "USDT",
                                 tickSize: Price.of("0.01"), lotSize: Quantity.of("0.00001"), minSize: Quantity.of("0.00001"),
                                 minNotional: 5, makerFee: Ratio.of("0.001"), takerFee: Ratio.of("0.001"))

    static let exchangeInfo = #"""
    {"timezone":"UTC","serverTime":1565246363776,
     "rateLimits":[{"rateLimitType":"REQUEST_WEIGHT","interval":"MINUTE","intervalNum":1,"limit":6000},
                   {"rateLimitType":"ORDERS","interval":"SECOND","intervalNum":10,"limit":50},
                   {"rateLimitType":"ORDERS","interval":"DAY","intervalNum":1,"limit":160000},
                   {"rateLimitType":"RAW_REQUESTS","interval":"MINUTE","intervalNum":5,"limit":300000}],
     "exchangeFilters":[],
     "symbols":[{"symbol":"ETHBTC","status":"TRADING","baseAsset":"ETH","baseAssetPrecision":8,"quoteAsset":"BTC","quotePrecision":8,
                 "quoteAssetPrecision":8,"baseCommissionPrecision":8,"quoteCommissionPrecision":8,
                 "orderTypes":["LIMIT","LIMIT_MAKER","MARKET","STOP_LOSS","STOP_LOSS_LIMIT","TAKE_PROFIT","TAKE_PROFIT_LIMIT"],
                 "icebergAllowed":true,"ocoAllowed":true,"otoAllowed":true,"opoAllowed":true,"quoteOrderQtyMarketAllowed":true,
                 "allowTrailingStop":false,"cancelReplaceAllowed":false,"amendAllowed":false,"pegInstructionsAllowed":true,
                 "isSpotTradingAllowed":true,"isMarginTradingAllowed":true,
                 "filters":[{"filterType":"PRICE_FILTER","minPrice":"0.00000100","maxPrice":"100000.00000000","tickSize":"0.00000100"},
                            {"filterType":"LOT_SIZE","minQty":"0.00100000","maxQty":"100000.00000000","stepSize":"0.00100000"},
                            {"filterType":"ICEBERG_PARTS","limit":10},
                            {"filterType":"MARKET_LOT_SIZE","minQty":"0.00000000","maxQty":"92233720368.00000000","stepSize":"0.00000000"},
                            {"filterType":"NOTIONAL","minNotional":"10.00000000","applyMinToMarket":false,"maxNotional":"10000.00000000","applyMaxToMarket":false,"avgPriceMins":5},
                            {"filterType":"MAX_NUM_ORDERS","maxNumOrders":25}],
                 "permissions":[],"permissionSets":[["SPOT","MARGIN"]],"defaultSelfTradePreventionMode":"NONE",
                 "allowedSelfTradePreventionModes":["NONE"]},
                {"symbol":"OLDBTC","status":"BREAK","baseAsset":"OLD","quoteAsset":"BTC","orderTypes":["LIMIT"],"isSpotTradingAllowed":true,
                 "filters":[{"filterType":"PRICE_FILTER","minPrice":"0","maxPrice":"0","tickSize":"0.01"},
                            {"filterType":"LOT_SIZE","minQty":"1","maxQty":"1000","stepSize":"1"},
                            {"filterType":"MIN_NOTIONAL","minNotional":"0.00100000","applyToMarket":true,"avgPriceMins":5}]},
                {"symbol":"BADBTC","status":"TRADING","baseAsset":"BAD","quoteAsset":"BTC",
                 "filters":[{"filterType":"LOT_SIZE","minQty":"x","maxQty":"1","stepSize":"1"}]}]}
    """#

    @Test func serverTime() throws {
        #expect(try BinanceResponse.decode(BinanceServerTime.self, status: 200, body: Self.bytes(#"{"serverTime": 1499827319559}"#)).ms
            == 1_499_827_319_559)
    }

    @Test func exchangeInfoRulesBecomeAnInstrument() throws {
        let info = try BinanceResponse.decode(BinanceExchangeInfo.self, status: 200, body: Self.bytes(Self.exchangeInfo))
        #expect(info.serverTime == 1_565_246_363_776)
        #expect(info.rateLimits.map(\.type) == ["REQUEST_WEIGHT", "ORDERS", "ORDERS", "RAW_REQUESTS"])
        #expect(info.rateLimits.map(\.windowSeconds) == [60, 10, 86_400, 300] && info.rateLimits[0].limit == 6000)
        // One symbol Binance wrote oddly does not stop the others; the reason names its field.
        #expect(info.symbols.map(\.symbol) == ["ETHBTC", "OLDBTC"])
        #expect(info.unreadableSymbols.count == 1 && info.unreadableSymbols[0].hasPrefix("symbols[2].filters[0].minQty: "),
                "\(info.unreadableSymbols)")
        let eth = try #require(info.rules("ETHBTC"))
        #expect(eth.status == .trading && eth.isTrading && eth.baseAsset == "ETH" && eth.quoteAsset == "BTC")
        #expect(eth.orderTypes.contains(.limitMaker) && eth.orderTypes.contains(.stopLossLimit) && eth.orderTypes.count == 7)
        #expect(eth.priceFilter.min == Price.of("0.000001") && eth.priceFilter.max == 100_000 && eth.priceFilter.tick == Price.of("0.000001"))
        #expect(eth.lotSize == BinanceLotRule(min: Quantity.of("0.001"), max: 100_000, step: Quantity.of("0.001")))
        // A step of 0 is no step; a bound beyond fixed point's range is no bound.
        #expect(eth.marketLotSize == BinanceLotRule(min: 0, max: nil, step: nil))
        #expect(eth.minNotional == 10)
        #expect(eth.filters.contains(.other("ICEBERG_PARTS")) && eth.filters.contains(.notional(min: 10, max: 10_000, minAppliesToMarket: false)))
        #expect(eth.allows(.limitMaker(price: 1, quantity: 1)) && eth.allows(.marketQuote(quoteQuantity: 1)))
        let i = try eth.instrument(makerFee: Ratio.of("0.001"), takerFee: Ratio.of("0.0015"))
        #expect(i.id == InstrumentID(venue: "binance", symbol: "ETHBTC") && i.kind == .spot && i.base == "ETH" && i.quote == "BTC")
        #expect(i.tickSize == Price.of("0.000001") && i.lotSize == Quantity.of("0.001") && i.minSize == Quantity.of("0.001"))
        #expect(i.minNotional == 10 && i.makerFee == Ratio.of("0.001") && i.takerFee == Ratio.of("0.0015"))

        let old = try #require(info.rules("OLDBTC"))
        #expect(old.status == .break && !old.isTrading && old.minNotional == Money.of("0.001"))
        #expect(old.priceFilter.min == nil && old.priceFilter.max == nil && old.marketLotSize == nil)
        #expect(!old.allows(.market(quantity: 1)) && old.allows(.limit(price: 1, quantity: 1, timeInForce: .gtc)))
        #expect(try old.instrument(makerFee: 0, takerFee: 0).lotSize == 1)
    }

    @Test func instrumentNeedsATickAndAStep() throws {
        let noTick = #"{"symbols":[{"symbol":"X","status":"TRADING","baseAsset":"A","quoteAsset":"B","filters":[{"filterType":"PRICE_FILTER","minPrice":"0","maxPrice":"0","tickSize":"0"},{"filterType":"LOT_SIZE","minQty":"1","maxQty":"2","stepSize":"1"}]}]}"#
        let info = try BinanceResponse.decode(BinanceExchangeInfo.self, status: 200, body: Self.bytes(noTick))
        let e = #expect(throws: BinanceError.self) { try info.symbols[0].instrument(makerFee: 0, takerFee: 0) }
        #expect(e?.kind == .malformedResponse && e?.message.hasPrefix("filters.PRICE_FILTER.tickSize: ") == true)
        let noLot = #"{"symbols":[{"symbol":"X","status":"TRADING","baseAsset":"A","quoteAsset":"B","filters":[{"filterType":"PRICE_FILTER","minPrice":"0","maxPrice":"0","tickSize":"0.1"}]}]}"#
        let e2 = #expect(throws: BinanceError.self) {
            try BinanceResponse.decode(BinanceExchangeInfo.self, status: 200, body: Self.bytes(noLot)).symbols[0].instrument(makerFee: 0, takerFee: 0)
        }
        #expect(e2?.message.hasPrefix("filters.LOT_SIZE: ") == true)
    }

    @Test func klineRows() throws {
        let body = #"[[1499040000000,"0.01634790","0.80000000","0.01575800","0.01577100","148976.11427815",1499644799999,"2434.19055334",308,"1756.87402397","28.46694368","0"],[1499644800000,"0.01577100","0.01600000","0.01500000","0.01590000","10.5",1500249599999,"1",3,"1","1","0"]]"#
        let k = try BinanceKlineRows.decode(status: 200, body: Self.bytes(body), interval: .oneWeek, serverTimeMs: 1_500_000_000_000)
        #expect(k.count == 2)
        #expect(k[0].candle == Candle(ts: 1_499_040_000_000, open: Price.of("0.0163479"), high: Price.of("0.8"), low: Price.of("0.015758"),
                                      close: Price.of("0.015771"), volume: 148976.11427815))
        #expect(k[0].closeMs == 1_499_644_799_999 && k[0].closed && k[0].interval == .oneWeek)
        // The last one is still forming at the server's time.
        #expect(!k[1].closed)
        for (bad, field) in [
            (#"[[1499040000000,"0.1","0.2","0.1","0.1","1"]]"#, "[0]"),
            (#"[["1499040000000","0.1","0.2","0.1","0.1","1",1499644799999,"1",1,"1","1","0"]]"#, "[0][0] (openTime)"),
            (#"[[1499040000000,0.1,"0.2","0.1","0.1","1",1499644799999,"1",1,"1","1","0"]]"#, "[0][1] (open)"),
            (#"[[1499040000000,"0.1","0.2","0.1","0.1","x",1499644799999,"1",1,"1","1","0"]]"#, "[0][5] (volume)"),
            (#"[[1499040000000,"0.1","0.2","0.1","0.1","1",-1,"1",1,"1","1","0"]]"#, "[0][6] (closeTime)"),
            (#"[[1]]"#, "[0]"),
            (#"{"a":1}"#, ""),
        ] {
            let e = #expect(throws: BinanceError.self) {
                try BinanceKlineRows.decode(status: 200, body: Self.bytes(bad), interval: .oneMinute, serverTimeMs: 0)
            }
            #expect(e?.kind == .malformedResponse && (field.isEmpty || e?.message.hasPrefix(field + ": ") == true), "\(String(describing: e))")
        }
    }

    static let result = #"{"symbol":"BTCUSDT","orderId":28,"orderListId":-1,"clientOrderId":"6gCrw2kRUAF9CvJDGP16IP","transactTime":1507725176595,"price":"0.00000000","origQty":"10.00000000","executedQty":"10.00000000","origQuoteOrderQty":"0.000000","cummulativeQuoteQty":"10.00000000","status":"FILLED","timeInForce":"GTC","type":"MARKET","side":"SELL","workingTime":1507725176595,"selfTradePreventionMode":"NONE"}"#

    @Test func placementAnswersAckResultFull() throws {
        let ack = try BinanceResponse.decode(BinanceNewOrderAnswer.self, status: 200, body: Self.bytes(
            #"{"symbol":"BTCUSDT","orderId":28,"orderListId":-1,"clientOrderId":"6gCrw2kRUAF9CvJDGP16IP","transactTime":1507725176595}"#))
        guard case .ack(let a) = ack else { Issue.record("not an ACK"); return }
        #expect(a.orderID == 28 && a.orderListID == -1 && a.clientOrderID == "6gCrw2kRUAF9CvJDGP16IP" && a.transactMs == 1_507_725_176_595)
        #expect(ack.orderID == 28 && ack.clientOrderID == "6gCrw2kRUAF9CvJDGP16IP")

        guard case .result(let r) = try BinanceResponse.decode(BinanceNewOrderAnswer.self, status: 200, body: Self.bytes(Self.result))
        else { Issue.record("not a RESULT"); return }
        #expect(r.status == .filled && r.type == .market && r.side == .sell && r.price == 0 && r.originalQuantity == 10)
        #expect(r.executedQuantity == 10 && r.cumulativeQuoteQuantity == 10 && r.timeMs == 1_507_725_176_595 && r.fills.isEmpty)
        #expect(r.workingMs == 1_507_725_176_595 && r.timeInForce == "GTC" && r.stopPrice == nil)
        // Not one of ours: no runtime id, and the conversion names the field.
        #expect(r.runtimeOrderID == nil)
        let e = #expect(throws: BinanceError.self) { try r.venueOrder() }
        #expect(e?.message.hasPrefix("clientOrderId: ") == true)

        let full = String(Self.result.dropLast()).replacingOccurrences(of: "6gCrw2kRUAF9CvJDGP16IP", with: Self.id.description)
            .replacingOccurrences(of: "BTCUSDT", with: "BTCUSDT")
            + #","fills":[{"price":"4000.00000000","qty":"1.00000000","commission":"4.00000000","commissionAsset":"USDT","tradeId":56},{"price":"3999.00000000","qty":"5.00000000","commission":"0.00500000","commissionAsset":"BTC","tradeId":57},{"price":"3998.00000000","qty":"4.00000000","commission":"0.01","commissionAsset":"BNB","tradeId":58}]}"#
        guard case .result(let f) = try BinanceResponse.decode(BinanceNewOrderAnswer.self, status: 200, body: Self.bytes(full))
        else { Issue.record("not a FULL"); return }
        #expect(f.fills.map(\.tradeID) == [56, 57, 58])
        #expect(f.fills[0].commission == BinanceCommission(amount: 4, asset: "USDT") && f.fills[1].quantity == 5)
        let fills = try f.runtimeFills(instrument: Self.spot)
        #expect(fills.map(\.orderID) == [Self.id, Self.id, Self.id] && fills.allSatisfy { $0.side == .sell && $0.liquidity == .taker })
        #expect(fills.map(\.tradeID) == ["56", "57", "58"] && fills.map(\.ts) == [1_507_725_176_595, 1_507_725_176_595, 1_507_725_176_595])
        // USDT as it is; BTC at the fill's price (0.005 × 3999); BNB unknown to the layer: zero, or at the caller's price.
        #expect(fills.map(\.fee) == [4, Money.of("19.995"), 0])
        #expect(try f.runtimeFills(instrument: Self.spot, thirdAssetPrice: 600).map(\.fee) == [4, Money.of("19.995"), 6])
        #expect(fills.map(\.price) == [4000, 3999, 3998] && fills.map(\.quantity) == [1, 5, 4])
        let v = try f.venueOrder()
        #expect(v.request.type == .market && v.status == .filled && v.filled == 10 && v.instrument == InstrumentID(venue: "binance", symbol: "BTCUSDT"))
    }

    @Test func cancelAnswerIsTheCancelledOrders() throws {
        let body = #"{"symbol":"LTCBTC","origClientOrderId":"\#(Self.id)","orderId":4,"orderListId":-1,"clientOrderId":"cancelMyOrder1","transactTime":1684804350068,"price":"2.00000000","origQty":"1.00000000","executedQty":"0.00000000","origQuoteOrderQty":"0.000000","cummulativeQuoteQty":"0.00000000","status":"CANCELED","timeInForce":"GTC","type":"LIMIT","side":"BUY","selfTradePreventionMode":"NONE"}"#
        let o = try BinanceResponse.decode(BinanceOrder.self, status: 200, body: Self.bytes(body))
        #expect(o.status == .canceled && o.status.status == .cancelled && o.clientOrderID == "cancelMyOrder1")
        #expect(o.originalClientOrderID == Self.id.description && o.runtimeOrderID == Self.id)
        let v = try o.venueOrder()
        #expect(v.request.id == Self.id && v.request.type == .limit(2) && v.request.side == .buy && v.request.quantity == 1 && v.filled == 0)
        #expect(v.status == .cancelled && v.createdMs == 1_684_804_350_068)
    }

    @Test func openOrdersAndOrderQuery() throws {
        let body = #"[{"symbol":"LTCBTC","orderId":1,"orderListId":-1,"clientOrderId":"\#(Self.id)","price":"0.1","origQty":"1.0","executedQty":"0.0","cummulativeQuoteQty":"0.0","status":"NEW","timeInForce":"GTC","type":"LIMIT","side":"BUY","stopPrice":"0.0","icebergQty":"0.0","time":1499827319559,"updateTime":1499827319559,"isWorking":true,"origQuoteOrderQty":"0.000000","workingTime":1499827319559,"selfTradePreventionMode":"NONE"}]"#
        let orders = try BinanceResponse.decode([BinanceOrder].self, status: 200, body: Self.bytes(body))
        #expect(orders.count == 1)
        let o = orders[0]
        #expect(o.orderID == 1 && o.price == Price.of("0.1") && o.stopPrice == nil && o.timeMs == 1_499_827_319_559 && o.updateMs == 1_499_827_319_559)
        let v = try o.venueOrder()
        #expect(v.request == OrderRequest(id: Self.id, side: .buy, type: .limit(Price.of("0.1")), quantity: 1) && v.status == .accepted)
        // The same object from GET /api/v3/order, of each type the runtime places.
        func query(_ type: String, _ tif: String, stop: String = "0.0") throws -> VenueOrder {
            let one = String(body.dropFirst().dropLast()).replacingOccurrences(of: #""type":"LIMIT""#, with: #""type":"\#(type)""#)
                .replacingOccurrences(of: #""timeInForce":"GTC""#, with: #""timeInForce":"\#(tif)""#)
                .replacingOccurrences(of: #""stopPrice":"0.0""#, with: #""stopPrice":"\#(stop)""#)
            return try BinanceResponse.decode(BinanceOrder.self, status: 200, body: Self.bytes(one)).venueOrder()
        }
        #expect(try query("LIMIT_MAKER", "GTC").request.timeInForce == .postOnly)
        #expect(try query("LIMIT", "IOC").request.timeInForce == .ioc)
        #expect(try query("STOP_LOSS", "GTC", stop: "0.09").request.type == .stopMarket(trigger: Price.of("0.09")))
        #expect(try query("STOP_LOSS_LIMIT", "GTC", stop: "0.09").request.type == .stopLimit(trigger: Price.of("0.09"), price: Price.of("0.1")))
        let tp = #expect(throws: BinanceError.self) { try query("TAKE_PROFIT", "GTC", stop: "1") }
        #expect(tp?.message.hasPrefix("type: ") == true)
        let noStop = #expect(throws: BinanceError.self) { try query("STOP_LOSS", "GTC") }
        #expect(noStop?.message.hasPrefix("type: ") == true)
    }

    @Test func account() throws {
        let body = #"{"makerCommission":15,"takerCommission":15,"buyerCommission":0,"sellerCommission":0,"commissionRates":{"maker":"0.00150000","taker":"0.00150000","buyer":"0.00000000","seller":"0.00000000"},"canTrade":true,"canWithdraw":true,"canDeposit":true,"brokered":false,"requireSelfTradePrevention":false,"preventSor":false,"updateTime":123456789,"accountType":"SPOT","balances":[{"asset":"BTC","free":"4723846.89208129","locked":"0.00000000"},{"asset":"LTC","free":"4763368.68006011","locked":"0.00000000"}],"permissions":["SPOT"],"uid":354937868}"#
        let a = try BinanceResponse.decode(BinanceAccount.self, status: 200, body: Self.bytes(body))
        #expect(a.canTrade && a.canWithdraw && a.canDeposit && a.accountType == "SPOT" && a.permissions == ["SPOT"])
        #expect(a.uid == 354_937_868 && a.updateMs == 123_456_789)
        #expect(a.commissionRates == BinanceCommissionRates(maker: Ratio.of("0.0015"), taker: Ratio.of("0.0015")))
        #expect(a.balances == [BinanceBalance(asset: "BTC", free: Money.of("4723846.89208129"), locked: 0),
                               BinanceBalance(asset: "LTC", free: Money.of("4763368.68006011"), locked: 0)])
        #expect(a.venueBalances[0] == VenueBalance(asset: "BTC", total: Money.of("4723846.89208129"), available: Money.of("4723846.89208129")))
        #expect(a.unreadableBalances.isEmpty)
        // Without commissionRates, the older fields in hundredths of a percent; a balance beyond
        // fixed point's range is set aside, named, and the account still loads.
        let old = #"{"makerCommission":10,"takerCommission":20,"canTrade":false,"canWithdraw":false,"balances":[{"asset":"PEPE","free":"50000000000.00","locked":"0"},{"asset":"USDT","free":"10","locked":"2.5"}]}"#
        let b = try BinanceResponse.decode(BinanceAccount.self, status: 200, body: Self.bytes(old))
        #expect(b.commissionRates == BinanceCommissionRates(maker: Ratio.of("0.001"), taker: Ratio.of("0.002")) && !b.canTrade)
        #expect(b.balances == [BinanceBalance(asset: "USDT", free: 10, locked: Money.of("2.5"))] && b.venueBalances[0].total == Money.of("12.5"))
        #expect(b.unreadableBalances.count == 1 && b.unreadableBalances[0].hasPrefix("balances[0].free: "), "\(b.unreadableBalances)")
        // Free and locked that fit apart but not together; commission fields out of their range.
        let sum = #"{"makerCommission":10,"takerCommission":20,"canTrade":true,"canWithdraw":false,"balances":[{"asset":"X","free":"9000000000","locked":"9000000000"}]}"#
        let c = try BinanceResponse.decode(BinanceAccount.self, status: 200, body: Self.bytes(sum))
        #expect(c.balances.isEmpty && c.unreadableBalances.first?.hasPrefix("balances[0].locked: ") == true)
        let rates = #"{"makerCommission":9223372036854775807,"takerCommission":20,"canTrade":true,"canWithdraw":false,"balances":[]}"#
        let r = #expect(throws: BinanceError.self) { try BinanceResponse.decode(BinanceAccount.self, status: 200, body: Self.bytes(rates)) }
        #expect(r?.message.hasPrefix("makerCommission: ") == true)
    }

    @Test func apiRestrictions() throws {
        let body = #"{"ipRestrict":false,"createTime":1698645219000,"enableReading":true,"enableWithdrawals":false,"enableInternalTransfer":false,"enableMargin":false,"enableFutures":false,"permitsUniversalTransfer":false,"enableVanillaOptions":false,"enableFixApiTrade":false,"enableFixReadOnly":false,"enableSpotAndMarginTrading":true,"enablePortfolioMarginTrading":false}"#
        let r = try BinanceResponse.decode(BinanceAPIRestrictions.self, status: 200, body: Self.bytes(body))
        #expect(!r.ipRestrict && r.enableReading && r.enableSpotAndMarginTrading && !r.enableWithdrawals && !r.enableMargin)
        #expect(r.createMs == 1_698_645_219_000 && r.tradingAuthorityExpirationMs == nil)
        let e = #expect(throws: BinanceError.self) {
            try BinanceResponse.decode(BinanceAPIRestrictions.self, status: 200, body: Self.bytes(#"{"ipRestrict":true,"enableSpotAndMarginTrading":"yes","enableWithdrawals":false}"#))
        }
        #expect(e?.kind == .malformedResponse && e?.message == "enableSpotAndMarginTrading: expected a boolean")
    }

    @Test func myTrades() throws {
        let body = #"[{"symbol":"BNBBTC","id":28457,"orderId":100234,"orderListId":-1,"price":"4.00000100","qty":"12.00000000","quoteQty":"48.000012","commission":"10.10000000","commissionAsset":"BNB","time":1499865549590,"isBuyer":true,"isMaker":false,"isBestMatch":true}]"#
        let t = try BinanceResponse.decode([BinanceAccountTrade].self, status: 200, body: Self.bytes(body))[0]
        #expect(t.tradeID == 28457 && t.orderID == 100_234 && t.price == Price.of("4.000001") && t.quantity == 12 && t.quoteQuantity == Money.of("48.000012"))
        #expect(t.commission == BinanceCommission(amount: Money.of("10.1"), asset: "BNB") && t.timeMs == 1_499_865_549_590)
        #expect(t.isBuyer && !t.isMaker && t.side == .buy)
        let bnbbtc = Instrument(id: InstrumentID(venue: "binance", symbol: "BNBBTC"), kind: .spot, base: "BNB", quote: "BTC", tickSize: Price.of("0.0000001"),
                                lotSize: Quantity.of("0.01"), minSize: Quantity.of("0.01"), minNotional: 0, makerFee: 0, takerFee: 0)
        let f = try t.fill(instrument: bnbbtc, orderID: Self.id)
        // The commission is in the base asset here: converted at the trade's price, and what the
        // buyer holds is the quantity less it.
        #expect(f == Fill(orderID: Self.id, ts: 1_499_865_549_590, side: .buy, positionSide: .net, price: Price.of("4.000001"), quantity: 12,
                          fee: Money.of("40.4000101"), liquidity: .taker, tradeID: "28457", baseFee: Quantity.of("10.1")))
        #expect(f.heldChange == Quantity.of("1.9"))
        // A commission whose value in quote leaves fixed point's range is an error naming it, not a trap.
        let huge = try BinanceResponse.decode([BinanceAccountTrade].self, status: 200, body: Self.bytes(
            body.replacingOccurrences(of: #""price":"4.00000100""#, with: #""price":"9000000000""#)
                .replacingOccurrences(of: #""commission":"10.10000000""#, with: #""commission":"9000000000""#)))[0]
        let e = #expect(throws: BinanceError.self) { try huge.fill(instrument: bnbbtc, orderID: Self.id) }
        #expect(e?.message.hasPrefix("commission: ") == true)
    }

    @Test func decodingFailuresNameTheField() {
        for (body, message) in [
            (#"{"symbol":"X","orderId":1,"clientOrderId":"a","price":"1","executedQty":"0","status":"NEW","type":"LIMIT","side":"BUY"}"#, "origQty: missing"),
            (#"{"symbol":"X","orderId":1,"clientOrderId":"a","price":"1","origQty":"1","executedQty":"0","status":"DANCING","type":"LIMIT","side":"BUY"}"#, "status: unknown value 'DANCING'"),
            (#"{"symbol":"X","orderId":1,"clientOrderId":"a","price":"1","origQty":"1","executedQty":"0","status":"NEW","type":"LIMIT","side":"buy"}"#, "side: 'buy' is not BUY or SELL"),
            (#"{"symbol":"X","orderId":"1","clientOrderId":"a","price":"1","origQty":"1","executedQty":"0","status":"NEW","type":"LIMIT","side":"BUY"}"#, "orderId: expected an integer"),
            (#"{"symbol":"X","orderId":1,"clientOrderId":"a","price":"1.0000000001","origQty":"1","executedQty":"0","status":"NEW","type":"LIMIT","side":"BUY"}"#, "price: '1.0000000001' has more than 9 decimals"),
            (#"{"symbol":"X","orderId":1,"clientOrderId":"a","price":"1","origQty":"1","executedQty":"0","status":"NEW","type":"LIMIT","side":"BUY","fills":[{"price":"1","qty":"1","commissionAsset":"BNB","tradeId":1}]}"#, "fills[0].commission: missing"),
            ("not json", "not JSON"),
        ] {
            let e = #expect(throws: BinanceError.self) { try BinanceResponse.decode(BinanceOrder.self, status: 200, body: Self.bytes(body)) }
            #expect(e?.kind == .malformedResponse && e?.message == message, "\(String(describing: e))")
        }
    }
}
