import BinanceFake
import BotCore
import Testing

/// Each order type against the fake's one-level book (a trade at 30000 leaves the bid at
/// 29999.99 and the ask at 30000.01), and the orders' lifecycle over REST.
struct OrderTests {
    @Test func aLimitOrderRestsThenFillsAsMakerWhenATradeReachesIt() async throws {
        try await withFake { fake, urls async throws in
            try fake.printTrade("BTCUSDT", price: 30_000)
            let c = BinanceClient(fake, urls)
            let placed = try #require(try await c.limit("BUY", price: "29900", quantity: "0.01", id: "rest-1").json)
            #expect(placed.s("status") == "NEW")
            #expect(placed["fills"] == .array([]))
            #expect(placed["orderId"]?.string.flatMap { Int64($0) } != nil)
            #expect(try await c.balance("USDT")! == ("99701.00000000", "299.00000000"))
            try fake.printTrade("BTCUSDT", price: 29_950)
            #expect(try await c.status("rest-1") == "NEW")
            try fake.printTrade("BTCUSDT", price: 29_900)
            let filled = try #require(try await c.send("GET", "/api/v3/order", [("symbol", "BTCUSDT"), ("origClientOrderId", "rest-1")]).json)
            #expect(filled.s("status") == "FILLED")
            #expect(filled.s("executedQty") == "0.01000000")
            #expect(filled.s("cummulativeQuoteQty") == "299.00000000")
            #expect(filled["isWorking"] == .bool(false))
            let trades = try #require(try await c.send("GET", "/api/v3/myTrades", [("symbol", "BTCUSDT")]).json?.array)
            #expect(trades.count == 1)
            #expect(trades.first?["isMaker"] == .bool(true))
            #expect(trades.first?.s("price") == "29900.00000000")
            #expect(try await c.balance("USDT")! == ("99701.00000000", "0.00000000"))
        }
    }

    @Test func marketOrdersTakeTheTouchByQuantityOrByQuoteAmount() async throws {
        try await withFake { fake, urls async throws in
            try fake.printTrade("BTCUSDT", price: 30_000)
            let c = BinanceClient(fake, urls)
            let buy = try #require(try await c.market("BUY", quantity: "0.1").json)
            #expect(buy.s("status") == "FILLED")
            #expect(buy.s("type") == "MARKET")
            #expect(buy.s("price") == "0.00000000")
            #expect(buy["fills"]?[0]?.s("price") == "30000.01000000")
            #expect(buy.s("cummulativeQuoteQty") == "3000.00100000")
            let quote = try #require(try await c.place([("side", "BUY"), ("type", "MARKET"), ("quoteOrderQty", "100")]).json)
            // 100 USDT buys 0.00333 BTC at 30000.01 (the lot step is 0.00001).
            #expect(quote.s("origQty") == "0.00333000")
            #expect(quote.s("executedQty") == "0.00333000")
            #expect(quote.s("origQuoteOrderQty") == "100.00000000")
            #expect(quote.s("cummulativeQuoteQty") == "99.90003330")
            // With no book at all a market order has nothing to take: it expires.
            let eth = try #require(try await c.place([("symbol", "ETHUSDT"), ("side", "BUY"), ("type", "MARKET"), ("quantity", "1")]).json)
            #expect(eth.s("status") == "EXPIRED")
            #expect(eth.s("executedQty") == "0.00000000")
        }
    }

    @Test func iocAndFokTakeWhatTheBookHasOrExpire() async throws {
        try await withFake { fake, urls async throws in
            try fake.setBook("BTCUSDT", bid: 29_999, bidQuantity: 1, ask: 30_001, askQuantity: Quantity.of("0.5"))
            let c = BinanceClient(fake, urls)
            let away = try #require(try await c.limit("BUY", price: "29000", quantity: "0.1", tif: "IOC").json)
            #expect(away.s("status") == "EXPIRED")
            let fok = try #require(try await c.limit("BUY", price: "31000", quantity: "1", tif: "FOK").json)
            #expect(fok.s("status") == "EXPIRED")
            #expect(fok.s("executedQty") == "0.00000000")
            let ioc = try #require(try await c.limit("BUY", price: "31000", quantity: "1", tif: "IOC").json)
            #expect(ioc.s("status") == "EXPIRED")
            #expect(ioc.s("executedQty") == "0.50000000")
            #expect(ioc["fills"]?[0]?.s("price") == "30001.00000000")
            let fokSell = try #require(try await c.limit("SELL", price: "29000", quantity: "1", tif: "FOK").json)
            #expect(fokSell.s("status") == "FILLED")
            // A GTC order takes the touch and rests the remainder at its price.
            try fake.setBook("BTCUSDT", bid: 29_999, ask: 30_001, askQuantity: Quantity.of("0.2"))
            let gtc = try #require(try await c.limit("BUY", price: "30002", quantity: "0.5", id: "gtc").json)
            #expect(gtc.s("status") == "PARTIALLY_FILLED")
            #expect(gtc.s("executedQty") == "0.20000000")
            #expect(fake.order(TestAccounts.docKey, symbol: "BTCUSDT", clientOrderId: "gtc")?.isWorking == true)
        }
    }

