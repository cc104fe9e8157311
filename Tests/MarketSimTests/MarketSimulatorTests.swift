import BotCore
import MarketSim
import Testing

let inst = Instrument(id: InstrumentID(venue: "okx", symbol: "ETH-USDT-SWAP"), kind: .perpetual, base: "ETH", quote: "USDT",
                      tickSize: Price.of("0.01"), lotSize: Quantity.of("0.01"), minSize: Quantity.of("0.01"), minNotional: 0,
                      contractValue: Quantity.of("0.1"), makerFee: Ratio.of("0.0002"), takerFee: Ratio.of("0.0005"))

struct MarketSimulatorTests {
    func sim(_ seed: UInt64) -> MarketSimulator {
        MarketSimulator(instrument: inst, seed: seed, start: 1_735_689_600_000, settings: .init(startPrice: Price.of("2500")))
    }

    @Test func sameSeedSameMarket() {
        var a = sim(42), b = sim(42), c = sim(43)
        let x = a.minuteCandles(2000), y = b.minuteCandles(2000), z = c.minuteCandles(2000)
        #expect(x == y)
        #expect(x != z)
    }

    @Test func candlesAreValidVenueData() {
        var s = sim(7)
        let bars = s.minuteCandles(5000)
        #expect(bars.count == 5000)
        for (i, c) in bars.enumerated() {
            #expect(c.ts == 1_735_689_600_000 + Int64(i) * 60_000)
            #expect(c.high >= max(c.open, c.close) && c.low <= min(c.open, c.close))
            #expect(c.low.raw > 0 && c.close.isMultiple(of: inst.tickSize) && c.high.isMultiple(of: inst.tickSize))
            if i > 0 { #expect(c.open == bars[i - 1].close) }
        }
    }

    @Test func switchesRegimesAndMoves() {
        var s = sim(3)
        var seen = Set<Regime>()
        var trades: [Trade] = []
        for _ in 0..<20_000 {
            s.nextMinute(into: &trades)
            seen.insert(s.regime)
        }
        #expect(seen.count == Regime.allCases.count)
        let prices = trades.map(\.price.doubleValue)
        #expect(prices.max()! / prices.min()! > 1.05)  // it trends and bursts, not a flat line
        #expect(zip(trades, trades.dropFirst()).allSatisfy { $0.ts <= $1.ts })
        #expect(trades.allSatisfy { $0.quantity.isMultiple(of: inst.lotSize) && $0.quantity >= inst.minSize })
    }

    @Test func historyEndsAtNowAndTradingContinuesIt() {
        let now: Int64 = 1_735_689_600_000 + 12_345
        var s = MarketSimulator.warmedUp(instrument: inst, seed: 9, now: now, minutes: 600, settings: .init(startPrice: Price.of("2500")))
        let history = s.minuteCandles(600)
        #expect(history.last!.ts == now - now % 60_000 - 60_000)
        var live: [Trade] = []
        s.nextMinute(into: &live)
        #expect(live.allSatisfy { $0.ts > history.last!.ts + 59_999 })
    }
}
