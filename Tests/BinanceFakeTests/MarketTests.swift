import BinanceFake
import BotCore
import Testing

/// The market the test prints: klines seeded and built per minute, tickers and the book.
struct MarketTests {
    static let t0 = TestAccounts.t0

    @Test func klinesServeSeededAndBuiltCandles() async throws {
        let clock = FakeClock(startMs: Self.t0, rate: 0)
        try await withFake(clock: clock) { fake, urls async throws in
            let seeded = (1...3).map { i in
                BinanceFake.Kline(openTime: Self.t0 - Int64(4 - i) * 60_000, open: 100, high: 110, low: 90, close: Price(100 + i),
                                  volume: 5, quoteVolume: 500, trades: 7)
            }
            try fake.seedKlines("BTCUSDT", seeded)
            clock.advance(by: 5_000)
            try fake.printTrade("BTCUSDT", price: 104, quantity: 2)
            clock.advance(by: 20_000)
            try fake.printTrade("BTCUSDT", price: 106, quantity: 1, buyerIsMaker: true)
            clock.advance(by: 40_000)  // into the next minute
            try fake.printTrade("BTCUSDT", price: 105, quantity: 3)
            let c = BinanceClient(fake, urls)
            let rows = try #require(try await c.publicGet("/api/v3/klines?symbol=BTCUSDT&interval=1m").json?.array)
            #expect(rows.count == 5)
            #expect(rows.map { $0[0] } == (0..<5).map { JSON.int(Self.t0 + Int64($0 - 3) * 60_000) })
            // The first built minute: open 104, high 106, close 106, 3 BTC, 314 USDT, 2 trades,
            // of which the taker bought 2 BTC for 208 USDT.
            #expect(rows[3] == [.int(Self.t0), "104.00000000", "106.00000000", "104.00000000", "106.00000000", "3.00000000",
                                .int(Self.t0 + 59_999), "314.00000000", .int(2), "2.00000000", "208.00000000", "0"])
            #expect(rows[4][4] == "105.00000000")  // the forming minute is served too
            let window = try #require(try await c.publicGet("/api/v3/klines?symbol=BTCUSDT&interval=1m&startTime=\(Self.t0 - 120_000)&limit=2").json?.array)
            #expect(window.map { $0[0] } == [.int(Self.t0 - 120_000), .int(Self.t0 - 60_000)])
            let upTo = try #require(try await c.publicGet("/api/v3/klines?symbol=BTCUSDT&interval=1m&endTime=\(Self.t0)&limit=2").json?.array)
            #expect(upTo.map { $0[0] } == [.int(Self.t0 - 60_000), .int(Self.t0)])
            let fives = try #require(try await c.publicGet("/api/v3/klines?symbol=BTCUSDT&interval=5m").json?.array)
            #expect(fives.count == 2)  // 22:10–22:15 and 22:15–22:20
            #expect(try await c.publicGet("/api/v3/klines?symbol=BTCUSDT&interval=7m").code == -1120)
            #expect(try await c.publicGet("/api/v3/klines?symbol=BTCUSDT&interval=1m&limit=1001").code == -1130)
            #expect(try await c.publicGet("/api/v3/klines?symbol=NOPE&interval=1m").code == -1121)
        }
    }

    @Test func minutesWithoutTradesCloseFlatAtTheLastClose() async throws {
        let clock = FakeClock(startMs: Self.t0, rate: 0)
        try await withFake(clock: clock) { fake, urls async throws in
            try fake.printTrade("ETHUSDT", price: 2000)
            clock.advance(by: 180_000)
            fake.tick()
            let rows = try #require(try await BinanceClient(fake, urls).publicGet("/api/v3/klines?symbol=ETHUSDT&interval=1m").json?.array)
            #expect(rows.count == 4)
            #expect(rows.dropFirst().allSatisfy { $0[1] == "2000.00000000" && $0[5] == "0.00000000" && $0[8] == .int(0) })
        }
    }

    @Test func tickersAndTheBookFollowTheLastTrade() async throws {
        try await withFake { fake, urls async throws in
            try fake.printTrade("BTCUSDT", price: 30_000)
            let c = BinanceClient(fake, urls)
            #expect(try await c.publicGet("/api/v3/ticker/price?symbol=BTCUSDT").json == .object([("symbol", "BTCUSDT"), ("price", "30000.00000000")]))
            let book = try #require(try await c.publicGet("/api/v3/ticker/bookTicker?symbol=BTCUSDT").json)
            #expect(book.s("bidPrice") == "29999.99000000")
            #expect(book.s("askPrice") == "30000.01000000")
            #expect(book.s("askQty") == "100.00000000")
            try fake.setBook("BTCUSDT", bid: 29_990, bidQuantity: 2, ask: 30_010, askQuantity: 3)
            let depth = try await c.publicGet("/api/v3/depth?symbol=BTCUSDT&limit=5")
            #expect(depth.json?["bids"] == [["29990.00000000", "2.00000000"]])
            #expect(depth.json?["asks"] == [["30010.00000000", "3.00000000"]])
            #expect(depth.usedWeight == 2 + 2 + 5)
            #expect(try await c.publicGet("/api/v3/ticker/price").json?.array?.count == 2)
            #expect(fake.book("BTCUSDT")?.ask == 30_010)
        }
    }

    @Test func aNewBookCrossingARestingOrderFillsItAtItsPrice() async throws {
        try await withFake { fake, urls async throws in
            try fake.printTrade("BTCUSDT", price: 30_000)
            let c = BinanceClient(fake, urls)
            #expect(try await c.limit("BUY", price: "29950", quantity: "1", id: "bid").status == 200)
            try fake.setBook("BTCUSDT", bid: 29_900, ask: 29_940, askQuantity: Quantity.of("0.4"))
            let o = try #require(fake.order(TestAccounts.docKey, symbol: "BTCUSDT", clientOrderId: "bid"))
            #expect(o.status == "PARTIALLY_FILLED")
            #expect(o.executedQty == Quantity.of("0.4"))
            #expect(o.cummulativeQuoteQty == Money.of("11980"))
        }
    }
}
