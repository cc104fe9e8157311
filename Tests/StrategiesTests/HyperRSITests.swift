import BotCore
import Indicators
@testable import Strategies
import TOML
import Testing

let okxBTC = Instrument(id: InstrumentID(venue: "okx", symbol: "BTC-USDT-SWAP"), kind: .perpetual, base: "BTC", quote: "USDT",
                        tickSize: Price.of("0.1"), lotSize: Quantity.of("0.01"), minSize: Quantity.of("0.01"),
                        minNotional: 0, contractValue: Quantity.of("0.01"), makerFee: Ratio.of("0.0002"),
                        takerFee: Ratio.of("0.0005"))

/// Drives HYPERRSI's decisions directly: a moment (price, RSI now and at the last close,
/// trend), the intents it produces, and fills fed back as the venue would send them.
struct HyperHarness {
    var s: HyperRSIStrategy
    var sink = IntentSink(bot: "h")
    var legs = Legs()
    /// Orders working, by id.
    var open: [ClientOrderID: OrderRequest] = [:]
    var log: [Intent] = []
    /// Market orders fill at once unless a test wants to answer them itself.
    var autoFill = true
    static let fiveMinutes: Int64 = 300_000

    init(_ configure: (inout HyperRSIStrategy.Params) -> Void = { _ in }) {
        var p = HyperRSIStrategy.Params()
        configure(&p)
        s = HyperRSIStrategy(params: p, setup: StrategySetup(instrument: okxBTC, timeframe: Timeframe("5m")!))
        s.state.bars = 100   // warmed up
    }

    var context: StrategyContext { StrategyContext(time: 0, instrument: okxBTC, legs: legs, openOrders: open.count) }

    func moment(_ price: String, rsi: Double, prev: Double, trend: Int = 0, at minutes: Int64, high: String? = nil,
                low: String? = nil) -> HyperRSIStrategy.Moment {
        let now = minutes * 60_000
        let p = Price.of(price)
        return .init(price: p, high: high.map(Price.of) ?? p, low: low.map(Price.of) ?? p,
                     barOpen: now / Self.fiveMinutes * Self.fiveMinutes, now: now, rsi: rsi, previousRSI: prev, trend: trend,
                     atr: 100)
    }

    /// Decides at `m`; market orders fill at its price. Returns the intents of this step.
    @discardableResult
    mutating func step(_ m: HyperRSIStrategy.Moment) -> [Intent] {
        s.decide(m, context, &sink)
        return settle(price: m.price, ts: m.now)
    }

    mutating func settle(price: Price, ts: Int64) -> [Intent] {
        var intents: [Intent] = []
        sink.drain { intents.append($0) }
        log += intents
        for i in intents {
            switch i {
            case .place(let r):
                open[r.id] = r
                if autoFill, case .market = r.type { fill(r.id, at: price, ts: ts) }
            case .close(let id, let side):
                let q = legs[side].quantity
                let r = OrderRequest(id: id, side: q.raw > 0 ? .sell : .buy, type: .market, quantity: q.magnitude,
                                     reduceOnly: true, positionSide: side)
                open[id] = r
                fill(id, at: price, ts: ts)
            case .cancel(let id):
                open[id] = nil
            default:
                break
            }
        }
        return intents
    }

    /// The venue fills a working order at `price`; the strategy hears of it.
    mutating func fill(_ id: ClientOrderID, at price: Price, ts: Int64) {
        guard let r = open.removeValue(forKey: id) else { Issue.record("no working order \(id)"); return }
        let f = Fill(orderID: id, ts: ts, side: r.side, positionSide: r.positionSide, price: price, quantity: r.quantity, fee: 0,
                     liquidity: .taker)
        legs[r.positionSide].apply(f, instrument: okxBTC)
        s.handle(.order(.filled(f)), context: context, into: &sink)
        _ = settle(price: price, ts: ts)
    }

    var working: [OrderRequest] { open.values.sorted { $0.id.sequence < $1.id.sequence } }
    func takeProfits(_ side: PositionSide = .long) -> [OrderRequest] {
        working.filter { $0.positionSide == side && $0.reduceOnly && $0.type.limitPrice != nil }
    }
    func stops(_ side: PositionSide = .long) -> [OrderRequest] {
        working.filter { $0.positionSide == side && $0.type.triggerPrice != nil }
    }
}

