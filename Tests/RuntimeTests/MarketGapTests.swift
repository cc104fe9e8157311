import BotCore
import Foundation
import Logging
import Synchronization
import Runtime
import Testing

/// The hub between a feed and the bots: gaps filled from the feed's history, confirmed holes
/// told as `.gap`, bars held while the feed cannot answer, forming bars at each bot's cadence.
struct MarketGapTests {
    /// A feed the test drives: it pushes what it is told and answers history from its record.
    actor ScriptFeed: MarketFeed {
        nonisolated let name = "script"
        var sink: (any MarketSink)?
        var record: [Candle] = []
        var failing = false
        var asked: [(Int64, Int64)] = []
        /// How long history takes to answer (a venue's REST round trip).
        var delay: Duration = .zero
        let start: [Candle]

        init(history: [Candle]) { start = history }
        func connect(_ sink: any MarketSink) { self.sink = sink }
        func subscribe(_ instrument: Instrument, now: Int64, minutes: Int) -> [Candle] { start }
        func unsubscribe(_ id: InstrumentID) {}
        func history(_ id: InstrumentID, timeframe: Timeframe, from: Int64, to: Int64) async throws -> [Candle] {
            asked.append((from, to))
            if delay > .zero { try await Task.sleep(for: delay) }
            if failing { throw CancellationError() }
            return record.filter { $0.ts >= from && $0.ts < to }
        }
        /// The venue had this bar (history will return it) but the stream did not send it.
        func missed(_ c: Candle) { record.append(c) }
        func push(_ c: Candle, id: InstrumentID) async {
            record.append(c)
            await sink?.candle(c, instrument: id, closed: true)
        }
        func setFailing(_ f: Bool) { failing = f }
        func setDelay(_ d: Duration) { delay = d }
    }

    let inst = Instrument(id: InstrumentID(venue: "okx", symbol: "BTC-USDT-SWAP"), kind: .perpetual, base: "BTC", quote: "USDT",
                          tickSize: Price.of("0.1"), lotSize: Quantity.of("0.01"), minSize: Quantity.of("0.01"), minNotional: 0,
                          contractValue: Quantity.of("0.01"), makerFee: Ratio.of("0.0002"), takerFee: Ratio.of("0.0005"))

    func bar(_ minute: Int64) -> Candle {
        let p = Price(integerLiteral: 100 + minute % 7)
        return Candle(ts: minute * 60_000, open: p, high: p + 1, low: p - 1, close: p, volume: 1)
    }

    func setUp() async -> (MarketDataHub, ScriptFeed, Mailbox<BotEvent>) {
        let feed = ScriptFeed(history: (Int64(0)..<5).map(bar))
        let hub = MarketDataHub(historyMinutes: 30, feed: feed, logger: Logger(label: "t"))
        let m = Mailbox<BotEvent>()
        return (hub, feed, m)
    }

    func events(_ m: Mailbox<BotEvent>) -> [String] {
        m.drain().map {
            switch $0 {
            case .candleClosed(let c, let tf): "\(tf) \(c.ts / 60_000)"
            case .candleForming(let c, let tf, _): "forming \(tf) \(c.ts / 60_000)"
            case .gap(let from, let to): "gap \(from / 60_000)-\(to / 60_000)"
            default: "\($0)"
            }
        }
    }

    @Test func aBarTheStreamMissedIsFetchedAndDeliveredFirst() async throws {
        let (hub, feed, m) = await setUp()
        await hub.add(inst, now: 0)
        _ = await hub.subscribe(bot: "b", instrument: inst.id, timeframe: Timeframe("1m")!, mailbox: m)
        await feed.push(bar(5), id: inst.id)
        await feed.missed(bar(6))
        await feed.push(bar(7), id: inst.id)
        #expect(events(m) == ["1m 5", "1m 6", "1m 7"])
        #expect(await hub.gapsConfirmed == 0)
    }

    @Test func aHoleTheFeedConfirmsIsToldBeforeTheNextBar() async throws {
        let (hub, feed, m) = await setUp()
        await hub.add(inst, now: 0)
        _ = await hub.subscribe(bot: "b", instrument: inst.id, timeframe: Timeframe("1m")!, mailbox: m)
        let five = Mailbox<BotEvent>()
        _ = await hub.subscribe(bot: "f", instrument: inst.id, timeframe: Timeframe("5m")!, mailbox: five)
        await feed.push(bar(5), id: inst.id)
        await feed.push(bar(6), id: inst.id)
        // Minutes 7 to 11 never happened (an outage); 12 comes next.
        await feed.push(bar(12), id: inst.id)
        #expect(events(m) == ["1m 5", "1m 6", "gap 7-12", "1m 12"])
        // The 5-minute bar the hole cut short closes first, then the hole is told.
        #expect(events(five) == ["5m 5", "gap 7-12"])
        #expect(await hub.gapsConfirmed == 1)
    }

