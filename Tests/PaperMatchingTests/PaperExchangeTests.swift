import BotCore
import PaperMatching
import Testing

let spot = Instrument(id: InstrumentID(venue: "binance", symbol: "BTCUSDT"), kind: .spot, base: "BTC", quote: "USDT",
                      tickSize: Price.of("0.01"), lotSize: Quantity.of("0.00001"), minSize: Quantity.of("0.00001"),
                      minNotional: 5, makerFee: Ratio.of("0.001"), takerFee: Ratio.of("0.002"))
let swap = Instrument(id: InstrumentID(venue: "okx", symbol: "BTC-USDT-SWAP"), kind: .perpetual, base: "BTC", quote: "USDT",
                      tickSize: Price.of("0.1"), lotSize: Quantity.of("0.01"), minSize: Quantity.of("0.01"), minNotional: 0,
                      contractValue: Quantity.of("0.01"), makerFee: Ratio.of("0.0002"), takerFee: Ratio.of("0.0005"),
                      maintenanceMarginRate: Ratio.of("0.004"), maxLeverage: 100)

func bar(_ ts: Int64, _ o: String, _ h: String, _ l: String, _ c: String) -> Candle {
    Candle(ts: ts, open: Price.of(o), high: Price.of(h), low: Price.of(l), close: Price.of(c), volume: 1)
}

func order(_ seq: UInt64, _ side: Side, _ type: OrderType, _ qty: String, reduceOnly: Bool = false,
           positionSide: PositionSide = .net) -> OrderRequest {
    OrderRequest(id: ClientOrderID(bot: "t", sequence: seq), side: side, type: type, quantity: Quantity.of(qty),
                 reduceOnly: reduceOnly, positionSide: positionSide)
}

/// Runs a bar's path, collecting every event.
func walk(_ ex: inout PaperExchange, _ c: Candle, onEvent: (OrderEvent, inout PaperExchange, inout [OrderEvent]) -> Void = { _, _, _ in }) -> [OrderEvent] {
    var all: [OrderEvent] = []
    var out: [OrderEvent] = []
    ex.beginBar(c, into: &out)
    repeat {
        let batch = out
        out.removeAll()
        for e in batch {
            all.append(e)
            onEvent(e, &ex, &out)
        }
    } while !out.isEmpty || ex.nextEvent(into: &out)
    ex.endBar(c)
    return all
}

func fills(_ events: [OrderEvent]) -> [Fill] {
    events.compactMap { if case .filled(let f) = $0 { f } else { nil } }
}

struct PaperExchangeTests {
    @Test func closeModelFillsMarketAtTheDecisionClose() {
        var ex = PaperExchange(instrument: spot, config: PaperConfig(fillModel: .close, initialBalance: 1_000_000))
        _ = walk(&ex, bar(0, "100", "110", "90", "105"))
        var out: [OrderEvent] = []
        ex.submit(order(0, .buy, .market, "1"), into: &out)
        let f = fills(out)
        #expect(f.count == 1 && f[0].price == Price.of("105") && f[0].liquidity == .taker)
        #expect(f[0].fee == Money.of("0.21"))  // 105 × 0.2 %
        #expect(ex.net.quantity == 1)
        #expect(ex.balance == Money.of("999999.79"))
    }

    @Test func nextOpenModelWaitsForTheNextBar() {
        var ex = PaperExchange(instrument: spot, config: PaperConfig(fillModel: .nextOpen, initialBalance: 1_000_000))
        _ = walk(&ex, bar(0, "100", "110", "90", "105"))
        var out: [OrderEvent] = []
        ex.submit(order(0, .buy, .market, "1"), into: &out)
        #expect(fills(out).isEmpty)
        let f = fills(walk(&ex, bar(60_000, "107", "108", "101", "102")))
        #expect(f.count == 1 && f[0].price == Price.of("107"))
    }