    @Test func aLimitMakerThatWouldTakeIsRejected() async throws {
        try await withFake { fake, urls async throws in
            try fake.printTrade("BTCUSDT", price: 30_000)
            let c = BinanceClient(fake, urls)
            let params = [("side", "BUY"), ("type", "LIMIT_MAKER"), ("quantity", "0.01")]
            let taking = try await c.place(params + [("price", "30000.01")])
            #expect(taking.status == 400)
            #expect(taking.code == -2010)
            #expect(taking.msg == "Order would immediately match and take.")
            let resting = try #require(try await c.place(params + [("price", "30000"), ("newClientOrderId", "maker")]).json)
            // LIMIT_MAKER answers ACK unless asked otherwise.
            #expect(resting.keys == ["symbol", "orderId", "orderListId", "clientOrderId", "transactTime"])
            #expect(try await c.status("maker") == "NEW")
            #expect(fake.counters.ordersRejected == 1)
        }
    }

    @Test func aStopLossLimitWaitsForTheLastTradeToReachItsStop() async throws {
        try await withFake { fake, urls async throws in
            try fake.printTrade("BTCUSDT", price: 30_000)
            let c = BinanceClient(fake, urls)
            let stop = [("side", "SELL"), ("type", "STOP_LOSS_LIMIT"), ("timeInForce", "GTC"), ("quantity", "0.5"), ("price", "28900")]
            let immediate = try await c.place(stop + [("stopPrice", "30500")])
            #expect(immediate.code == -2010)
            #expect(immediate.msg == "Stop price would trigger immediately.")
            #expect(try await c.place(stop + [("stopPrice", "29000"), ("newClientOrderId", "sl")]).status == 200)
            let waiting = try #require(try await c.send("GET", "/api/v3/order", [("symbol", "BTCUSDT"), ("origClientOrderId", "sl")]).json)
            #expect(waiting.s("status") == "NEW")
            #expect(waiting["isWorking"] == .bool(false))
            #expect(waiting["workingTime"] == .int(-1))
            #expect(waiting.s("stopPrice") == "29000.00000000")
            #expect(try await c.balance("BTC")! == ("1.50000000", "0.50000000"))
            try fake.printTrade("BTCUSDT", price: 29_001)
            #expect(try await c.status("sl") == "NEW")
            try fake.printTrade("BTCUSDT", price: 29_000)
            // Triggered, it is a limit sell at 28900 against a bid of 28999.99: it takes the bid.
            let done = try #require(try await c.send("GET", "/api/v3/order", [("symbol", "BTCUSDT"), ("origClientOrderId", "sl")]).json)
            #expect(done.s("status") == "FILLED")
            #expect(done.s("cummulativeQuoteQty") == "14499.99500000")
            #expect(try await c.balance("BTC")! == ("1.50000000", "0.00000000"))
        }
    }