extension Intent {
    var isEntry: Bool { if case .place(let r) = self, !r.reduceOnly, case .market = r.type { true } else { false } }
    var isClose: Bool { if case .close = self { true } else { false } }
}

struct HyperRSITests {
    @Test func eachEntryOptionReadsRSIAsTheSeedDoes() {
        typealias S = HyperRSIStrategy
        // (option, side, prev, cur, signals?)
        let cases: [(S.EntryOption, PositionSide, Double, Double, Bool)] = [
            (.breakout, .long, 31, 30, true), (.breakout, .long, 31, 30.5, false), (.breakout, .long, 29, 28, false),
            (.breakout, .short, 69, 70, true), (.breakout, .short, 71, 72, false),
            (.reversal, .long, 25, 27, true), (.reversal, .long, 35, 29, false), (.reversal, .long, 29, 31, true),
            (.reversal, .long, 29, 28, false), (.reversal, .short, 75, 73, true), (.reversal, .short, 65, 71, false),
            (.reversalBreakout, .long, 29, 30, true), (.reversalBreakout, .long, 29, 29.5, false),
            (.reversalBreakout, .short, 71, 70, true), (.reversalBreakout, .short, 71, 70.5, false),
            (.beyond, .long, 50, 29.9, true), (.beyond, .long, 20, 30, false), (.beyond, .short, 50, 70.1, true),
        ]
        for (option, side, prev, cur, expected) in cases {
            let h = HyperHarness { $0.entryOption = option }
            let m = h.moment("100000", rsi: cur, prev: prev, at: 1000)
            #expect(h.s.signal(side, m) == expected, "\(option) \(side) prev=\(prev) cur=\(cur)")
        }
    }

    @Test func theTrendGateBlocksALongOnlyAtMinusTwoAndAShortOnlyAtTwo() {
        for (trend, longOK, shortOK) in [(-2, false, true), (0, true, true), (2, true, false)] {
            var h = HyperHarness()
            let long = h.step(h.moment("100000", rsi: 29, prev: 31, trend: trend, at: 1000))
            #expect(long.contains { $0.isEntry } == longOK, "long at trend \(trend)")
            var g = HyperHarness()
            let short = g.step(g.moment("100000", rsi: 71, prev: 69, trend: trend, at: 1000))
            #expect(short.contains { $0.isEntry } == shortOK, "short at trend \(trend)")
        }
        var off = HyperHarness { $0.useTrendLogic = false }
        #expect(off.step(off.moment("100000", rsi: 29, prev: 31, trend: -2, at: 1000)).contains { $0.isEntry })
        var onlyShort = HyperHarness { $0.direction = .short }
        #expect(!onlyShort.step(onlyShort.moment("100000", rsi: 29, prev: 31, at: 1000)).contains { $0.isEntry })
    }

    @Test func sizeIsInvestmentTimesLeverageOverContractValueRoundedDownToTheLot() throws {
        var h = HyperHarness()
        h.step(h.moment("97531.7", rsi: 29, prev: 31, at: 1000))
        // 20 × 10 / (0.01 × 97531.7) = 0.2050… contracts → 0.20.
        #expect(h.legs.long.quantity == Quantity.of("0.2"))
        let big = HyperHarness { $0.investment = 1000 }
        #expect(big.s.size(entries: 0, price: Price.of("97531.7")) == Quantity.of("10.25"))
        // Never below the venue's minimum.
        let tiny = HyperHarness { $0.investment = 20; $0.leverage = 10 }
        #expect(tiny.s.size(entries: 0, price: Price.of("50000000")) == okxBTC.minSize)
    }

