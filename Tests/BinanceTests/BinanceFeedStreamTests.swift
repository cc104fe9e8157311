import Binance
import BinanceFake
import BotCore
import Testing

/// The feed's one combined-stream connection against the fake: what reaches the sink for two
/// symbols, pings answered, reference-counted subscriptions, and frames it cannot read.
struct BinanceFeedStreamTests {
    let btc = BinanceFeedHarness.btc
    let eth = BinanceFeedHarness.eth
    let t0 = BinanceFeedHarness.t0

    @Test func tradesClosedKlinesAndTickersOfTwoSymbolsComeOnOneConnection() async throws {
        let clock = FakeClock(startMs: t0 + 5_000, rate: 1)
        try await BinanceFeedHarness.with(clock: clock) { h, sink in
            try await h.follow(btc)
            try await h.follow(eth)
            #expect(h.fake.connectionCount == 1)
            try h.fake.printTrade("BTCUSDT", price: 30_000, quantity: Quantity.of("0.5"), buyerIsMaker: true)
            try h.fake.printTrade("ETHUSDT", price: 2_000, quantity: 2)
            try h.fake.printTrade("BTCUSDT", price: Price.of("30010.5"), quantity: 1)
            try await binanceWait("three trades") { sink.trades(btc.id).count == 2 && sink.trades(eth.id).count == 1 }
            let first = try #require(sink.trades(btc.id).first)
            // The buyer made the market: the taker sold.
            #expect(first.price == 30_000 && first.quantity == Quantity.of("0.5") && first.side == .sell)
            #expect(sink.trades(eth.id).first?.side == .buy)
            try await binanceWait("BTC's ticker after its second trade") { sink.tickers(btc.id).last?.last == Price.of("30010.5") }
            let ticker = try #require(sink.tickers(btc.id).last)
            #expect(ticker.bid == Price.of("30010.49") && ticker.ask == Price.of("30010.51"))

            clock.advance(by: 60_000)
            h.fake.tick()
            try await binanceWait("both minutes closed") { sink.candles(btc.id).count == 1 && sink.candles(eth.id).count == 1 }
            let bar = try #require(sink.candles(btc.id).first)
            #expect(bar.ts == t0 && bar.open == 30_000 && bar.high == Price.of("30010.5") && bar.low == 30_000)
            #expect(bar.close == Price.of("30010.5") && bar.volume == 1.5)
            #expect(sink.candles(eth.id).first?.close == 2_000)

            // Pings every 20 s, each answered with its payload (the fake drops a connection whose
            // pings go a minute unanswered): after four, the first connection is still the one.
            for n in 1...4 {
                clock.advance(by: 20_000)
                h.fake.tick()
                try await binanceWait("pong \(n)") { h.fake.counters.pongsReceived >= n }
            }
            #expect(h.fake.counters.pongTimeouts == 0)
            let stats = await h.feed.stats
            #expect(stats.connections == 1 && stats.drops == 0)
            #expect(h.fake.counters.wsConnectionsOpened == 1)
            // Forming klines were pushed meanwhile; only closed ones reach the sink.
            #expect(sink.formingCandles == 0)
        }
    }

    @Test func subscriptionsAreReferenceCountedAndDropped() async throws {
        let clock = FakeClock(startMs: t0 + 5_000, rate: 1)
        try await BinanceFeedHarness.with(clock: clock) { h, sink in
            try await h.follow(btc)
            _ = await h.feed.subscribe(btc, now: 0, minutes: 0)
            try await h.follow(eth)
            #expect(await h.feed.followers(btc.id) == 2)

            await h.feed.unsubscribe(btc.id)
            #expect(await h.feed.followers(btc.id) == 1)
            try h.fake.printTrade("BTCUSDT", price: 30_000)
            try await binanceWait("BTC's trade with one follower left") { sink.trades(btc.id).count == 1 }

            await h.feed.unsubscribe(btc.id)
            try await binanceWait("BTC's streams unsubscribed") {
                let streams = await h.feed.streams
                return await h.feed.stats.unsubscribeAcks == 1 && !streams.contains("btcusdt@trade")
            }
            #expect(await h.feed.streams == ["ethusdt@bookTicker", "ethusdt@kline_1m", "ethusdt@trade"])
            // Binance sends nothing more for BTC, and ETH still flows.
            let sent = h.fake.counters.wsMessagesSent
            try h.fake.printTrade("BTCUSDT", price: 30_001)
            #expect(h.fake.counters.wsMessagesSent == sent)
            try h.fake.printTrade("ETHUSDT", price: 2_000)
            try await binanceWait("ETH's trade") { sink.trades(eth.id).count == 1 }
            #expect(sink.trades(btc.id).count == 1)

            // A symbol Binance's requests cannot carry is not followed at all.
            let bad = binanceInstrument("BAD\"USDT")
            #expect(await h.feed.subscribe(bad, now: t0, minutes: 10).isEmpty)
            #expect(await h.feed.followers(bad.id) == 0)
            #expect(await h.feed.stats.venueErrors == 0)
        }
    }

    @Test func malformedFramesAreCountedAndSkipped() async throws {
        let clock = FakeClock(startMs: t0 + 5_000, rate: 1)
        try await BinanceFeedHarness.with(clock: clock) { h, sink in
            try await h.follow(btc)
            h.fake.sendMalformedFrame(.truncatedJSON)
            try await binanceWait("a truncated frame counted") { await h.feed.malformedFrames == 1 }
            // Text that is not UTF-8 reaches the feed (the client does not refuse it): unreadable too.
            h.fake.sendMalformedFrame(.invalidUTF8)
            try await binanceWait("bad text counted") { await h.feed.malformedFrames == 2 }
            try h.fake.printTrade("BTCUSDT", price: 100)
            try await binanceWait("a trade after bad frames") { sink.trades(btc.id).count == 1 }
            #expect(await h.feed.stats.drops == 0)

            // A frame with reserved bits is a protocol error: the connection goes, and comes back.
            h.fake.sendMalformedFrame(.reservedBits)
            try await binanceWait("the stream back") { await h.feed.stats.reconnects == 1 }
            try await h.confirmed(btc)
            try h.fake.printTrade("BTCUSDT", price: 101)
            try await binanceWait("a trade after the protocol error") { sink.trades(btc.id).last?.price == 101 }
            #expect(await h.feed.malformedFrames == 2)
        }
    }
}
