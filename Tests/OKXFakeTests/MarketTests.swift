import BotCore
import OKXFake
import Testing

/// Instruments, the driven price, trades, tickers and one-minute candles on the REST side.
struct MarketTests {
    /// 2023-11-14T22:00:00Z: an hour boundary, so bars of every size start there.
    static let t0: Int64 = 1_700_000_000_000 - 1_700_000_000_000 % 3_600_000

    @Test func instrumentsListTheSwapsWithTheirRules() async throws {
        try await withFake { fake, urls async throws in
            let c = SignedClient(fake, urls, TestAccounts.demo)
            let a = try await c.getPublic("/api/v5/public/instruments?instType=SWAP")
            #expect(a.code == "0")
            let btc = try #require(a.data.first { $0.s("instId") == "BTC-USDT-SWAP" })
            #expect(btc.s("tickSz") == "0.1")
            #expect(btc.s("lotSz") == "0.01")
            #expect(btc.s("minSz") == "0.01")
            #expect(btc.s("ctVal") == "0.01")
            #expect(btc.s("ctValCcy") == "BTC")
            #expect(btc.s("settleCcy") == "USDT")
            #expect(btc.s("state") == "live")
            let eth = try #require(a.data.first { $0.s("instId") == "ETH-USDT-SWAP" })
            #expect(eth.s("ctVal") == "0.1")
            #expect(eth.s("tickSz") == "0.01")

            try fake.setInstrumentState("ETH-USDT-SWAP", .suspend)
            let one = try await c.getPublic("/api/v5/public/instruments?instType=SWAP&instId=ETH-USDT-SWAP")
            #expect(one.data.count == 1)
            #expect(one.data.first?.s("state") == "suspend")

            #expect(try await c.getPublic("/api/v5/public/instruments").code == "50014")
            #expect(try await c.getPublic("/api/v5/public/instruments?instType=SPOT").data.isEmpty)
        }
    }

    @Test func publicTimeIsTheFakeClock() async throws {
        let clock = FakeClock(startMs: Self.t0, rate: 0)
        try await withFake(clock: clock) { fake, urls async throws in
            clock.advance(by: 1234)
            let a = try await SignedClient(fake, urls, TestAccounts.demo).getPublic("/api/v5/public/time")
            #expect(a.data.first?.s("ts") == String(Self.t0 + 1234))
        }
    }

    @Test func aDrivenPriceMakesTradesAndATicker() async throws {
        let clock = FakeClock(startMs: Self.t0, rate: 0)
        try await withFake(clock: clock) { fake, urls async throws in
            let c = SignedClient(fake, urls, TestAccounts.demo)
            try fake.setPrice("BTC-USDT-SWAP", Price.of("30000"))
            clock.advance(by: 100)
            try fake.printTrade("BTC-USDT-SWAP", px: Price.of("30010.5"), sz: Quantity.of("2.5"), side: .sell)
            let trades = try await c.getPublic("/api/v5/market/trades?instId=BTC-USDT-SWAP")
            #expect(trades.data.count == 2)
            let newest = try #require(trades.data.first)
            #expect(newest.s("px") == "30010.5")
            #expect(newest.s("sz") == "2.5")
            #expect(newest.s("side") == "sell")
            #expect(newest.s("ts") == String(Self.t0 + 100))
            #expect(fake.lastPrice("BTC-USDT-SWAP") == Price.of("30010.5"))

            let ticker = try #require(try await c.getPublic("/api/v5/market/ticker?instId=BTC-USDT-SWAP").data.first)
            #expect(ticker.s("last") == "30010.5")
            #expect(ticker.s("lastSz") == "2.5")
            #expect(ticker.s("instType") == "SWAP")
            #expect(ticker.s("open24h") == "30000")
            #expect(ticker.s("high24h") == "30010.5")
            #expect(ticker.s("vol24h") == "3.5")
            #expect(ticker.s("volCcy24h") == "0.035")
        }
    }