    @Test func takeProfitLadderAtTwoThreeFourPercentLeavesTheRestToTheTrail() throws {
        var h = HyperHarness { $0.investment = 500 }   // 5 contracts at 100,000
        h.step(h.moment("100000", rsi: 29, prev: 31, at: 1000))
        #expect(h.legs.long.quantity == 5)
        let tps = h.takeProfits()
        // Trailing starts at TP3 by default: TP1 and TP2 are orders, TP3's price arms the trail.
        #expect(tps.map { $0.type.limitPrice! } == [Price.of("102000"), Price.of("103000")])
        #expect(tps.map(\.quantity) == [Quantity.of("1.5"), Quantity.of("1.5")])
        #expect(tps.allSatisfy { $0.side == .sell && $0.positionSide == .long })
        #expect(h.s.state.long.takeProfitPrices[2] == Price.of("104000"))
        #expect(h.stops().isEmpty, "no stop-loss by default")

        var plain = HyperHarness { $0.investment = 500; $0.trailing = false }
        plain.step(plain.moment("100000", rsi: 29, prev: 31, at: 1000))
        let all = plain.takeProfits()
        #expect(all.map { $0.type.limitPrice! } == [Price.of("102000"), Price.of("103000"), Price.of("104000")])
        #expect(all.map(\.quantity) == [Quantity.of("1.5"), Quantity.of("1.5"), Quantity.of("2")])
        #expect(all.reduce(Quantity.zero) { $0 + $1.quantity } == plain.legs.long.quantity, "the last takes the remainder")

        // A short's ladder goes down.
        var short = HyperHarness { $0.investment = 500; $0.trailing = false }
        short.step(short.moment("100000", rsi: 71, prev: 69, at: 1000))
        #expect(short.takeProfits(.short).map { $0.type.limitPrice! } == [Price.of("98000"), Price.of("97000"), Price.of("96000")])
    }

    @Test func breakEvenMovesTheStopUpTheLadder() throws {
        var h = HyperHarness { $0.investment = 500; $0.trailing = false }
        h.step(h.moment("100000", rsi: 29, prev: 31, at: 1000))
        let tps = h.takeProfits()
        h.fill(tps[0].id, at: Price.of("102000"), ts: 1010 * 60_000)
        var stops = h.stops()
        #expect(stops.count == 1 && stops[0].type.triggerPrice == Price.of("100000") && stops[0].quantity == Quantity.of("3.5"))
        h.fill(tps[1].id, at: Price.of("103000"), ts: 1020 * 60_000)
        stops = h.stops()
        #expect(stops.count == 1 && stops[0].type.triggerPrice == Price.of("102000") && stops[0].quantity == 2)
        // TP3 closes the rest: nothing is left working.
        h.fill(tps[2].id, at: Price.of("104000"), ts: 1030 * 60_000)
        #expect(h.legs.long.isFlat && h.working.isEmpty)

        // When the break-even stop itself fills, the strategy cancels what is left, not the stop.
        var g = HyperHarness { $0.investment = 500; $0.trailing = false }
        g.step(g.moment("100000", rsi: 29, prev: 31, at: 1000))
        g.fill(g.takeProfits()[0].id, at: Price.of("102000"), ts: 1010 * 60_000)
        let stop = try #require(g.stops().first)
        let before = g.log.count
        g.fill(stop.id, at: Price.of("100000"), ts: 1020 * 60_000)
        let cancels = g.log.dropFirst(before).compactMap { if case .cancel(let id) = $0 { id } else { nil } }
        #expect(g.legs.long.isFlat && !cancels.contains(stop.id) && cancels.count == 2 && g.working.isEmpty)
    }

    @Test func theTrailingStopArmsAtTheStartPointAndClosesOnTheOffset() throws {
        var h = HyperHarness { $0.investment = 500 }
        h.step(h.moment("100000", rsi: 29, prev: 31, at: 1000))
        let tps = h.takeProfits()
        h.fill(tps[0].id, at: Price.of("102000"), ts: 1010 * 60_000)
        h.fill(tps[1].id, at: Price.of("103000"), ts: 1020 * 60_000)
        #expect(h.legs.long.quantity == 2)
        // Not armed below TP3 (104,000); armed on touching it.
        h.step(h.moment("103900", rsi: 60, prev: 60, at: 1030))
        #expect(!h.s.state.long.trailArmed)
        h.step(h.moment("104000", rsi: 60, prev: 60, at: 1035, high: "104100"))
        #expect(h.s.state.long.trailArmed)
        // New high 106,000: the stop follows 0.5 % under it (105,470); 105,500 holds.
        #expect(!h.step(h.moment("105900", rsi: 60, prev: 60, at: 1040, high: "106000")).contains { $0.isClose })
        #expect(!h.step(h.moment("105500", rsi: 60, prev: 60, at: 1045)).contains { $0.isClose })
        let out = h.step(h.moment("105460", rsi: 60, prev: 60, at: 1050))
        #expect(out.contains { $0.isClose })
        #expect(h.legs.long.isFlat && h.working.isEmpty)
    }

