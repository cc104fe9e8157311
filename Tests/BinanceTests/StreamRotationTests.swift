import Binance
import Testing

/// The combined stream's connection is replaced before Binance closes it, with no gap: the
/// next is opened first, both are read while they overlap, the old one closed after.
struct StreamRotationTests {
    typealias Action = StreamRotation.Action
    let hour: Int64 = 3_600_000

    /// Does `step` to the rotation and expects `actions`.
    func expect(_ r: inout StreamRotation, _ actions: [Action], _ comment: Comment? = nil,
                sourceLocation: SourceLocation = #_sourceLocation, _ step: (inout StreamRotation) -> [Action]) {
        let got = step(&r)
        #expect(got == actions, comment, sourceLocation: sourceLocation)
    }

    @Test func aConnectionIsReplacedBeforeItsTwentyFourHoursWithOverlap() {
        var r = StreamRotation()
        expect(&r, [.open(generation: 1)]) { $0.start() }
        expect(&r, []) { $0.subscribed(1, nowMs: 0) }
        #expect(r.delivers(1) && !r.delivers(2))
        expect(&r, []) { $0.tick(nowMs: 23 * hour) }
        expect(&r, [.open(generation: 2)]) { $0.tick(nowMs: 23 * hour + 30 * 60_000) }
        // Opening: both deliver, nothing more is opened.
        #expect(r.delivers(1) && r.delivers(2))
        expect(&r, []) { $0.tick(nowMs: 23 * hour + 31 * 60_000) }
        // Subscribed: the old one closes only now.
        expect(&r, [.close(generation: 1)]) { $0.subscribed(2, nowMs: 23 * hour + 31 * 60_000) }
        #expect(!r.delivers(1) && r.delivers(2))
        // A late drop of the closed one changes nothing.
        expect(&r, []) { $0.dropped(1) }
        #expect(r.current?.generation == 2)
    }

    @Test func serverShutdownOpensTheNextConnectionFirst() {
        var r = StreamRotation()
        _ = r.start()
        _ = r.subscribed(1, nowMs: 0)
        expect(&r, [.open(generation: 2)]) { $0.serverShutdown(1) }
        expect(&r, [], "announced twice: one successor") { $0.serverShutdown(1) }
        // The server closes the old one before the new one is subscribed: the new one takes over.
        expect(&r, []) { $0.dropped(1) }
        #expect(r.current == nil && r.delivers(2))
        expect(&r, []) { $0.subscribed(2, nowMs: 1_000) }
        #expect(r.current?.generation == 2)
    }

    @Test func aDropWithNoSuccessorIsReplacedAtOnceAndAFailedSuccessorRetried() {
        var r = StreamRotation()
        _ = r.start()
        _ = r.subscribed(1, nowMs: 0)
        expect(&r, [.open(generation: 2)]) { $0.dropped(1) }
        expect(&r, []) { $0.subscribed(2, nowMs: 5) }
        expect(&r, [.open(generation: 3)]) { $0.serverShutdown(2) }
        expect(&r, [.open(generation: 4)], "the replacement failed while the current lives") { $0.dropped(3) }
        expect(&r, [], "a stale connection is not taken") { $0.subscribed(3, nowMs: 9) }
        expect(&r, [.close(generation: 2)]) { $0.subscribed(4, nowMs: 10) }
        #expect(r.current?.generation == 4 && !r.delivers(3))
    }

    @Test func theOnlyConnectionFailingBeforeItsAckIsOpenedAgain() {
        var r = StreamRotation()
        expect(&r, [.open(generation: 1)]) { $0.start() }
        #expect(r.delivers(1), "alone, what it brings before its ack is all there is")
        expect(&r, [.open(generation: 2)], "the first failed before its ack") { $0.dropped(1) }
        expect(&r, [], "a late drop of the failed one") { $0.dropped(1) }
        #expect(!r.delivers(1) && r.delivers(2))
        expect(&r, []) { $0.subscribed(2, nowMs: 0) }
        expect(&r, [.open(generation: 3)]) { $0.dropped(2) }
        expect(&r, [.open(generation: 4)], "the one opened after a loss failed too") { $0.dropped(3) }
        expect(&r, []) { $0.subscribed(4, nowMs: 5) }
        #expect(r.current?.generation == 4)
    }

    @Test func whatBothConnectionsDeliverIsDeliveredOnce() {
        var o = StreamOverlap(keep: 3)
        var seen: [Bool] = []
        seen.append(o.firstTrade("BTCUSDT", id: 10))
        seen.append(o.firstTrade("BTCUSDT", id: 10))
        seen.append(o.firstTrade("ETHUSDT", id: 10))
        #expect(seen == [true, false, true])
        var klines: [Bool] = []
        klines.append(o.firstClosedKline("BTCUSDT@1m", openMs: 60_000))
        klines.append(o.firstClosedKline("BTCUSDT@1m", openMs: 60_000))
        // Older than the latest delivered: not again.
        klines.append(o.firstClosedKline("BTCUSDT@1m", openMs: 0))
        klines.append(o.firstClosedKline("BTCUSDT@1m", openMs: 120_000))
        #expect(klines == [true, false, false, true])
        // Only the last `keep` trade ids are remembered: 10 is forgotten after three newer ones.
        var later: [Bool] = []
        for id: Int64 in 11...13 { later.append(o.firstTrade("BTCUSDT", id: id)) }
        later.append(o.firstTrade("BTCUSDT", id: 10))
        #expect(later == [true, true, true, true])
    }
}