    @Test func theCurrentMinuteFormsAndClosesWithTheClock() async throws {
        let clock = FakeClock(startMs: Self.t0 + 5_000, rate: 0)
        try await withFake(clock: clock) { fake, urls async throws in
            let c = SignedClient(fake, urls, TestAccounts.demo)
            let path = "/api/v5/market/candles?instId=BTC-USDT-SWAP&bar=1m"
            try fake.printTrade("BTC-USDT-SWAP", px: 100, sz: 1, side: .buy)
            clock.advance(by: 10_000)
            try fake.printTrade("BTC-USDT-SWAP", px: 105, sz: 2, side: .buy)
            try fake.printTrade("BTC-USDT-SWAP", px: 99, sz: 1, side: .sell)
            var rows = try await c.getPublic(path).data
            #expect(rows.count == 1)
            #expect(rows.first == [JSON.string(String(Self.t0)), "100", "105", "99", "99", "4", "0.04", "4.09", "0"])

            clock.advance(by: 60_000)
            fake.tick()
            try fake.printTrade("BTC-USDT-SWAP", px: 101, sz: 1, side: .buy)
            rows = try await c.getPublic(path).data
            #expect(rows.count == 2)
            #expect(rows[0][0]?.string == String(Self.t0 + 60_000))
            #expect(rows[0][8]?.string == "0")
            #expect(rows[1][0]?.string == String(Self.t0))
            #expect(rows[1][8]?.string == "1")
        }
    }

    @Test func candlesPageNewestFirstWithAfterBeforeAndLimit() async throws {
        let clock = FakeClock(startMs: Self.t0 + 3_600_000, rate: 0)
        try await withFake(clock: clock) { fake, urls async throws in
            let minutes = (0..<10).map { i in
                FakeCandle(ts: Self.t0 + Int64(i) * 60_000, open: Price(100 + i), high: Price(101 + i), low: Price(99 + i),
                           close: Price(100 + i), vol: 1, volCcy: Quantity.of("0.01"), volCcyQuote: Money(1))
            }
            try fake.seedCandles("BTC-USDT-SWAP", minutes)
            let c = SignedClient(fake, urls, TestAccounts.demo)
            func ts(_ q: String) async throws -> [Int64] {
                try await c.getPublic("/api/v5/market/candles?instId=BTC-USDT-SWAP" + q).data.compactMap { $0[0]?.string.flatMap { Int64($0) } }
            }
            let m = { (i: Int64) in Self.t0 + i * 60_000 }
            #expect(try await ts("") == (0..<10).reversed().map { m(Int64($0)) })
            #expect(try await ts("&limit=3") == [m(9), m(8), m(7)])
            #expect(try await ts("&after=\(m(5))&limit=2") == [m(4), m(3)])
            #expect(try await ts("&before=\(m(6))") == [m(9), m(8), m(7)])
            #expect(try await ts("&after=\(m(6))&before=\(m(2))") == [m(5), m(4), m(3)])
            let history = try await c.getPublic("/api/v5/market/history-candles?instId=BTC-USDT-SWAP&after=\(m(2))")
            #expect(history.data.count == 2)
            #expect(history.data.allSatisfy { $0[8]?.string == "1" })
            // Five-minute bars from the same minutes, aligned on the five minutes.
            let five = try await c.getPublic("/api/v5/market/candles?instId=BTC-USDT-SWAP&bar=5m").data
            #expect(five.count == 2)
            #expect(five.last == [JSON.string(String(m(0))), "100", "105", "99", "104", "5", "0.05", "5", "1"])
            #expect(try await c.getPublic("/api/v5/market/candles?instId=BTC-USDT-SWAP&bar=1D").code == "51000")
            #expect(try await c.getPublic("/api/v5/market/candles?instId=NOPE-USDT-SWAP").code == "51001")
        }
    }
}
