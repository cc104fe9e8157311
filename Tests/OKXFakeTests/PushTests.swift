import BotCore
import OKXFake
import Testing

/// What subscriptions receive: trades, tickers and candles as OKX routes them, and the private
/// orders, positions and algo orders after login.
struct PushTests {
    static let t0: Int64 = 1_700_000_000_000 - 1_700_000_000_000 % 3_600_000

    @Test func publicSubscriptionsReceiveTradesAndTickers() async throws {
        try await withFake(clock: FakeClock(startMs: Self.t0 + 1_000, rate: 0)) { fake, urls async throws in
            let ws = try await WSTestClient.open(urls.wsPublic, urls)
            #expect(try await ws.subscribe([("channel", "trades"), ("instId", "BTC-USDT-SWAP")])?.s("event") == "subscribe")
            #expect(try await ws.subscribe([("channel", "tickers"), ("instId", "BTC-USDT-SWAP")])?.s("event") == "subscribe")
            try fake.printTrade("BTC-USDT-SWAP", px: Price.of("30000.5"), sz: 3, side: .sell)
            try fake.printTrade("ETH-USDT-SWAP", px: 2000, sz: 1, side: .buy)  // not subscribed

            let trade = try #require(await ws.push("trades"))
            #expect(trade["arg"] == .object([("channel", "trades"), ("instId", "BTC-USDT-SWAP")]))
            let t = try #require(trade["data"]?[0])
            #expect(t.s("px") == "30000.5")
            #expect(t.s("sz") == "3")
            #expect(t.s("side") == "sell")
            #expect(t.s("ts") == String(Self.t0 + 1_000))
            #expect(!t.s("tradeId").isEmpty)
            let ticker = try #require(await ws.push("tickers"))
            #expect(ticker["data"]?[0]?.s("last") == "30000.5")
            #expect(ticker["data"]?[0]?.s("instId") == "BTC-USDT-SWAP")
            #expect(await ws.push("trades", timeout: .milliseconds(100)) == nil)
            await ws.close()
        }
    }

    @Test func candlesOnBusinessFormThenConfirm() async throws {
        let clock = FakeClock(startMs: Self.t0 + 5_000, rate: 0)
        try await withFake(clock: clock) { fake, urls async throws in
            let ws = try await WSTestClient.open(urls.wsBusiness, urls)
            #expect(try await ws.subscribe([("channel", "candle1m"), ("instId", "BTC-USDT-SWAP")])?.s("event") == "subscribe")
            try fake.printTrade("BTC-USDT-SWAP", px: 100, sz: 1, side: .buy)
            try fake.printTrade("BTC-USDT-SWAP", px: 102, sz: 1, side: .buy)
            var c = try #require(await ws.push("candle1m"))
            #expect(c["data"]?[0] == [JSON.string(String(Self.t0)), "100", "100", "100", "100", "1", "0.01", "1", "0"])
            c = try #require(await ws.push("candle1m"))
            #expect(c["data"]?[0]?[2]?.string == "102")
            #expect(c["data"]?[0]?[8]?.string == "0")
            clock.advance(by: 60_000)
            fake.tick()
            c = try #require(await ws.push("candle1m"))
            #expect(c["data"]?[0] == [JSON.string(String(Self.t0)), "100", "102", "100", "102", "2", "0.02", "2.02", "1"])

            let trades = try await WSTestClient.open(urls.wsBusiness, urls)
            #expect(try await trades.subscribe([("channel", "trades-all"), ("instId", "BTC-USDT-SWAP")])?.s("event") == "subscribe")
            try fake.printTrade("BTC-USDT-SWAP", px: 101, sz: 1, side: .sell)
            #expect(await trades.push("trades-all")?["data"]?[0]?.s("px") == "101")
            await ws.close()
            await trades.close()
        }
    }

    @Test func privateChannelsAfterLoginFollowTheOrders() async throws {
        let clock = FakeClock(startMs: Self.t0, rate: 0)
        try await withFake(clock: clock) { fake, urls async throws in
            try fake.setPrice("BTC-USDT-SWAP", Price.of("30000"))
            let ws = try await WSTestClient.open(urls.wsPrivate, urls)
            #expect(try await ws.login(TestAccounts.demo, clock: clock)?.s("code") == "0")
            #expect(try await ws.subscribe([("channel", "orders"), ("instType", "SWAP")])?.s("event") == "subscribe")
            #expect(try await ws.subscribe([("channel", "positions"), ("instType", "ANY")])?.s("event") == "subscribe")
            let snapshot = try #require(await ws.push("positions"))
            #expect(snapshot["data"]?.array?.isEmpty == true)

            let c = SignedClient(fake, urls, TestAccounts.demo)
            _ = try await c.place([("clOrdId", "w1"), ("side", "buy"), ("ordType", "limit"), ("px", "29900"), ("sz", "1")])
            let live = try #require(await ws.push("orders"))
            #expect(live["arg"]?.s("uid") == TestAccounts.demo.uid)
            #expect(live["data"]?[0]?.s("clOrdId") == "w1")
            #expect(live["data"]?[0]?.s("state") == "live")

            try fake.setPrice("BTC-USDT-SWAP", Price.of("29800"))
            let filled = try #require(await ws.push("orders"))
            let o = try #require(filled["data"]?[0])
            #expect(o.s("state") == "filled")
            #expect(o.s("fillPx") == "29900")
            #expect(o.s("fillSz") == "1")
            #expect(o.s("execType") == "M")
            #expect(o.s("fillFee") == "-0.0598")
            let pos = try #require(await ws.push("positions"))
            #expect(pos["data"]?[0]?.s("pos") == "1")
            #expect(pos["data"]?[0]?.s("avgPx") == "29900")
            await ws.close()
        }
    }

