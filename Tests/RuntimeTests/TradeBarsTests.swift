import BotCore
import Foundation
import Logging
import Runtime
import Testing

/// Bars from feeds that send only trades, and forming bars from whatever the feed sends, at
/// each bot's cadence.
struct TradeBarsTests {
    /// A feed of trades (and, with `candles`, forming candles the test pushes); history from
    /// a record the test gives it.
    actor PushFeed: MarketFeed {
        nonisolated let name = "push"
        nonisolated let sendsCandles: Bool
        var sink: (any MarketSink)?
        var record: [Candle] = []
        var asked: [(Int64, Int64)] = []

        init(sendsCandles: Bool) { self.sendsCandles = sendsCandles }
        func connect(_ sink: any MarketSink) { self.sink = sink }
        func subscribe(_ instrument: Instrument, now: Int64, minutes: Int) -> [Candle] { [] }
        func unsubscribe(_ id: InstrumentID) {}
        func history(_ id: InstrumentID, timeframe: Timeframe, from: Int64, to: Int64) -> [Candle] {
            asked.append((from, to))
            return record.filter { $0.ts >= from && $0.ts < to }
        }
        func trade(_ ts: Int64, _ price: String, _ size: String = "1", id: InstrumentID) async {
            await sink?.trade(Trade(ts: ts, price: Price.of(price), quantity: Quantity.of(size), side: .buy), instrument: id)
        }
        func forming(_ c: Candle, id: InstrumentID) async { await sink?.candle(c, instrument: id, closed: false) }
        func closed(_ c: Candle, id: InstrumentID) async { await sink?.candle(c, instrument: id, closed: true) }
    }

    let inst = Instrument(id: InstrumentID(venue: "okx", symbol: "ETH-USDT-SWAP"), kind: .perpetual, base: "ETH", quote: "USDT",
                          tickSize: Price.of("0.01"), lotSize: Quantity.of("0.01"), minSize: Quantity.of("0.01"), minNotional: 0,
                          contractValue: Quantity.of("0.1"), makerFee: Ratio.of("0.0002"), takerFee: Ratio.of("0.0005"))

    func closed(_ m: Mailbox<BotEvent>) -> [Candle] {
        m.drain().compactMap { if case .candleClosed(let c, _) = $0 { c } else { nil } }
    }

    func forming(_ events: [BotEvent]) -> [(Candle, Double)] {
        events.compactMap { if case .candleForming(let c, _, let p) = $0 { (c, p) } else { nil } }
    }

    func candle(_ minute: Int64, _ o: String, _ h: String, _ l: String, _ c: String, _ v: Double) -> Candle {
        Candle(ts: minute * 60_000, open: Price.of(o), high: Price.of(h), low: Price.of(l), close: Price.of(c), volume: v)
    }

    @Test func minutesAreBuiltFromTradesAndCloseWithTheFirstTradeOfALaterOne() async throws {
        let feed = PushFeed(sendsCandles: false)
        let hub = MarketDataHub(historyMinutes: 30, feed: feed, logger: Logger(label: "t"))
        await hub.add(inst, now: 0)
        let one = Mailbox<BotEvent>(), five = Mailbox<BotEvent>()
        _ = await hub.subscribe(bot: "a", instrument: inst.id, timeframe: Timeframe("1m")!, mailbox: one)
        _ = await hub.subscribe(bot: "b", instrument: inst.id, timeframe: Timeframe("5m")!, mailbox: five)
        let id = inst.id
        await feed.trade(1_000, "100", "2", id: id)
        await feed.trade(20_000, "103", id: id)
        await feed.trade(40_000, "99.5", "0.5", id: id)
        await feed.trade(59_999, "101", id: id)
        #expect(closed(one).isEmpty, "minute 0 is open until a later trade")
        await feed.trade(60_000, "101.5", id: id)
        #expect(closed(one) == [candle(0, "100", "103", "99.5", "101", 4.5)])
        // A late print of the minute already closed changes no bar.
        await feed.trade(59_000, "90", id: id)
        for (ms, p) in [(Int64(61_000), "102"), (119_000, "100.5"), (120_500, "100"), (250_000, "104")] {
            await feed.trade(ms, p, id: id)
        }
        // The late print stayed out of minute 1.
        #expect(closed(one) == [candle(1, "101.5", "102", "100.5", "100.5", 3), candle(2, "100", "100", "100", "100", 1)])
        // Minute 3 had no trade and the feed's history has no bar for it: when minute 4 closes,
        // the hole is told first.
        await feed.trade(300_000, "105", id: id)
        let events = one.drain()
        #expect(events.count == 2 && events.first == .gap(from: 180_000, to: 240_000))
        guard case .candleClosed(let four, _)? = events.last else { Issue.record("no minute 4: \(events)"); return }
        #expect(four == candle(4, "104", "104", "104", "104", 1))
        #expect(await feed.asked.map(\.0) == [180_000])
        // And with it the 5-minute bar of minutes 0–4 closes.
        let bar = try #require(closed(five).first)
        #expect(bar == candle(0, "100", "104", "99.5", "104", 9.5))
    }