    @Test func dcaAddsThreePercentBelowTheAverageUpToThePyramidingLimit() throws {
        var h = HyperHarness { $0.investment = 500; $0.entryMultiplier = 2; $0.useSL = true }
        h.step(h.moment("100000", rsi: 29, prev: 31, at: 1000))
        #expect(h.s.state.long.entries == 1)
        // Not 3 % below yet, or no RSI signal: no add.
        #expect(!h.step(h.moment("97100", rsi: 29, prev: 31, at: 1010)).contains { $0.isEntry })
        #expect(!h.step(h.moment("96900", rsi: 45, prev: 50, at: 1015)).contains { $0.isEntry })
        // 3 % below the average, with the signal, after the cooldown: add 500 × 2 margin.
        #expect(h.step(h.moment("96900", rsi: 29, prev: 31, at: 1020)).contains { $0.isEntry })
        #expect(h.s.state.long.entries == 2)
        #expect(h.legs.long.quantity == Quantity.of("5") + Quantity.of("10.31"))   // 10,000 / (0.01 × 96,900)
        // The ladder and the stop were rebuilt from the new average, for the whole size.
        let avg = try #require(h.legs.long.averageEntry(okxBTC))
        let tps = h.takeProfits()
        #expect(tps.first?.type.limitPrice == Price((avg.doubleValue * 1.02), rounding: .halfEven)!.rounded(toMultipleOf: okxBTC.tickSize, .up))
        #expect(h.stops().count == 1 && h.stops()[0].quantity == h.legs.long.quantity, "the stop is re-placed after a DCA")
        // Two more adds, then the limit (4 entries in all) holds however far the price falls.
        var price = 96900.0, minute: Int64 = 1030
        for _ in 0..<5 {
            price *= 0.96
            minute += 10
            h.step(h.moment(String(format: "%.1f", price), rsi: 29, prev: 31, at: minute))
        }
        #expect(h.s.state.long.entries == 4)
        #expect(h.log.filter { $0.isEntry }.count == 4)
    }

    @Test func cooldownAndTheCandleLockSpaceEntriesOut() throws {
        var h = HyperHarness()
        h.step(h.moment("100000", rsi: 29, prev: 31, at: 1000))
        // The same candle: no entry on the other side either (the lock covers both).
        #expect(!h.step(h.moment("100000", rsi: 71, prev: 69, at: 1002)).contains { $0.isEntry })
        // Next candle, short side free of cooldown: it may enter.
        #expect(h.step(h.moment("100000", rsi: 71, prev: 69, at: 1006)).contains { $0.isEntry })
        // The long side's DCA waits for its 300 s cooldown from the entry (minute 1000).
        var g = HyperHarness()
        g.step(g.moment("100000", rsi: 29, prev: 31, at: 1000))
        #expect(!g.step(g.moment("96000", rsi: 29, prev: 31, at: 1004)).contains { $0.isEntry })
        #expect(g.step(g.moment("96000", rsi: 29, prev: 31, at: 1006)).contains { $0.isEntry })
        // After an exit the side waits its cooldown again.
        var e = HyperHarness { $0.investment = 500; $0.trailing = false; $0.useTP = [false, false, true]; $0.tpRatios = [0, 0, 100] }
        e.step(e.moment("100000", rsi: 29, prev: 31, at: 1000))
        e.fill(e.takeProfits()[0].id, at: Price.of("104000"), ts: 1010 * 60_000)
        #expect(e.legs.long.isFlat)
        #expect(!e.step(e.moment("100000", rsi: 29, prev: 31, at: 1012)).contains { $0.isEntry })
        #expect(e.step(e.moment("100000", rsi: 29, prev: 31, at: 1016)).contains { $0.isEntry })
    }