    @Test func algoOrdersArePushedOnBusinessAfterLogin() async throws {
        let clock = FakeClock(startMs: Self.t0, rate: 0)
        try await withFake(clock: clock) { fake, urls async throws in
            try fake.setPrice("BTC-USDT-SWAP", Price.of("30000"))
            let ws = try await WSTestClient.open(urls.wsBusiness, urls)
            #expect(try await ws.login(TestAccounts.demo, clock: clock)?.s("code") == "0")
            #expect(try await ws.subscribe([("channel", "orders-algo"), ("instType", "SWAP")])?.s("event") == "subscribe")
            let c = SignedClient(fake, urls, TestAccounts.demo)
            _ = try await c.place([("side", "buy"), ("ordType", "market"), ("sz", "1")])
            _ = try await c.post("/api/v5/trade/order-algo", #"{"instId":"BTC-USDT-SWAP","tdMode":"cross","side":"sell","ordType":"conditional","sz":"1","algoClOrdId":"wsl1","slTriggerPx":"29000","slOrdPx":"-1","reduceOnly":"true"}"#)
            #expect(await ws.push("orders-algo")?["data"]?[0]?.s("state") == "live")
            try fake.setPrice("BTC-USDT-SWAP", Price.of("28999"))
            let done = try #require(await ws.push("orders-algo"))
            #expect(done["data"]?[0]?.s("state") == "effective")
            #expect(done["data"]?[0]?.s("algoClOrdId") == "wsl1")
            await ws.close()
        }
    }

    @Test func booksChainTheirSequenceWithHeartbeatsAndResets() async throws {
        let clock = FakeClock(startMs: Self.t0, rate: 0)
        try await withFake(clock: clock) { fake, urls async throws in
            try fake.setPrice("BTC-USDT-SWAP", Price.of("30000"))
            let ws = try await WSTestClient.open(urls.wsPublic, urls)
            #expect(try await ws.subscribe([("channel", "books"), ("instId", "BTC-USDT-SWAP")])?.s("event") == "subscribe")
            let snap = try #require(await ws.push("books"))
            #expect(snap.s("action") == "snapshot")
            let s0 = try #require(snap["data"]?[0])
            #expect(s0["checksum"] == .number("0"))
            #expect(s0["prevSeqId"] == .number("-1"))
            #expect(s0["bids"]?[0] == ["29999.9", "1", "0", "1"])
            #expect(s0["asks"]?[0] == ["30000.1", "1", "0", "1"])
            let seq0 = try #require(s0["seqId"]?.string.flatMap { Int64($0) })

            try fake.setPrice("BTC-USDT-SWAP", Price.of("30000.2"))
            let u1 = try #require(await ws.push("books")?["data"]?[0])
            #expect(u1["prevSeqId"]?.string == String(seq0))
            let seq1 = try #require(u1["seqId"]?.string.flatMap { Int64($0) })
            #expect(seq1 > seq0)
            #expect(u1["bids"]?.array?.contains(["29997.5", "0", "0", "1"]) == true)  // a level gone has size 0
            #expect(u1["bids"]?.array?.first == ["30000.1", "1", "0", "1"])  // bids descending

            clock.advance(by: 60_000)
            fake.tick()
            let hb = try #require(await ws.push("books")?["data"]?[0])
            #expect(hb["prevSeqId"]?.string == String(seq1))
            #expect(hb["seqId"]?.string == String(seq1))
            #expect(hb["bids"]?.array?.isEmpty == true)

            fake.resetBookSequence("BTC-USDT-SWAP")
            try fake.setPrice("BTC-USDT-SWAP", Price.of("30000.3"))
            let reset = try #require(await ws.push("books")?["data"]?[0])
            #expect(reset["prevSeqId"]?.string == String(seq1))
            let seq2 = try #require(reset["seqId"]?.string.flatMap { Int64($0) })
            #expect(seq2 < seq1)
            await ws.close()
        }
    }
}