    @Test(arguments: [
        // Low 1 away from the open, high 10 away: O→L→H→C, the buy fills first.
        (("100", "110", "99", "105"), [Side.buy, .sell]),
        // High 1 away, low 10 away: O→H→L→C, the sell fills first.
        (("100", "101", "90", "95"), [Side.sell, .buy]),
    ])
    func intrabarPathVisitsTheNearerExtremeFirst(ohlc: (String, String, String, String), order expected: [Side]) {
        var ex = PaperExchange(instrument: swap, config: PaperConfig(fillModel: .intrabar, initialBalance: 1_000_000, leverage: 10))
        ex.mark(Price.of("100"), ts: 0)
        var out: [OrderEvent] = []
        ex.submit(order(0, .buy, .limit(Price.of("99.5")), "1"), into: &out)
        ex.submit(order(1, .sell, .limit(Price.of("100.5")), "1"), into: &out)
        let f = fills(walk(&ex, bar(60_000, ohlc.0, ohlc.1, ohlc.2, ohlc.3)))
        #expect(f.map(\.side) == expected)
        #expect(f.allSatisfy { $0.liquidity == .maker })
        #expect(ex.net.isFlat)
    }

    @Test func reduceOnlyWithoutPositionIsRejected() {
        var ex = PaperExchange(instrument: spot, config: PaperConfig(initialBalance: 1_000_000))
        ex.mark(Price.of("100"), ts: 0)
        var out: [OrderEvent] = []
        ex.submit(order(1, .sell, .stopMarket(trigger: Price.of("99.8")), "1", reduceOnly: true), into: &out)
        guard case .rejected(_, let reason)? = out.first else { Issue.record("expected a rejection"); return }
        #expect(reason.hasPrefix("51169"))
    }

    @Test func anOrderPlacedOnAFillOnlyFillsOnTheRestOfThePath() {
        // O→H→L→C: 100 → 102 → 95 → 96. Entry: buy limit 101 fills on the way down (H→L).
        // A take-profit placed on that fill at 101.5 must not fill on the earlier O→H leg.
        var ex = PaperExchange(instrument: spot, config: PaperConfig(fillModel: .intrabar, initialBalance: 1_000_000))
        ex.mark(Price.of("100.5"), ts: 0)
        var out: [OrderEvent] = []
        ex.submit(order(0, .buy, .limit(Price.of("99")), "1"), into: &out)
        var placed = false
        let events = walk(&ex, bar(60_000, "100", "102", "95", "96")) { e, ex, out in
            if case .filled(let f) = e, f.orderID.sequence == 0, !placed {
                placed = true
                ex.submit(order(1, .sell, .limit(Price.of("101.5")), "1", reduceOnly: true), into: &out)
                ex.submit(order(2, .sell, .stopMarket(trigger: Price.of("97")), "1", reduceOnly: true), into: &out)
            }
        }
        let f = fills(events)
        #expect(f.map(\.orderID.sequence) == [0, 2])  // entry at 99, then the stop at 97 on the rest of H→L
        #expect(f.map(\.price) == [Price.of("99"), Price.of("97")])
        #expect(ex.isOpen(ClientOrderID(bot: "t", sequence: 1)) == false || ex.net.isFlat)
    }

    @Test func gapsFillAtTheOpen() {
        var ex = PaperExchange(instrument: spot, config: PaperConfig(initialBalance: 1_000_000))
        ex.mark(Price.of("100"), ts: 0)
        var out: [OrderEvent] = []
        ex.submit(order(0, .buy, .stopMarket(trigger: Price.of("101")), "1"), into: &out)
        let f = fills(walk(&ex, bar(60_000, "103", "104", "102", "103")))
        #expect(f.count == 1 && f.first?.price == Price.of("103"))  // opened above the trigger
        // A resting limit that the open gaps through fills at the (better) open.
        var out2: [OrderEvent] = []
        ex.submit(order(1, .sell, .limit(Price.of("104")), "1"), into: &out2)
        let g = fills(walk(&ex, bar(120_000, "106", "107", "105", "106")))
        #expect(g.first?.price == Price.of("106") && g.first?.liquidity == .maker)
    }

    @Test func spotCannotSellWhatItDoesNotHoldOrBuyBeyondCash() {
        var ex = PaperExchange(instrument: spot, config: PaperConfig(initialBalance: 100))
        ex.mark(Price.of("100"), ts: 0)
        var out: [OrderEvent] = []
        ex.submit(order(0, .sell, .market, "0.5"), into: &out)
        ex.submit(order(1, .buy, .market, "2"), into: &out)
        let reasons = out.compactMap { if case .rejected(_, let r) = $0 { r } else { nil } }
        #expect(reasons.count == 2 && reasons.allSatisfy { $0.hasPrefix("51008") })
    }