    @Test func whileTheFeedCannotSayLaterBarsWaitAndNoneIsLost() async throws {
        let (hub, feed, m) = await setUp()
        await hub.add(inst, now: 0)
        _ = await hub.subscribe(bot: "b", instrument: inst.id, timeframe: Timeframe("1m")!, mailbox: m)
        let reported = Reported()
        await hub.report { reported.add($0) }
        await feed.setFailing(true)
        await feed.missed(bar(5))
        await feed.push(bar(6), id: inst.id)
        await feed.push(bar(7), id: inst.id)
        #expect(events(m).isEmpty, "nothing after the gap goes out before it is filled")
        #expect(await hub.gapsHeld >= 1)
        #expect(reported.kinds == ["feed_lost"], "reported once however long it lasts")
        await feed.setFailing(false)
        await feed.push(bar(8), id: inst.id)
        #expect(events(m) == ["1m 5", "1m 6", "1m 7", "1m 8"])
        #expect(reported.kinds == ["feed_lost", "feed_recovered"])
    }

    @Test func barsArrivingWhileAGapIsFetchedWaitTheirTurn() async throws {
        let (hub, feed, m) = await setUp()
        await hub.add(inst, now: 0)
        _ = await hub.subscribe(bot: "b", instrument: inst.id, timeframe: Timeframe("1m")!, mailbox: m)
        await feed.push(bar(5), id: inst.id)
        await feed.missed(bar(6))
        await feed.missed(bar(7))
        await feed.setDelay(.milliseconds(100))
        let inst = inst
        // Bar 8 finds a gap and waits for history; bars 9 and 10 come meanwhile.
        let first = Task { await feed.push(self.bar(8), id: inst.id) }
        try await Task.sleep(for: .milliseconds(20))
        await feed.push(bar(9), id: inst.id)
        await feed.push(bar(10), id: inst.id)
        await first.value
        #expect(events(m) == ["1m 5", "1m 6", "1m 7", "1m 8", "1m 9", "1m 10"])
        #expect(await feed.asked.count == 1, "the gap is asked about once")
    }

    @Test func aBarSentAgainChangesNothing() async throws {
        let (hub, feed, m) = await setUp()
        await hub.add(inst, now: 0)
        _ = await hub.subscribe(bot: "b", instrument: inst.id, timeframe: Timeframe("1m")!, mailbox: m)
        await feed.push(bar(5), id: inst.id)
        await feed.push(bar(5), id: inst.id)
        await feed.push(bar(4), id: inst.id)
        #expect(events(m) == ["1m 5"])
    }

    @Test func formingBarsComeAtTheCadenceEachBotAskedFor() async throws {
        let (hub, feed, _) = await setUp()
        await hub.add(inst, now: 0)
        let every = Mailbox<BotEvent>(), slow = Mailbox<BotEvent>(), never = Mailbox<BotEvent>()
        let tf = Timeframe("15m")!
        _ = await hub.subscribe(bot: "e", instrument: inst.id, timeframe: tf, mailbox: every, formingEvery: 5_000)
        _ = await hub.subscribe(bot: "s", instrument: inst.id, timeframe: tf, mailbox: slow, formingEvery: 180_000)
        _ = await hub.subscribe(bot: "n", instrument: inst.id, timeframe: tf, mailbox: never)
        for minute in Int64(5)...15 {
            await feed.push(bar(minute), id: inst.id)
            for m in [every, slow] {
                // Drained as a bot that keeps up would.
                _ = m.drain()
            }
        }
        var counts = (every: 0, slow: 0)
        for minute in Int64(16)...24 {
            await feed.push(bar(minute), id: inst.id)
            counts.every += events(every).filter { $0.hasPrefix("forming") }.count
            counts.slow += events(slow).filter { $0.hasPrefix("forming") }.count
        }
        // Minutes 16–24 of the bar opened at 15: every one for the 5 s bot, every third for
        // the 3-minute one, none for the bot that asked for none.
        #expect(counts.every == 9)
        #expect(counts.slow == 3)
        #expect(!events(never).contains { $0.hasPrefix("forming") })
    }
}

/// Collects what the hub reports.
final class Reported: Sendable {
    private let list = Mutex<[RuntimeEvent]>([])
    func add(_ e: RuntimeEvent) { list.withLock { $0.append(e) } }
    var kinds: [String] { list.withLock { $0.map(\.kind) } }
}
