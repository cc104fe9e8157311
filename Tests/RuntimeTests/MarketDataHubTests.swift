import BotConfig
import BotCore
import Feeds
import BotTestKit
import Foundation
import Logging
import Runtime
import Testing

struct MarketDataHubTests {
    func instrument() throws -> Instrument {
        let d = Diagnostics()
        let text = try String(contentsOfFile: SharedData.packageRoot.appendingPathComponent("data/instruments.toml").path, encoding: .utf8)
        return try #require(InstrumentCatalog.parse(text, file: "i", diagnostics: d).find(symbol: "ETHUSDT"))
    }

    @Test func aSubscriberThatIsBehindStillGetsEveryClosedBar() async throws {
        let inst = try instrument()
        let hub = MarketDataHub(historyMinutes: 50, feed: SimulatorFeed(seed: 5), logger: Logger(label: "t"))
        await hub.add(inst, now: 1_735_689_600_000)
        let slow = Mailbox<BotEvent>(), fiveMinute = Mailbox<BotEvent>()
        let history = await hub.subscribe(bot: "slow", instrument: inst.id, timeframe: Timeframe("1m")!, mailbox: slow)
        #expect(history.count == 50)
        let h5 = await hub.subscribe(bot: "five", instrument: inst.id, timeframe: Timeframe("5m")!, mailbox: fiveMinute,
                                     formingEvery: 0)
        #expect(h5.count == 10 && h5.allSatisfy { $0.ts % 300_000 == 0 })
        for _ in 0..<5 { await hub.step() }
        let batch = await slow.next() ?? []
        let closed = batch.filter { if case .candleClosed = $0 { true } else { false } }
        #expect(closed.count == 5)   // every closed bar arrived although the bot was behind
        // The 5-minute subscriber saw forming bars (it kept up) and exactly one close.
        let five = await fiveMinute.next() ?? []
        #expect(five.filter { if case .candleClosed = $0 { true } else { false } }.count == 1)
        #expect(five.contains { if case .candleForming(_, _, let p) = $0 { p > 0 && p < 1 } else { false } })
        // Bars follow each other: each opens at the previous close.
        let bars = closed.compactMap { if case .candleClosed(let c, _) = $0 { c } else { nil } }
        for (a, b) in zip(bars, bars.dropFirst()) { #expect(b.open == a.close && b.ts == a.ts + 60_000) }
    }

    @Test func aSimulatedMarketGoesOnFromItsLastRecordedPrice() async throws {
        let inst = try instrument()
        let first = MarketDataHub(historyMinutes: 50, feed: SimulatorFeed(seed: 5), logger: Logger(label: "t"))
        await first.add(inst, now: 1_735_689_600_000)
        for _ in 0..<30 { await first.step() }
        let marks = await first.marks()
        #expect(marks.count == 1 && marks[0].instrument == inst.id)
        let last = try #require(await first.lastBar(inst.id))
        #expect(marks[0].ts == last.ts + 60_000 && marks[0].price == last.close)
        // A new run starts its market from that price, not from the instrument's reference.
        #expect(last.close != inst.referencePrice)
        let second = MarketDataHub(historyMinutes: 50, feed: SimulatorFeed(seed: 5, resumeAfter: marks[0].ts,
                                                                       resumePrices: [inst.id.description: marks[0].price]), logger: Logger(label: "t"))
        await second.add(inst, now: 1_735_689_600_000)
        let m = Mailbox<BotEvent>()
        let history = await second.subscribe(bot: "b", instrument: inst.id, timeframe: Timeframe("1m")!, mailbox: m)
        // Its history opens at that price (the first print moves a tick or two off it) …
        let open = try #require(history.first).open.doubleValue
        #expect(abs(open / last.close.doubleValue - 1) < 0.001, "\(open) against \(last.close)")
        #expect(abs(open / inst.referencePrice!.doubleValue - 1) > abs(open / last.close.doubleValue - 1))
        // … and its time goes on after the previous run's.
        #expect(try #require(history.last).ts > last.ts)
    }

    /// Binance spot XRP/ETH, the pair of the trade recording.
    let xrpeth = Instrument(id: InstrumentID(venue: "binance", symbol: "XRPETH"), kind: .spot, base: "XRP", quote: "ETH",
                            tickSize: Price.of("0.00000001"), lotSize: 1, minSize: 1, minNotional: 0, makerFee: 0, takerFee: 0)

    /// Steps `hub` for `minutes`, collecting its history and every 1m bar it closes.
    func collect(_ hub: MarketDataHub, _ inst: Instrument, minutes: Int) async -> [Candle] {
        let m = Mailbox<BotEvent>()
        var got = await hub.subscribe(bot: "b", instrument: inst.id, timeframe: Timeframe("1m")!, mailbox: m)
        for _ in 0..<minutes {
            await hub.step()
            for case .candleClosed(let c, _) in m.drain() { got.append(c) }
        }
        return got
    }

    @Test func replayedTradesBuildTheExchangesOwnMinuteBars() async throws {
        // Binance's XRP/ETH trades for 2.5 days, and its one-minute candles for the same span
        // (676 minutes without trades, so without candles).
        let trades = try TradeCSV.load(path: SharedData.path("binance_XRPETH_trades.csv"))
        let want = try CandleCSV.load(path: SharedData.path("binance_XRPETH_1m.csv"))
        let inst = xrpeth
        let hub = MarketDataHub(historyMinutes: 30, feed: SimulatorFeed(seed: 1), logger: Logger(label: "t"))
        await hub.use(ReplayFeed(symbol: "XRPETH", trades: trades), for: "XRPETH")
        await hub.add(inst, now: 0)
        let got = await collect(hub, inst, minutes: Int((trades.last!.ts - trades.first!.ts) / 60_000) + 2)
        #expect(got.count == want.count)
        let mismatches = zip(got, want).filter { $0.ts != $1.ts || $0.close != $1.close || $0.volume != $1.volume }
        #expect(mismatches.isEmpty, "first: \(mismatches.first.map { "\($0)" } ?? "")")
        // Every trade after the history was published; none before.
        let historyEnd = want[0].ts - want[0].ts % 60_000 + 30 * 60_000
        #expect(await hub.tradesPublished == trades.filter { $0.ts >= historyEnd }.count)
    }

    @Test func aCandleReplayWithGapsPublishesEveryBarAtItsMinute() async throws {
        let want = try CandleCSV.load(path: SharedData.path("binance_XRPETH_1m.csv"))
        let inst = xrpeth
        let hub = MarketDataHub(historyMinutes: 30, feed: SimulatorFeed(seed: 1), logger: Logger(label: "t"))
        await hub.use(ReplayFeed(symbol: "XRPETH", candles: want), for: "XRPETH")
        await hub.add(inst, now: 0)
        let got = await collect(hub, inst, minutes: Int((want.last!.ts - want.first!.ts) / 60_000) + 2)
        #expect(got == want)
    }

    @Test func lastSubscriberGoneDropsTheSeries() async throws {
        let inst = try instrument()
        let hub = MarketDataHub(historyMinutes: 10, feed: SimulatorFeed(seed: 5), logger: Logger(label: "t"))
        await hub.add(inst, now: 1_735_689_600_000)
        let a = Mailbox<BotEvent>(), b = Mailbox<BotEvent>()
        _ = await hub.subscribe(bot: "a", instrument: inst.id, timeframe: Timeframe("1m")!, mailbox: a)
        _ = await hub.subscribe(bot: "b", instrument: inst.id, timeframe: Timeframe("1m")!, mailbox: b)
        #expect(await hub.subscriberCount() == 2)
        await hub.unsubscribe(bot: "a", instrument: inst.id, timeframe: Timeframe("1m")!)
        #expect(await hub.subscriberCount() == 1)
        await hub.unsubscribe(bot: "b", instrument: inst.id, timeframe: Timeframe("1m")!)
        #expect(await hub.subscriberCount() == 0)
    }

    @Test func replaysRecordedBarsExactlyAfterTheirHistory() async throws {
        let d = Diagnostics()
        let text = try String(contentsOfFile: SharedData.packageRoot.appendingPathComponent("data/instruments.toml").path, encoding: .utf8)
        let btc = try #require(InstrumentCatalog.parse(text, file: "i", diagnostics: d).find(symbol: "BTCUSDT"))
        let bars = Array(try CandleCSV.load(path: SharedData.path("binance_BTCUSDT_1m.csv")).prefix(60))
        let hub = MarketDataHub(historyMinutes: 50, feed: SimulatorFeed(seed: 1), logger: Logger(label: "t"))
        await hub.use(ReplayFeed(symbol: "BTCUSDT", candles: bars), for: "BTCUSDT")
        await hub.add(btc, now: 0)
        let m = Mailbox<BotEvent>()
        let history = await hub.subscribe(bot: "r", instrument: btc.id, timeframe: Timeframe("1m")!, mailbox: m)
        #expect(history == Array(bars.prefix(50)))
        for _ in 0..<15 { await hub.step() }   // 10 bars left, then the recording ends
        let closed = (await m.next() ?? []).compactMap { if case .candleClosed(let c, _) = $0 { c } else { nil } }
        #expect(closed == Array(bars[50...]))
    }
}