    @Test func aStopLossMarketAndATakeProfitTriggerInOppositeDirections() async throws {
        try await withFake { fake, urls async throws in
            try fake.printTrade("BTCUSDT", price: 30_000)
            let c = BinanceClient(fake, urls)
            #expect(try await c.place([("side", "BUY"), ("type", "STOP_LOSS"), ("quantity", "0.1"), ("stopPrice", "31000"),
                                       ("newClientOrderId", "stop-buy")]).status == 200)
            #expect(try await c.place([("side", "SELL"), ("type", "TAKE_PROFIT"), ("quantity", "0.1"), ("stopPrice", "32000"),
                                       ("newClientOrderId", "tp-sell")]).status == 200)
            try fake.printTrade("BTCUSDT", price: 31_000)
            #expect(try await c.status("stop-buy") == "FILLED")
            #expect(try await c.status("tp-sell") == "NEW")
            try fake.printTrade("BTCUSDT", price: 32_000)
            #expect(try await c.status("tp-sell") == "FILLED")
        }
    }

    @Test func aClientIdIsUniqueAmongOpenOrdersOnly() async throws {
        try await withFake { fake, urls async throws in
            try fake.printTrade("BTCUSDT", price: 30_000)
            let c = BinanceClient(fake, urls)
            #expect(try await c.limit("BUY", price: "29000", quantity: "0.01", id: "dup").status == 200)
            let again = try await c.limit("BUY", price: "28000", quantity: "0.01", id: "dup")
            #expect(again.code == -2010)
            #expect(again.msg == "Duplicate order sent.")
            let cancel = try #require(try await c.send("DELETE", "/api/v3/order", [("symbol", "BTCUSDT"), ("origClientOrderId", "dup"),
                                                                                    ("newClientOrderId", "cancel-dup")]).json)
            #expect(cancel.s("status") == "CANCELED")
            #expect(cancel.s("origClientOrderId") == "dup")
            #expect(cancel.s("clientOrderId") == "cancel-dup")
            #expect(try await c.balance("USDT")! == ("100000.00000000", "0.00000000"))
            // Cancelled, its id is free again; filled too.
            #expect(try await c.limit("BUY", price: "30001", quantity: "0.01", id: "dup").json?.s("status") == "FILLED")
            #expect(try await c.limit("BUY", price: "29000", quantity: "0.01", id: "dup").status == 200)
            let bad = try await c.limit("BUY", price: "29000", quantity: "0.01", id: "no spaces")
            #expect(bad.code == -1100)
        }
    }

    @Test func cancelAndQueryNameOrdersByEitherId() async throws {
        try await withFake { fake, urls async throws in
            try fake.printTrade("BTCUSDT", price: 30_000)
            let c = BinanceClient(fake, urls)
            let placed = try #require(try await c.limit("BUY", price: "29000", quantity: "0.01", id: "q1").json)
            let orderId = try #require(placed["orderId"]?.string)
            #expect(try await c.limit("SELL", price: "31000", quantity: "0.01", id: "q2").status == 200)
            #expect(try await c.limit("BUY", price: "2000", quantity: "0.01", id: "e1", symbol: "ETHUSDT").status == 200)
            #expect(try await c.send("GET", "/api/v3/openOrders", [("symbol", "BTCUSDT")]).json?.array?.count == 2)
            let all = try await c.send("GET", "/api/v3/openOrders")
            #expect(all.json?.array?.count == 3)
            #expect(all.usedWeight == 6 + 80)
            #expect(try await c.send("GET", "/api/v3/order", [("symbol", "BTCUSDT"), ("orderId", orderId)]).json?.s("clientOrderId") == "q1")
            // Both ids given must name the same order.
            #expect(try await c.send("GET", "/api/v3/order", [("symbol", "BTCUSDT"), ("orderId", orderId), ("origClientOrderId", "q2")]).code == -2013)
            let unknown = try await c.send("DELETE", "/api/v3/order", [("symbol", "BTCUSDT"), ("origClientOrderId", "nope")])
            #expect(unknown.code == -2011)
            #expect(unknown.msg == "Unknown order sent.")
            let cancelled = try #require(try await c.send("DELETE", "/api/v3/openOrders", [("symbol", "BTCUSDT")]).json?.array)
            #expect(cancelled.map { $0.s("origClientOrderId") } == ["q1", "q2"])
            #expect(try await c.send("DELETE", "/api/v3/openOrders", [("symbol", "BTCUSDT")]).code == -2011)
            #expect(try await c.send("GET", "/api/v3/allOrders", [("symbol", "BTCUSDT")]).json?.array?.map { $0.s("status") } == ["CANCELED", "CANCELED"])
            #expect(try await c.send("DELETE", "/api/v3/order", [("symbol", "BTCUSDT"), ("orderId", orderId)]).code == -2011)
        }
    }

    @Test func withPartialFillsATradeFillsOnlyItsOwnSize() async throws {
        try await withFake { fake, urls async throws in
            try fake.printTrade("BTCUSDT", price: 30_000)
            fake.setPartialFills(true)
            let c = BinanceClient(fake, urls)
            #expect(try await c.limit("SELL", price: "30100", quantity: "1", id: "big").status == 200)
            try fake.printTrade("BTCUSDT", price: 30_100, quantity: Quantity.of("0.3"))
            let o = try #require(try await c.send("GET", "/api/v3/order", [("symbol", "BTCUSDT"), ("origClientOrderId", "big")]).json)
            #expect(o.s("status") == "PARTIALLY_FILLED")
            #expect(o.s("executedQty") == "0.30000000")
            #expect(try await c.balance("BTC")! == ("1.00000000", "0.70000000"))
            try fake.printTrade("BTCUSDT", price: 30_200, quantity: 5)
            #expect(try await c.status("big") == "FILLED")
        }
    }

    @Test func anAccountThatMayNotTradeIsRefused2015() async throws {
        try await withFake { fake, urls async throws in
            try fake.updateAccount(TestAccounts.docKey) { $0.canTrade = false; $0.canWithdraw = true }
            let c = BinanceClient(fake, urls)
            #expect(try await c.limit("BUY", price: "29000", quantity: "0.01").code == -2015)
            let account = try #require(try await c.send("GET", "/api/v3/account").json)
            #expect(account["canTrade"] == .bool(false))
            #expect(account["canWithdraw"] == .bool(true))
        }
    }
}
