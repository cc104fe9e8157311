import BotCore
import Foundation
import Logging
import Runtime
import Testing

/// A strategy's warm-up longer than `history_minutes`: the hub fetches the older bars at the
/// bot's timeframe and hands them over in front of the ones its minutes build.
struct WarmUpHistoryTests {
    /// Answers history at any timeframe from 5-minute bars it holds, counting what it is asked.
    actor FiveMinuteFeed: MarketFeed {
        nonisolated let name = "five"
        let minutes: [Candle]
        let fives: [Candle]
        var asked: [(Timeframe, Int64, Int64)] = []
        var failing = false

        init(minutes: [Candle], fives: [Candle]) {
            self.minutes = minutes
            self.fives = fives
        }
        func connect(_ sink: any MarketSink) {}
        func subscribe(_ instrument: Instrument, now: Int64, minutes: Int) -> [Candle] { self.minutes }
        func unsubscribe(_ id: InstrumentID) {}
        func history(_ id: InstrumentID, timeframe: Timeframe, from: Int64, to: Int64) throws -> [Candle] {
            asked.append((timeframe, from, to))
            if failing { throw CancellationError() }
            return fives.filter { $0.ts >= from && $0.ts < to }
        }
        func fail(_ f: Bool) { failing = f }
    }

    let inst = Instrument(id: InstrumentID(venue: "okx", symbol: "BTC-USDT-SWAP"), kind: .perpetual, base: "BTC", quote: "USDT",
                          tickSize: Price.of("0.1"), lotSize: Quantity.of("0.01"), minSize: Quantity.of("0.01"), minNotional: 0,
                          contractValue: Quantity.of("0.01"), makerFee: 0, takerFee: 0)
    let m5 = Timeframe("5m")!

    func candle(_ ts: Int64) -> Candle {
        let p = Price(integerLiteral: 100 + (ts / 60_000) % 11)
        return Candle(ts: ts, open: p, high: p + 1, low: p - 1, close: p, volume: 1)
    }

    /// 30 one-minute bars from minute 10,000 (6 five-minute bars), and 5-minute bars before.
    func feed(fives count: Int) -> FiveMinuteFeed {
        let start: Int64 = 10_000 * 60_000
        let minutes = (0..<30).map { candle(start + Int64($0) * 60_000) }
        let fives = (1...count).map { candle(start - Int64($0) * 300_000) }.reversed()
        return FiveMinuteFeed(minutes: minutes, fives: Array(fives))
    }

    @Test func olderBarsComeAtTheBotsTimeframeInFrontOfTheBuiltOnes() async throws {
        let f = feed(fives: 1_000)
        let hub = MarketDataHub(historyMinutes: 30, feed: f, logger: Logger(label: "t"))
        await hub.add(inst, now: 0)
        try await hub.warmUp(inst.id, timeframe: m5, bars: 500)
        let history = await hub.subscribe(bot: "b", instrument: inst.id, timeframe: m5, mailbox: Mailbox<BotEvent>())
        #expect(history.count >= 500)
        // Oldest first, five minutes apart, no bar twice.
        #expect(zip(history, history.dropFirst()).allSatisfy { $1.ts - $0.ts == 300_000 })
        #expect(await f.asked.map(\.0) == [m5])
        // Asked again by a second bot: nothing more is fetched.
        try await hub.warmUp(inst.id, timeframe: m5, bars: 400)
        #expect(await f.asked.count == 1)
    }

    @Test func aSeriesAlreadyFollowedGetsTheOlderBarsToo() async throws {
        let f = feed(fives: 1_000)
        let hub = MarketDataHub(historyMinutes: 30, feed: f, logger: Logger(label: "t"))
        await hub.add(inst, now: 0)
        let before = await hub.subscribe(bot: "a", instrument: inst.id, timeframe: m5, mailbox: Mailbox<BotEvent>())
        #expect(before.count == 6)
        try await hub.warmUp(inst.id, timeframe: m5, bars: 200)
        let after = await hub.subscribe(bot: "b", instrument: inst.id, timeframe: m5, mailbox: Mailbox<BotEvent>())
        #expect(after.count >= 200 && after.suffix(6) == before.suffix(6))
    }

    @Test func aShorterWholeHistoryIsAllThereIsAndAFailingFeedFailsTheStart() async throws {
        let short = feed(fives: 50)
        let hub = MarketDataHub(historyMinutes: 30, feed: short, logger: Logger(label: "t"))
        await hub.add(inst, now: 0)
        try await hub.warmUp(inst.id, timeframe: m5, bars: 500)
        let history = await hub.subscribe(bot: "b", instrument: inst.id, timeframe: m5, mailbox: Mailbox<BotEvent>())
        #expect(history.count == 56)
        // Exhausted: not asked again.
        try await hub.warmUp(inst.id, timeframe: m5, bars: 600)
        #expect(await short.asked.count == 1)

        let broken = feed(fives: 1_000)
        await broken.fail(true)
        let other = MarketDataHub(historyMinutes: 30, feed: broken, logger: Logger(label: "t"))
        await other.add(inst, now: 0)
        await #expect(throws: (any Error).self) { try await other.warmUp(inst.id, timeframe: m5, bars: 500) }
    }
}