    @Test func hedgeLegsAreSeparate() {
        var ex = PaperExchange(instrument: swap, config: PaperConfig(initialBalance: 100_000, leverage: 10))
        ex.mark(Price.of("100000"), ts: 0)
        var out: [OrderEvent] = []
        ex.submit(order(0, .buy, .market, "1", positionSide: .long), into: &out)
        ex.submit(order(1, .sell, .market, "2", positionSide: .short), into: &out)
        #expect(ex.long.quantity == 1 && ex.short.quantity == Quantity.of("-2"))
        #expect(ex.long.isolatedMargin == Money.of("100"))   // 1,000 USDT notional / 10
        #expect(ex.short.isolatedMargin == Money.of("200"))
        ex.submit(order(2, .sell, .market, "1", reduceOnly: true, positionSide: .long), into: &out)
        #expect(ex.long.isFlat && ex.long.isolatedMargin == 0 && ex.short.quantity == Quantity.of("-2"))
    }

    @Test func isolatedLongIsLiquidatedAtItsPrice() {
        var ex = PaperExchange(instrument: swap, config: PaperConfig(initialBalance: 10_000, leverage: 10))
        ex.mark(Price.of("100000"), ts: 0)
        var out: [OrderEvent] = []
        ex.submit(order(0, .buy, .market, "10"), into: &out)  // 0.1 BTC, margin 1,000
        let liq = ex.net.liquidationPrice(swap)!
        #expect(liq == Price.of("90361.5"))
        let events = walk(&ex, bar(60_000, "99000", "99500", "89000", "89500"))
        let l = events.compactMap { if case .liquidated(let f) = $0 { f } else { nil } }
        #expect(l.count == 1 && l[0].price == liq)
        #expect(ex.net.isFlat)
        // 10,000 − entry fee 5 − loss (100,000 − 90,361.5) × 0.1 − exit fee 9,036.15 × 0.05 %.
        #expect(ex.balance == Money.of("9026.631925"))
    }

    @Test func fundingIsChargedAtEachInterval() {
        var ex = PaperExchange(instrument: swap, config: PaperConfig(initialBalance: 200_000, leverage: 1,
                                                                     fundingRate: Ratio.of("0.001")))
        let h = Int64(3_600_000)
        _ = walk(&ex, bar(7 * h, "100000", "100000", "100000", "100000"))
        var out: [OrderEvent] = []
        ex.submit(order(0, .buy, .market, "100"), into: &out)  // 1 BTC long
        let before = ex.balance
        _ = walk(&ex, bar(7 * h + 1800_000, "100000", "100000", "100000", "100000"))
        #expect(ex.balance == before)                         // same funding slot
        _ = walk(&ex, bar(8 * h, "100000", "100000", "100000", "100000"))
        #expect(ex.balance == before - Money.of("100"))       // 100,000 × 0.1 %
        let charged = ex.drainFunding().map(\.1)
        #expect(charged == [Money.of("100")])
        #expect(ex.net.fundingPaid == Money.of("100"))
    }

    @Test func cancelAmendAndDuplicates() {
        var ex = PaperExchange(instrument: spot, config: PaperConfig(initialBalance: 1_000_000))
        ex.mark(Price.of("100"), ts: 0)
        var out: [OrderEvent] = []
        ex.submit(order(0, .buy, .limit(Price.of("90")), "1"), into: &out)
        ex.submit(order(0, .buy, .limit(Price.of("90")), "1"), into: &out)
        #expect(out.last == .rejected(ClientOrderID(bot: "t", sequence: 0), reason: "51016 duplicate clOrdId"))
        out.removeAll()
        ex.amend(ClientOrderID(bot: "t", sequence: 0), price: Price.of("95"), quantity: nil, into: &out)
        let f = fills(walk(&ex, bar(60_000, "100", "100", "94", "96")))
        #expect(f.first?.price == Price.of("95") && f.first?.fee == Money.of("0.095"))  // maker 0.1 %
        out.removeAll()
        ex.cancel(ClientOrderID(bot: "t", sequence: 0), into: &out)
        guard case .rejected? = out.first else { Issue.record("cancel of a filled order must be rejected"); return }
    }
}
