import BotCore
import OKX
import OKXFake
import Testing

/// The market feed's two WebSockets against the fake: what reaches the sink, reference-counted
/// subscriptions, reconnection with resubscription and catch-up, and frames it cannot read.
struct FeedStreamTests {
    let btc = FeedHarness.btc
    let eth = FeedHarness.eth

    @Test func tradesAndTickersReachTheSinkForFollowedInstrumentsOnly() async throws {
        try await FeedHarness.with { h, sink in
            _ = try await h.follow(btc)
            // ETH first: were it delivered, it would come before BTC's on the same connection.
            try h.fake.printTrade("ETH-USDT-SWAP", px: Price.of("2000"), sz: 1, side: .buy)
            try h.fake.printTrade("BTC-USDT-SWAP", px: Price.of("30000.5"), sz: Quantity.of("2.5"), side: .sell)
            try await feedWait("BTC's trade and ticker") { !sink.trades(btc.id).isEmpty && !sink.tickers(btc.id).isEmpty }
            let t = try #require(sink.trades(btc.id).first)
            #expect(t.price == Price.of("30000.5") && t.quantity == Quantity.of("2.5") && t.side == .sell)
            let k = try #require(sink.tickers(btc.id).last)
            #expect(k.last == Price.of("30000.5") && k.bid == Price.of("30000.4") && k.ask == Price.of("30000.6"))
            #expect(sink.instruments == [btc.id])
            #expect(await h.feed.stats.venueErrors == 0)
        }
    }

    @Test func subscriptionsAreReferenceCounted() async throws {
        try await FeedHarness.with { h, sink in
            _ = try await h.follow(btc)
            _ = await h.feed.subscribe(btc, now: 0, minutes: 0)
            #expect(await h.feed.followers(btc.id) == 2)
            // ETH's acks come after any a second BTC subscribe would have brought on each connection.
            _ = try await h.follow(eth)
            #expect(await h.feed.stats.subscribeAcks == 6)

            await h.feed.unsubscribe(btc.id)
            #expect(await h.feed.followers(btc.id) == 1)
            try h.fake.setPrice("BTC-USDT-SWAP", Price.of("30000"))
            try await feedWait("BTC's trade with one follower left") { sink.trades(btc.id).count == 1 }
            #expect(await h.feed.stats.unsubscribeAcks == 0)

            await h.feed.unsubscribe(btc.id)
            #expect(await h.feed.followers(btc.id) == 0)
            try await feedWait("unsubscribe acks of BTC's three channels") { await h.feed.stats.unsubscribeAcks == 3 }
            // OKX sends nothing more for BTC on either connection, and ETH still flows.
            let sent = h.fake.counters.wsMessagesSent
            try h.fake.setPrice("BTC-USDT-SWAP", Price.of("30001"))
            #expect(h.fake.counters.wsMessagesSent == sent)
            try h.fake.setPrice("ETH-USDT-SWAP", Price.of("2000"))
            try await feedWait("ETH's trade") { sink.trades(eth.id).count == 1 }
            #expect(sink.trades(btc.id).count == 1)
            // Unsubscribing what is not followed changes nothing.
            await h.feed.unsubscribe(btc.id)
            #expect(await h.feed.followers(eth.id) == 1)
        }
    }

    @Test func candlesArriveFormingThenClosed() async throws {
        let clock = FakeClock(startMs: FeedHarness.t0 + 5_000, rate: 0)
        try await FeedHarness.with(clock: clock) { h, sink in
            _ = try await h.follow(btc)
            try h.fake.printTrade("BTC-USDT-SWAP", px: 100, sz: 2, side: .buy)
            clock.advance(by: 10_000)
            try h.fake.printTrade("BTC-USDT-SWAP", px: 104, sz: 1, side: .buy)
            clock.advance(by: 50_000)
            h.fake.tick()
            try h.fake.printTrade("BTC-USDT-SWAP", px: 103, sz: 1, side: .sell)
            let t0 = FeedHarness.t0
            try await feedWait("the next minute forming") { sink.candles(btc.id).last?.candle.ts == t0 + 60_000 }
            let bars = sink.candles(btc.id)
            #expect(bars.map(\.candle.ts) == [t0, t0, t0, t0 + 60_000])
            #expect(bars.map(\.closed) == [false, false, true, false])
            let closed = bars[2].candle
            #expect(closed.open == 100 && closed.high == 104 && closed.low == 100 && closed.close == 104)
            // A swap's volume in the base currency: 3 contracts of 0.01 BTC.
            #expect(abs(closed.volume - 0.03) < 1e-9)
            #expect(await h.feed.stats.closedCandles == 1)
        }
    }

