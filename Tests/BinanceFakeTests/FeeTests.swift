import BinanceFake
import BotCore
import Testing

/// Commissions as Binance charges them: in the asset received (base on a buy, quote on a
/// sell), or in BNB at 25 % off; reported per fill, and balances moving with every fill.
struct FeeTests {
    @Test func aBuyIsChargedInBaseAndASellInQuote() async throws {
        try await withFake { fake, urls async throws in
            try fake.printTrade("BTCUSDT", price: 30_000)
            let c = BinanceClient(fake, urls)
            let buy = try #require(try await c.market("BUY", quantity: "0.1").json?["fills"]?[0])
            #expect(buy.s("commissionAsset") == "BTC")
            #expect(buy.s("commission") == "0.00010000")  // 0.1 × 0.1 %
            #expect(try await c.balance("BTC")!.free == "2.09990000")
            #expect(try await c.balance("USDT")!.free == "96999.99900000")

            let sell = try #require(try await c.market("SELL", quantity: "0.1").json?["fills"]?[0])
            #expect(sell.s("price") == "29999.99000000")
            #expect(sell.s("commissionAsset") == "USDT")
            #expect(sell.s("commission") == "2.99999900")  // 2999.999 × 0.1 %
            #expect(try await c.balance("BTC")!.free == "1.99990000")
            #expect(try await c.balance("USDT")!.free == "99996.99800100")  // 96999.999 + 2999.999 − 2.999999

            let trades = try #require(try await c.send("GET", "/api/v3/myTrades", [("symbol", "BTCUSDT")]).json?.array)
            #expect(trades.map { $0.s("commissionAsset") } == ["BTC", "USDT"])
            #expect(trades.map { $0["isBuyer"] } == [.bool(true), .bool(false)])
            #expect(trades.map { $0["isMaker"] } == [.bool(false), .bool(false)])
        }
    }

    @Test func makersPayTheMakerRate() async throws {
        var account = TestAccounts.main
        account.makerCommission = Ratio.of("0.0002")
        try await withFake(accounts: [account]) { fake, urls async throws in
            try fake.printTrade("BTCUSDT", price: 30_000)
            let c = BinanceClient(fake, urls)
            #expect(try await c.limit("SELL", price: "30100", quantity: "1", id: "m").status == 200)
            try fake.printTrade("BTCUSDT", price: 30_100)
            let trade = try #require(try await c.send("GET", "/api/v3/myTrades", [("symbol", "BTCUSDT")]).json?[0])
            #expect(trade.s("commission") == "6.02000000")  // 30100 × 0.02 %
            #expect(trade.s("quoteQty") == "30100.00000000")
            let info = try #require(try await c.send("GET", "/api/v3/account").json)
            #expect(info["makerCommission"] == .int(2))
            #expect(info["commissionRates"]?.s("maker") == "0.00020000")
        }
    }

    @Test func anAccountPayingWithBNBIsChargedInBNBWhileItHasSome() async throws {
        var account = TestAccounts.main
        account.payFeesInBNB = true
        account.balances["BNB"] = Money.of("0.01")
        try await withFake(accounts: [account], symbols: [.btcUsdt, .bnbUsdt]) { fake, urls async throws in
            try fake.printTrade("BNBUSDT", price: 600)
            try fake.printTrade("BTCUSDT", price: 30_000)
            let c = BinanceClient(fake, urls)
            let fill = try #require(try await c.market("BUY", quantity: "0.1").json?["fills"]?[0])
            // 3000.001 USDT × 0.1 % × 75 % / 600 USDT per BNB.
            #expect(fill.s("commissionAsset") == "BNB")
            #expect(fill.s("commission") == "0.00375001")
            #expect(try await c.balance("BTC")!.free == "2.10000000")
            #expect(try await c.balance("BNB")!.free == "0.00624999")
            // Once BNB runs short, the usual asset again.
            #expect(try await c.market("BUY", quantity: "0.5").json?["fills"]?[0]?.s("commissionAsset") == "BTC")
        }
    }
}
