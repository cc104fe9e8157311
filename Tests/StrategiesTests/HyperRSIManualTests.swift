import BotCore
@testable import Strategies
import Testing

/// A take-profit and a stop set by hand replace the strategy's own for the position.
struct HyperRSIManualTests {
    func manual(_ h: inout HyperHarness, _ change: ManualChange) -> [Intent] {
        h.s.handle(.manual(change, seq: 1), context: h.context, into: &h.sink)
        return h.settle(price: Price.of("100000"), ts: 1001 * 60_000)
    }

    @Test func aTakeProfitByHandReplacesTheLadderWithOneOrderForTheWholePosition() throws {
        var h = HyperHarness { $0.investment = 500; $0.trailing = false; $0.useSL = true }
        h.step(h.moment("100000", rsi: 29, prev: 31, at: 1000))
        let ladder = h.takeProfits().map(\.id)
        #expect(ladder.count == 3)
        let stop = try #require(h.stops().first)

        // Off the tick: a long's take-profit goes up to the next one.
        let intents = manual(&h, ManualChange(takeProfit: Price.of("105000.04"), by: "user:alice"))
        let cancelled = intents.compactMap { if case .cancel(let id) = $0 { id } else { nil } }
        #expect(Set(cancelled) == Set(ladder), "the ladder goes, the stop stays")
        let tps = h.takeProfits()
        #expect(tps.count == 1 && tps[0].type.limitPrice == Price.of("105000.1") && tps[0].quantity == h.legs.long.quantity)
        #expect(tps[0].side == .sell && tps[0].reduceOnly && tps[0].positionSide == .long)
        #expect(h.stops().map(\.id) == [stop.id])

        // The stop alone: the old one is cancelled, the new one covers the whole position.
        let next = manual(&h, ManualChange(positionSide: .long, stopLoss: Price.of("97000.07"), by: "user:alice"))
        #expect(next.contains(.cancel(stop.id)))
        let stops = h.stops()
        #expect(stops.count == 1 && stops[0].type.triggerPrice == Price.of("97000") && stops[0].quantity == h.legs.long.quantity)
        #expect(h.takeProfits().map(\.id) == tps.map(\.id))

        // The take-profit by hand closes the position and ends the leg like the ladder's last one.
        h.fill(tps[0].id, at: Price.of("105000.1"), ts: 1010 * 60_000)
        #expect(h.legs.long.isFlat && h.working.isEmpty)
    }

    @Test func aChangeForALegWithoutAPositionChangesNothing() {
        var h = HyperHarness { $0.investment = 500 }
        #expect(manual(&h, ManualChange(takeProfit: Price.of("105000"), by: "user:alice")).isEmpty)
        h.step(h.moment("100000", rsi: 29, prev: 31, at: 1000))
        #expect(manual(&h, ManualChange(positionSide: .short, stopLoss: Price.of("101000"), by: "user:alice")).isEmpty)
        #expect(HyperRSIStrategy.takesManualChanges && !RSICross.takesManualChanges)
    }

    @Test func aShortsPricesRoundTheOtherWay() {
        var h = HyperHarness { $0.investment = 500; $0.trailing = false }
        h.step(h.moment("100000", rsi: 71, prev: 69, at: 1000))
        _ = manual(&h, ManualChange(takeProfit: Price.of("95000.07"), stopLoss: Price.of("102000.01"), by: "uid:0"))
        #expect(h.takeProfits(.short).map { $0.type.limitPrice } == [Price.of("95000")])
        #expect(h.stops(.short).map { $0.type.triggerPrice } == [Price.of("102000.1")])
        #expect(h.stops(.short).first?.side == .buy)
    }
}