    @Test func trendCloseExitsAndCancelsTheLadder() throws {
        var h = HyperHarness { $0.investment = 500 }
        h.step(h.moment("100000", rsi: 29, prev: 31, at: 1000))
        #expect(!h.takeProfits().isEmpty)
        let out = h.step(h.moment("99000", rsi: 40, prev: 40, trend: -2, at: 1010))
        #expect(out.contains { $0.isClose })
        #expect(h.legs.long.isFlat && h.working.isEmpty)
        var off = HyperHarness { $0.investment = 500; $0.useTrendClose = false }
        off.step(off.moment("100000", rsi: 29, prev: 31, at: 1000))
        #expect(!off.step(off.moment("99000", rsi: 40, prev: 40, trend: -2, at: 1010)).contains { $0.isClose })
    }

    @Test func theHedgeOpensAfterTheThirdEntryWithItsOwnStopAndTakeProfit() throws {
        var h = HyperHarness { $0.investment = 500; $0.hedge = true; $0.useTrendLogic = false }
        h.step(h.moment("100000", rsi: 29, prev: 31, at: 1000))
        h.step(h.moment("96900", rsi: 29, prev: 31, at: 1010))
        #expect(h.legs.short.isFlat, "two entries: no hedge yet")
        h.step(h.moment("93900", rsi: 29, prev: 31, at: 1020))
        #expect(h.s.state.long.entries == 3)
        // 30 % of the long, opened short, with a 5 % stop above its entry and no take-profit
        // until the long's last DCA.
        let longQty = h.legs.long.quantity
        let expected = Quantity(longQty.doubleValue * 0.3, rounding: .towardZero)!.rounded(toMultipleOf: okxBTC.lotSize, .towardZero)
        #expect(h.legs.short.quantity == -expected)
        #expect(h.s.state.short.isHedge)
        #expect(h.stops(.short).map { $0.type.triggerPrice } == [Price.of("98595")])
        #expect(h.takeProfits(.short).isEmpty)
        // No ladder, DCA or trailing for the hedge; an RSI short signal does not add to it.
        #expect(!h.step(h.moment("93900", rsi: 71, prev: 69, at: 1030)).contains { $0.isEntry })
        // The long's fourth (last) entry gives the hedge its take-profit at that price.
        h.step(h.moment("90900", rsi: 29, prev: 31, at: 1040))
        #expect(h.s.state.long.entries == 4)
        let tp = h.takeProfits(.short)
        #expect(tp.count == 1 && tp[0].type.limitPrice == Price.of("90900") && tp[0].quantity == expected)
        // One hedge per position.
        #expect(h.log.filter { if case .place(let r) = $0 { r.positionSide == .short && !r.reduceOnly } else { false } }.count == 1)
        // The trend closes the long; the hedge stays (dual_side_trend_close is off).
        h.step(h.moment("91000", rsi: 40, prev: 40, trend: -2, at: 1050))
        #expect(h.legs.long.isFlat && !h.legs.short.isFlat)
    }

