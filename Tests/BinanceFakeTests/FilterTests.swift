import BinanceFake
import Testing

/// The symbol's filters (-1013 with Binance's messages) and the parameter checks before them.
struct FilterTests {
    static func refusal(_ c: BinanceClient, _ params: [(String, String)]) async throws -> (Int?, String) {
        let a = try await c.place(params)
        return (a.code, a.msg)
    }

    @Test func filtersRefuseWithTheirNames() async throws {
        try await withFake { fake, urls async throws in
            try fake.printTrade("BTCUSDT", price: 30_000)
            let c = BinanceClient(fake, urls)
            let limit = [("side", "BUY"), ("type", "LIMIT"), ("timeInForce", "GTC")]
            // Tick 0.01; step 0.00001 from 0.00001; at least 5 USDT; MARKET at most 76.5 BTC.
            #expect(try await Self.refusal(c, limit + [("quantity", "0.01"), ("price", "29000.005")]) == (-1013, "Filter failure: PRICE_FILTER"))
            #expect(try await Self.refusal(c, limit + [("quantity", "0.01"), ("price", "2000000")]) == (-1013, "Filter failure: PRICE_FILTER"))
            #expect(try await Self.refusal(c, limit + [("quantity", "0.000005"), ("price", "29000")]) == (-1013, "Filter failure: LOT_SIZE"))
            #expect(try await Self.refusal(c, limit + [("quantity", "0.000015"), ("price", "29000")]) == (-1013, "Filter failure: LOT_SIZE"))
            #expect(try await Self.refusal(c, limit + [("quantity", "0.0001"), ("price", "29000")]) == (-1013, "Filter failure: NOTIONAL"))
            #expect(try await Self.refusal(c, [("side", "SELL"), ("type", "MARKET"), ("quantity", "80")]) == (-1013, "Filter failure: MARKET_LOT_SIZE"))
            #expect(try await Self.refusal(c, [("side", "BUY"), ("type", "MARKET"), ("quoteOrderQty", "4")]) == (-1013, "Filter failure: NOTIONAL"))
            #expect(try await Self.refusal(c, [("side", "BUY"), ("type", "STOP_LOSS_LIMIT"), ("timeInForce", "GTC"), ("quantity", "0.01"),
                                               ("price", "31000"), ("stopPrice", "31000.001")]) == (-1013, "Filter failure: PRICE_FILTER"))
            // A balance too small is the last check.
            #expect(try await Self.refusal(c, limit + [("quantity", "4"), ("price", "29000")])
                == (-2010, "Account has insufficient balance for requested action."))
            #expect(try await Self.refusal(c, [("side", "SELL"), ("type", "MARKET"), ("quantity", "3")])
                == (-2010, "Account has insufficient balance for requested action."))
            #expect(fake.counters.ordersRejected == 10)
            #expect(fake.counters.ordersPlaced == 0)
        }
    }

    @Test func parametersAreCheckedAsBinanceDoes() async throws {
        try await withFake { fake, urls async throws in
            try fake.printTrade("BTCUSDT", price: 30_000)
            let c = BinanceClient(fake, urls)
            let limit = [("side", "BUY"), ("type", "LIMIT"), ("timeInForce", "GTC")]
            #expect(try await Self.refusal(c, limit + [("quantity", "0.01")])
                == (-1102, "Mandatory parameter 'price' was not sent, was empty/null, or malformed."))
            #expect(try await Self.refusal(c, [("side", "BUY"), ("type", "MARKET"), ("timeInForce", "GTC"), ("quantity", "0.01")])
                == (-1106, "Parameter 'timeInForce' sent when not required."))
            #expect(try await Self.refusal(c, [("side", "BUY"), ("type", "MARKET"), ("quantity", "0.01"), ("quoteOrderQty", "10")])
                == (-1106, "Parameter 'quoteOrderQty' sent when not required."))
            #expect(try await Self.refusal(c, limit + [("quantity", "0.000000001"), ("price", "29000")])
                == (-1111, "Parameter 'quantity' has too much precision."))
            #expect(try await Self.refusal(c, limit + [("quantity", "1e-3"), ("price", "29000")]).0 == -1100)
            #expect(try await Self.refusal(c, limit + [("quantity", "0.01"), ("price", "29000"), ("colour", "red")])
                == (-1104, "Not all sent parameters were read; read '8' parameter(s) but was sent '9'."))
            #expect(try await Self.refusal(c, [("side", "HOLD"), ("type", "LIMIT")]) == (-1117, "Invalid side."))
            #expect(try await Self.refusal(c, [("side", "BUY"), ("type", "OCO")]) == (-1116, "Invalid orderType."))
            #expect(try await Self.refusal(c, [("symbol", "DOGEUSDT"), ("side", "BUY"), ("type", "MARKET")]) == (-1121, "Invalid symbol."))
            #expect(try await Self.refusal(c, limit.map { $0.0 == "timeInForce" ? ($0.0, "GTD") : $0 } + [("quantity", "0.01"), ("price", "29000")])
                == (-1115, "Invalid timeInForce."))
            try fake.setSymbolStatus("BTCUSDT", "HALT")
            #expect(try await Self.refusal(c, limit + [("quantity", "0.01"), ("price", "29000")]) == (-2010, "Market is closed."))
            // The test endpoint validates without placing.
            try fake.setSymbolStatus("BTCUSDT", "TRADING")
            #expect(try await c.send("POST", "/api/v3/order/test", [("symbol", "BTCUSDT")] + limit + [("quantity", "0.01"), ("price", "29000")]).body == "{}")
            #expect(fake.openOrders(TestAccounts.docKey).isEmpty)
        }
    }

    @Test func aSymbolTakesOnlyItsListedTypes() async throws {
        var symbol = BinanceFake.Symbol.btcUsdt
        symbol.orderTypes = ["LIMIT", "MARKET"]
        symbol.quoteOrderQtyMarketAllowed = false
        try await withFake(symbols: [symbol]) { fake, urls async throws in
            try fake.printTrade("BTCUSDT", price: 30_000)
            let c = BinanceClient(fake, urls)
            #expect(try await Self.refusal(c, [("side", "BUY"), ("type", "LIMIT_MAKER"), ("quantity", "0.01"), ("price", "29000")])
                == (-2010, "Unsupported order combination."))
            #expect(try await Self.refusal(c, [("side", "BUY"), ("type", "MARKET"), ("quoteOrderQty", "10")]).0 == -2010)
            let info = try #require(try await c.publicGet("/api/v3/exchangeInfo?symbol=BTCUSDT").json)
            #expect(info["symbols"]?[0]?["orderTypes"] == ["LIMIT", "MARKET"])
            #expect(info["symbols"]?[0]?["quoteOrderQtyMarketAllowed"] == .bool(false))
        }
    }
}
