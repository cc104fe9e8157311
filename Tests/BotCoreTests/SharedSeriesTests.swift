import BotCore
import Synchronization
import Testing

/// A running sum of closes that counts how often it is computed.
struct CountingSum: SeriesIndicator {
    static let computed = Atomic<Int>(0)
    var sum = 0.0
    mutating func close(_ bar: Candle) -> Double {
        Self.computed.add(1, ordering: .relaxed)
        sum += bar.close.doubleValue
        return sum
    }
    func peek(_ bar: Candle) -> Double {
        Self.computed.add(1, ordering: .relaxed)
        return sum + bar.close.doubleValue
    }
}

@Suite(.serialized)
struct SharedSeriesTests {
    static func bar(_ i: Int, _ close: Int) -> Candle {
        let p = Price(close)
        return Candle(ts: Int64(i) * 60_000, open: p, high: p, low: p, close: p, volume: 1)
    }
    static let inst = InstrumentID(venue: "paper", symbol: "X")

    @Test func aBarIsComputedOnceAndEveryReaderGetsItsReading() {
        let book = SeriesBook()
        let a = SeriesScope(book: book, instrument: Self.inst, timeframe: Timeframe("1m")!)
        let b = SeriesScope(book: book, instrument: Self.inst, timeframe: Timeframe("1m")!)
        let sa = a.series("sum") { CountingSum() }, sb = b.series("sum") { CountingSum() }
        #expect(sa === sb && book.count == 1)
        let before = CountingSum.computed.load(ordering: .relaxed)
        #expect(sa.reading(Self.bar(1, 10)) == 10)
        #expect(sb.reading(Self.bar(1, 10)) == 10)
        #expect(sa.reading(Self.bar(2, 5)) == 15)
        // b is a bar behind: it still reads bar 1 as it was.
        #expect(sb.reading(Self.bar(1, 10)) == 10 && sb.reading(Self.bar(2, 5)) == 15)
        #expect(CountingSum.computed.load(ordering: .relaxed) - before == 2)
        // Another timeframe or key is another series.
        let c = SeriesScope(book: book, instrument: Self.inst, timeframe: Timeframe("5m")!)
        #expect(c.series("sum") { CountingSum() } !== sa && book.count == 2)
    }

    @Test func aPeekIsComputedOncePerBarStateAndNeverFromAStateTooFarOn() {
        let s = SharedSeries(CountingSum())
        _ = s.reading(Self.bar(1, 10))
        let before = CountingSum.computed.load(ordering: .relaxed)
        #expect(s.peek(Self.bar(2, 3)) == 13 && s.peek(Self.bar(2, 3)) == 13)
        #expect(CountingSum.computed.load(ordering: .relaxed) - before == 1)
        #expect(s.peek(Self.bar(2, 4)) == 14, "a new price is a new peek")
        _ = s.reading(Self.bar(2, 5))
        // A bot still on bar 2's forming state reads the peek made before bar 2 closed.
        #expect(s.peek(Self.bar(2, 4)) == 14)
        #expect(s.peek(Self.bar(2, 2)) == nil, "a state of bar 2 nobody peeked at before it closed")
        _ = s.reading(Self.bar(3, 1))
        #expect(s.peek(Self.bar(3, 9)) == nil, "bar 3 is closed")
        #expect(s.peek(Self.bar(4, 1)) == 17)
    }

    @Test func catchingUpComputesTheHistoryAndALongerOneStartsTheSeriesAgain() {
        let s = SharedSeries(CountingSum(), retain: 64)
        let history = (1...100).map { Self.bar($0, 1) }
        s.catchUp(Array(history.suffix(10)))
        #expect(s.reading(Self.bar(100, 1)) == 10)
        // A bot that brings all 100 bars: the series is the longer history's.
        s.catchUp(history)
        #expect(s.reading(Self.bar(100, 1)) == 100 && s.reading(Self.bar(1, 1)) == 1)
        #expect(s.kept == 100, "kept for the whole history a bot replays")
        // A shorter history changes nothing.
        s.catchUp(Array(history.suffix(5)))
        #expect(s.reading(Self.bar(100, 1)) == 100)
        // Live bars beyond twice what must be kept trim the oldest.
        for i in 101...400 { _ = s.reading(Self.bar(i, 1)) }
        #expect(s.kept <= 2 * 164 && s.reading(Self.bar(400, 1)) == 400 && s.reading(Self.bar(1, 1)) == nil)
    }

    @Test func aBotsOwnSeriesCatchesUpToItsSnapshotAndKeepsLittle() {
        let scope = SeriesScope(book: nil, instrument: Self.inst, timeframe: Timeframe("1m")!)
        let s = scope.series("sum") { CountingSum() }
        let history = (1...1000).map { Self.bar($0, 1) }
        // Resumed from a snapshot taken at bar 990: the bars after it are replayed and read.
        scope.catchUp(history, replayFrom: history[989].ts)
        for bar in history[990...] { _ = s.reading(bar) }
        #expect(s.reading(history[999]) == 1000)
        #expect(s.kept <= 128, "\(s.kept) readings kept by a series nobody else reads")
        // A shared one keeps the whole history for the bots that replay it.
        let shared = SeriesScope(book: SeriesBook(), instrument: Self.inst, timeframe: Timeframe("1m")!)
        let t = shared.series("sum") { CountingSum() }
        shared.catchUp(history, replayFrom: history[989].ts)
        #expect(t.kept == 1000 && t.reading(history[0]) == 1 && t.reading(history[500]) == 501)
    }

    @Test func withoutABookEverySeriesIsItsOwn() {
        let a = SeriesScope(book: nil, instrument: Self.inst, timeframe: Timeframe("1m")!)
        #expect(a.series("sum") { CountingSum() } !== a.series("sum") { CountingSum() })
        let setup = StrategySetup(instrument: Instrument(id: Self.inst, kind: .spot, base: "X", quote: "Y", tickSize: 1, lotSize: 1,
                                                         minSize: 1, minNotional: 0, makerFee: 0, takerFee: 0),
                                  timeframe: Timeframe("1m")!)
        #expect(setup.shared("sum") { CountingSum() } !== setup.shared("sum") { CountingSum() })
    }
}