    @Test func entriesStopAfterTheFailureLimit() throws {
        var h = HyperHarness()
        h.autoFill = false
        for k in 0..<5 {
            let out = h.step(h.moment("100000", rsi: 29, prev: 31, at: 1000 + Int64(k) * 10))
            guard case .place(let r)? = out.first(where: { $0.isEntry }) else { Issue.record("entry \(k)"); return }
            h.open[r.id] = nil
            h.s.handle(.order(.rejected(r.id, reason: "51008 insufficient balance")), context: h.context, into: &h.sink)
        }
        #expect(h.s.state.failures == 5)
        #expect(!h.step(h.moment("100000", rsi: 29, prev: 31, at: 2000)).contains { $0.isEntry })
        // A risk denial counts the same.
        var g = HyperHarness { $0.entryFailLimit = 1 }
        g.autoFill = false
        guard case .place(let r)? = g.step(g.moment("100000", rsi: 29, prev: 31, at: 1000)).first else { Issue.record("entry"); return }
        g.s.handle(.riskRejected(r.id, RiskDenial(.maxPositionExceeded, "")), context: g.context, into: &g.sink)
        #expect(!g.step(g.moment("100000", rsi: 29, prev: 31, at: 1010)).contains { $0.isEntry })
        // Orders turned away while history replays or the bot is paused were never tried.
        var w = HyperHarness { $0.entryFailLimit = 1 }
        w.autoFill = false
        for (k, code) in [RiskDenial.Code.warmingUp, .botNotRunning].enumerated() {
            guard case .place(let r)? = w.step(w.moment("100000", rsi: 29, prev: 31, at: 1000 + Int64(k) * 10)).first else {
                Issue.record("entry"); return
            }
            w.open[r.id] = nil
            w.s.handle(.riskRejected(r.id, RiskDenial(code, "")), context: w.context, into: &w.sink)
        }
        #expect(w.s.state.failures == 0)
        #expect(w.step(w.moment("100000", rsi: 29, prev: 31, at: 1030)).contains { $0.isEntry })
    }

    @Test func badParametersNameTheKey() throws {
        func issues(_ toml: String) throws -> [String] {
            let d = Diagnostics()
            _ = HyperRSIStrategy.parameters(ConfigReader(file: "bots/h.toml", table: try TOMLParser.parse(toml), prefix: "params",
                                                         diagnostics: d))
            return d.issues.map(\.description)
        }
        #expect(try issues("leverage = 200").contains { $0.contains("params.leverage") })
        #expect(try issues("pyramiding_limit = 0").contains { $0.contains("params.pyramiding_limit") })
        #expect(try issues("entry_option = \"sideways\"").contains { $0.contains("params.entry_option") && $0.contains("breakout") })
        #expect(try issues("tp1_ratio = 80\ntp2_ratio = 30").contains { $0.contains("params.tp1_ratio") })
        #expect(try issues("investment = \"5\"").contains { $0.contains("params.investment") && $0.contains("200") })
        #expect(try issues("lverage = 10").contains { $0.contains("params.lverage") })
        // The seed's own spellings and per-coin margins are accepted.
        let d = Diagnostics()
        let p = try #require(HyperRSIStrategy.parameters(ConfigReader(file: "bots/h.toml", table: try TOMLParser.parse("""
            btc_investment = "50"
            use_check_DCA_with_price = false
            trailing_stop_type = "TP2-TP3 차이 기준"
            pyramiding_type = "0"
            """), prefix: "params", diagnostics: d)))
        #expect(!p.dcaCheckPrice && p.trailingOffsetFromTPs && p.investmentByBase["btc"] == 50)
        #expect(d.issues.count == 1 && d.issues[0].description.contains("params.pyramiding_type") && !d.hasErrors)
        let s = HyperRSIStrategy(params: p, setup: StrategySetup(instrument: okxBTC, timeframe: Timeframe("5m")!))
        #expect(s.size(entries: 0, price: Price.of("100000")) == Quantity.of("0.5"), "50 × 10 / (0.01 × 100,000)")
        // The seed's Korean values are accepted.
        #expect(try issues("entry_option = \"변곡돌파\"\ndirection = \"롱\"\ntp_option = \"금액 기준\"\nentry_criterion = \"마지막 진입\"").isEmpty)
    }
}

struct HyperRSIRoundingTests {
    @Test func signalsReadRSIRoundedToThreeDecimalsAsTheSeedStoresIt() {
        #expect(HyperRSIStrategy.stored(30.0004) == 30.0)
        #expect(HyperRSIStrategy.stored(29.99951) == 30.0)
        #expect(HyperRSIStrategy.stored(70.12345) == 70.123)
        // 30.0004 rounds to 30.000, which is ≤ 30: the seed's breakout fires; unrounded it would not.
        let h = HyperHarness()
        let m = h.moment("100000", rsi: HyperRSIStrategy.stored(30.0004), prev: 31, at: 1000)
        #expect(h.s.signal(.long, m))
    }
}