    @Test func aDroppedConnectionIsMadeAgainResubscribedAndCaughtUp() async throws {
        let t0 = FeedHarness.t0
        let clock = FakeClock(startMs: t0 + 30_000, rate: 0)
        try await FeedHarness.with(clock: clock) { h, sink in
            try h.fake.seedCandles("BTC-USDT-SWAP", FeedHarness.minutes(from: t0 - 10 * 60_000, count: 10))
            let warmUp = try await h.follow(btc, now: clock.nowMs, minutes: 5)
            #expect(warmUp.map(\.ts) == (5..<10).map { t0 - 600_000 + Int64($0) * 60_000 })

            try h.fake.setPrice("BTC-USDT-SWAP", 100)
            h.fake.dropConnections()
            // While the feed is away (its backoff is milliseconds; this is one lock), two minutes
            // close with no one to hear them.
            clock.advance(by: 60_000)
            h.fake.tick()
            try h.fake.setPrice("BTC-USDT-SWAP", 101)
            clock.advance(by: 60_000)
            h.fake.tick()
            try h.fake.setPrice("BTC-USDT-SWAP", 102)

            try await feedWait("both connections made again and subscribed") {
                let s = await h.feed.stats
                return s.reconnects == 2 && s.subscribeAcks == 6
            }
            // (The first subscription's snapshot may have brought the last seeded minute before
            // the warm-up ended: only the minutes from t0 are the catch-up's.)
            let closedSince = { sink.candles(btc.id).filter { $0.closed && $0.candle.ts >= t0 } }
            try await feedWait("the missed minutes caught up") { closedSince().count == 2 }
            #expect(closedSince().map(\.candle.ts) == [t0, t0 + 60_000])
            #expect(closedSince().map(\.candle.close) == [100, 101])
            #expect(await h.feed.stats.caughtUpCandles == 2)
            #expect(await h.feed.stats.drops == 2)

            try h.fake.setPrice("BTC-USDT-SWAP", 103)
            try await feedWait("a trade after the reconnection") { sink.trades(btc.id).last?.price == 103 }
        }
    }

    @Test func malformedFramesAreCountedAndSkipped() async throws {
        try await FeedHarness.with { h, sink in
            _ = try await h.follow(btc)
            h.fake.sendMalformedFrame(.truncatedJSON)
            try await feedWait("two truncated frames counted") { await h.feed.malformedFrames == 2 }
            // Text that is not UTF-8 reaches the feed (the client does not refuse it): unreadable too.
            h.fake.sendMalformedFrame(.invalidUTF8)
            try await feedWait("two bad texts counted") { await h.feed.malformedFrames == 4 }
            try h.fake.setPrice("BTC-USDT-SWAP", 100)
            try await feedWait("a trade after bad text") { sink.trades(btc.id).count == 1 }
            // A frame with reserved bits is a protocol error: the connection goes, and comes back.
            h.fake.sendMalformedFrame(.reservedBits)
            try await feedWait("both connections made again") { await h.feed.stats.reconnects == 2 }
            try await feedWait("resubscribed") { await h.feed.stats.subscribeAcks == 6 }
            try h.fake.setPrice("BTC-USDT-SWAP", 101)
            try await feedWait("a trade after the protocol error") { sink.trades(btc.id).last?.price == 101 }
            #expect(await h.feed.malformedFrames == 4)
        }
    }

    @Test func venueErrorsAreCountedAndAnUnknownInstrumentWarmsUpEmpty() async throws {
        try await FeedHarness.with { h, _ in
            try await feedWait("both connections") { await h.feed.stats.publicConnections == 1 && h.fake.connectionCount == 2 }
            let unknown = feedInstrument("NOPE-USDT-SWAP")
            // OKX refuses the three channels (60018) and the REST history (51001): logged, counted.
            #expect(await h.feed.subscribe(unknown, now: FeedHarness.t0, minutes: 10).isEmpty)
            try await feedWait("three refusals") { await h.feed.stats.venueErrors == 3 }
            // An id OKX's requests cannot carry is not followed at all.
            #expect(await h.feed.subscribe(feedInstrument("BAD\"ID"), now: FeedHarness.t0, minutes: 10).isEmpty)
            #expect(await h.feed.followers(feedInstrument("BAD\"ID").id) == 0)
        }
    }

    /// 100 instruments followed before the sockets start, and again after a drop: each new
    /// connection subscribes them all at once. (That a longer list is cut into requests under
    /// OKX's 64 KB is `FeedRequestTests`'; the fake takes seconds over a thousand channels.)
    @Test func aLargeFollowingIsSubscribedOnEachConnection() async throws {
        let h = try await FeedHarness.start()
        let ids = (0..<100).map { "COIN\($0)-USDT-SWAP" }
        for id in ids {
            h.fake.addInstrument(FakeInstrument(instId: id, ctVal: 1, tickSz: Price.of("0.01"), lotSz: 1, minSz: 1))
            _ = await h.feed.subscribe(feedInstrument(id), now: 0, minutes: 0)
        }
        let sink = FeedSink()
        await h.feed.connect(sink)
        do {
            try await feedWait("300 acks") { await h.feed.stats.subscribeAcks == 300 }
            h.fake.dropConnections()
            try await feedWait("300 acks again") { await h.feed.stats.subscribeAcks == 600 }
            #expect(await h.feed.stats.venueErrors == 0)
            #expect(await h.feed.stats.reconnects == 2)
            try h.fake.setPrice(ids[75], 5)
            try await feedWait("a trade of one of them") { sink.trades(feedInstrument(ids[75]).id).count == 1 }
        } catch {
            await h.stop()
            throw error
        }
        await h.stop()
    }
}