    @Test func formingBarsFromTradesComeAtEachBotsCadenceWhateverTheRate() async throws {
        let feed = PushFeed(sendsCandles: false)
        let hub = MarketDataHub(historyMinutes: 30, feed: feed, logger: Logger(label: "t"))
        await hub.add(inst, now: 0)
        let fast = Mailbox<BotEvent>(), none = Mailbox<BotEvent>()
        let tf = Timeframe("5m")!
        _ = await hub.subscribe(bot: "f", instrument: inst.id, timeframe: tf, mailbox: fast, formingEvery: 5_000)
        _ = await hub.subscribe(bot: "n", instrument: inst.id, timeframe: tf, mailbox: none)
        var seen: [(Candle, Double)] = []
        // Ten trades a second for 40 s of minute 0; the bot keeps up.
        for i in 0..<400 {
            let ms = Int64(i) * 100
            await feed.trade(ms, "\(100 + i % 7)", "0.1", id: inst.id)
            seen += forming(fast.drain())
        }
        // At 0, 5, 10 … 35 s: eight, never two within 5 s.
        #expect(seen.count == 8)
        #expect(seen.map(\.1) == (0..<8).map { Double($0 * 5_000) / 300_000 })
        // Each is the 5-minute bar as of then: minute 0 closed, and the minute open so far.
        let last = try #require(seen.last?.0)
        #expect(last.ts == 0 && last.open == Price.of("100") && last.high == Price.of("106") && last.low == Price.of("100"))
        #expect(abs(last.volume - 35.1) < 1e-9, "351 trades of 0.1 up to 35 s")
        #expect(forming(none.drain()).isEmpty)
    }

    @Test func aFeedsFormingCandlesAreThinnedToTheCadenceAndMergedIntoTheBar() async throws {
        let feed = PushFeed(sendsCandles: true)
        let hub = MarketDataHub(historyMinutes: 30, feed: feed, logger: Logger(label: "t"))
        await hub.add(inst, now: 0)
        let m = Mailbox<BotEvent>()
        _ = await hub.subscribe(bot: "h", instrument: inst.id, timeframe: Timeframe("5m")!, mailbox: m, formingEvery: 5_000)
        // Its close sends the bar as of 60 s; the next is due 5 s later.
        await feed.closed(candle(0, "100", "110", "95", "105", 7), id: inst.id)
        var seen: [(Candle, Double)] = []
        // Minute 1 forming, updated every 500 ms, each update followed by a trade (which gives
        // the time), for 20 s.
        for i in 0..<40 {
            let ms = 60_000 + Int64(i) * 500
            await feed.forming(candle(1, "105", "\(112 + i / 10)", "104", "106", Double(i)), id: inst.id)
            await feed.trade(ms, "106", "0.01", id: inst.id)
            seen += forming(m.drain())
        }
        #expect(seen.map(\.1) == [60_000, 65_000, 70_000, 75_000].map { Double($0) / 300_000 })
        // The 5-minute bar as of 75 s: minute 0 closed, and minute 1 as the feed last sent it.
        #expect(seen.last?.0 == candle(0, "100", "115", "95", "106", 7 + 30))
        // The closed minute replaces its forming candle (and its bar goes out at the close); a
        // forming candle of a minute already closed is ignored.
        await feed.closed(candle(1, "105", "113", "104", "106", 40), id: inst.id)
        await feed.forming(candle(1, "105", "200", "104", "106", 41), id: inst.id)
        await feed.trade(200_000, "106", "0.01", id: inst.id)
        #expect(forming(m.drain()).map(\.0) == [candle(0, "100", "113", "95", "106", 47)])
    }
}
