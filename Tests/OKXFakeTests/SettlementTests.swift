import BotCore
import OKXFake
import Testing

/// What OKX does to positions by itself: funding settlements (billed, listed in the funding
/// rate history) and liquidations (an order of OKX's own at the bankruptcy price).
struct SettlementTests {
    static let t0: Int64 = 1_700_000_000_000 - 1_700_000_000_000 % 3_600_000
    static let hour: Int64 = 3_600_000

    func cash(_ c: SignedClient) async throws -> Money {
        let usdt = try #require(try await c.usdt())
        return try #require(Money(usdt.s("cashBal")))
    }

    /// account/bills allows 10 requests per 2 s and these tests' clocks stand still: each
    /// read starts a fresh window.
    func bills(_ c: SignedClient, _ query: String = "") async throws -> [JSON] {
        c.fake.resetRateLimits()
        return try await c.get("/api/v5/account/bills" + (query.isEmpty ? "" : "?" + query)).data
    }

    @Test func fundingChargesLongsAndPaysShortsAtTheMark() async throws {
        let clock = FakeClock(startMs: Self.t0, rate: 0)
        try await withFake(accounts: [TestAccounts.hedge, TestAccounts.demo], clock: clock) { fake, urls async throws in
            try fake.setPrice("BTC-USDT-SWAP", Price.of("30000"))
            let h = SignedClient(fake, urls, TestAccounts.hedge), n = SignedClient(fake, urls, TestAccounts.demo)
            _ = try await h.place([("side", "buy"), ("posSide", "long"), ("ordType", "market"), ("sz", "2")])
            _ = try await h.place([("side", "sell"), ("posSide", "short"), ("ordType", "market"), ("sz", "1")])
            _ = try await n.place([("side", "buy"), ("ordType", "market"), ("sz", "1")])
            try fake.setPrice("BTC-USDT-SWAP", Price.of("30010"))
            let hedgeBefore = try await cash(h), netBefore = try await cash(n)

            try fake.settleFunding("BTC-USDT-SWAP", rate: Ratio.of("0.000125"))
            // Newest first: the short's bill was written after the long's.
            let list = try await bills(h)
            #expect(list.map { $0.s("subType") } == ["174", "173"])
            let long = try #require(list.last), short = try #require(list.first)
            #expect(long.s("balChg") == "-0.075025")  // 30010 × 2 × 0.01 × 0.000125
            #expect(short.s("balChg") == "0.0375125")
            for (bill, sz) in [(long, "2"), (short, "1")] {
                #expect(bill.s("type") == "8")
                #expect(bill.s("sz") == sz)
                #expect(bill.s("px") == "30010")
                #expect(bill.s("ts") == String(Self.t0))
                #expect(bill.s("instId") == "BTC-USDT-SWAP")
                #expect(bill.s("instType") == "SWAP")
                #expect(bill.s("mgnMode") == "isolated")
                #expect(bill.s("ccy") == "USDT")
                #expect(bill.s("pnl") == "0")
                #expect(bill.s("fee") == "0")
                #expect(bill.s("ordId").isEmpty)
                #expect(bill.s("tradeId").isEmpty)
                #expect(bill.s("execType").isEmpty)
                #expect(bill.s("fillTime").isEmpty)
                #expect(!bill.s("billId").isEmpty)
            }
            let hedgeAfter = try await cash(h)
            #expect(hedgeAfter - hedgeBefore == Money.of("-0.0375125"))
            #expect(long.s("bal") == (hedgeBefore + Money.of("-0.075025")).description)
            #expect(short.s("bal") == hedgeAfter.description)
            let legs = Dictionary(uniqueKeysWithValues: try await h.positions().map { ($0.s("posSide"), $0) })
            #expect(legs["long"]?.s("fundingFee") == "-0.075025")
            #expect(legs["short"]?.s("fundingFee") == "0.0375125")
            // The net-mode account's long pays too.
            #expect(try await bills(n).map { $0.s("balChg") } == ["-0.0375125"])
            #expect(try await cash(n) - netBefore == Money.of("-0.0375125"))

            // A negative rate runs the other way; a zero rate bills nothing.
            clock.advance(by: 8 * Self.hour)
            try fake.settleFunding("BTC-USDT-SWAP", rate: Ratio.of("-0.0001"))
            let second = try await bills(h).prefix(2)
            #expect(second.map { "\($0.s("subType")) \($0.s("balChg"))" } == ["173 -0.03001", "174 0.06002"])
            #expect(try await cash(h) - hedgeAfter == Money.of("0.03001"))
            clock.advance(by: 8 * Self.hour)
            try fake.settleFunding("BTC-USDT-SWAP", rate: .zero)
            #expect(try await bills(h).count == 4)
            #expect(fake.counters.fundingBills == 6)

            #expect(throws: FakeError.self) { try fake.settleFunding("ETH-USDT-SWAP", rate: Ratio.of("0.0001")) }  // no price
            #expect(throws: FakeError.self) { try fake.settleFunding("XRP-USDT-SWAP", rate: Ratio.of("0.0001")) }
        }
    }

    @Test func fundingRateHistoryIsNewestFirstWithTimeCursors() async throws {
        let clock = FakeClock(startMs: Self.t0, rate: 0)
        try await withFake(clock: clock) { fake, urls async throws in
            try fake.setPrice("BTC-USDT-SWAP", Price.of("30000"))
            for rate in ["0.0001", "-0.0002", "0.00015"] {
                try fake.settleFunding("BTC-USDT-SWAP", rate: Ratio.of(rate))
                clock.advance(by: 8 * Self.hour)
            }
            let c = SignedClient(fake, urls, TestAccounts.demo)
            let t = [Self.t0 + 16 * Self.hour, Self.t0 + 8 * Self.hour, Self.t0].map { String($0) }
            func times(_ q: String) async throws -> [String] {
                try await c.getPublic("/api/v5/public/funding-rate-history?instId=BTC-USDT-SWAP" + q).data.map { $0.s("fundingTime") }
            }
            let all = try await c.getPublic("/api/v5/public/funding-rate-history?instId=BTC-USDT-SWAP").data
            #expect(all.map { $0.s("fundingTime") } == t)
            #expect(all.map { $0.s("fundingRate") } == ["0.00015", "-0.0002", "0.0001"])
            #expect(all.map { $0.s("realizedRate") } == ["0.00015", "-0.0002", "0.0001"])
            let first = try #require(all.first)
            #expect(first.s("instType") == "SWAP")
            #expect(first.s("instId") == "BTC-USDT-SWAP")
            #expect(first.s("formulaType") == "noRate")
            #expect(first.s("method") == "current_period")
            #expect(try await times("&after=\(t[0])") == [t[1], t[2]])
            #expect(try await times("&before=\(t[2])") == [t[0], t[1]])
            #expect(try await times("&after=\(t[0])&before=\(t[2])") == [t[1]])
            #expect(try await times("&limit=1") == [t[0]])
            #expect(try await times("&after=\(t[1])&limit=1") == [t[2]])

            // Settling again at a time already settled replaces that rate.
            clock.set(Self.t0 + 16 * Self.hour)
            try fake.settleFunding("BTC-USDT-SWAP", rate: Ratio.of("0.0003"))
            let again = try await c.getPublic("/api/v5/public/funding-rate-history?instId=BTC-USDT-SWAP").data
            #expect(again.map { $0.s("fundingRate") } == ["0.0003", "-0.0002", "0.0001"])

            #expect(try await c.getPublic("/api/v5/public/funding-rate-history?instId=ETH-USDT-SWAP").data.isEmpty)
            #expect(try await c.getPublic("/api/v5/public/funding-rate-history").code == "50014")
            #expect(try await c.getPublic("/api/v5/public/funding-rate-history?instId=XRP-USDT-SWAP").code == "51001")
            #expect(try await c.getPublic("/api/v5/public/funding-rate-history?instId=BTC-USDT-SWAP&after=x").code == "51000")
        }
    }

    @Test func billsFilterByTypeInstrumentIdsAndTime() async throws {
        let clock = FakeClock(startMs: Self.t0, rate: 0)
        try await withFake(clock: clock) { fake, urls async throws in
            try fake.setPrice("BTC-USDT-SWAP", Price.of("30000"))
            try fake.setPrice("ETH-USDT-SWAP", Price.of("2000"))
            let c = SignedClient(fake, urls, TestAccounts.demo)
            _ = try await c.place([("side", "buy"), ("ordType", "market"), ("sz", "1")])
            _ = try await c.place([("side", "buy"), ("ordType", "market"), ("sz", "1")], instId: "ETH-USDT-SWAP")
            try fake.settleFunding("BTC-USDT-SWAP", rate: Ratio.of("0.0001"))  // b1 at t0
            clock.advance(by: Self.hour)
            try fake.settleFunding("ETH-USDT-SWAP", rate: Ratio.of("-0.0001"))  // b2 at t0 + 1 h
            clock.advance(by: Self.hour)
            try fake.settleFunding("BTC-USDT-SWAP", rate: Ratio.of("0.0002"))  // b3 at t0 + 2 h
            clock.advance(by: Self.hour)
            try fake.liquidate("BTC-USDT-SWAP", account: TestAccounts.demo.uid, posSide: "net", size: Quantity.of("0.5"))  // b4

            let all = try await bills(c)
            #expect(all.map { $0.s("type") } == ["5", "8", "8", "8"])
            let ids = all.map { $0.s("billId") }
            #expect(ids.compactMap { Int64($0) } == ids.compactMap { Int64($0) }.sorted(by: >))
            func found(_ q: String) async throws -> [String] { try await bills(c, q).map { $0.s("billId") } }
            #expect(try await found("type=8") == [ids[1], ids[2], ids[3]])
            #expect(try await found("type=5") == [ids[0]])
            #expect(try await found("subType=174") == [ids[2]])
            #expect(try await found("instId=ETH-USDT-SWAP") == [ids[2]])
            #expect(try await found("instId=BTC-USDT-SWAP&type=8") == [ids[1], ids[3]])
            #expect(try await found("instType=SWAP&ccy=USDT&mgnMode=isolated").count == 4)
            #expect(try await found("instType=FUTURES").isEmpty)
            #expect(try await found("after=\(ids[1])") == [ids[2], ids[3]])
            #expect(try await found("before=\(ids[2])") == [ids[0], ids[1]])
            #expect(try await found("limit=2") == [ids[0], ids[1]])
            #expect(try await found("limit=2&after=\(ids[1])") == [ids[2], ids[3]])
            #expect(try await found("begin=\(Self.t0 + Self.hour)&end=\(Self.t0 + 2 * Self.hour)") == [ids[1], ids[2]])
            #expect(try await found("begin=\(Self.t0 + 3 * Self.hour)") == [ids[0]])
            #expect(try await found("end=\(Self.t0)") == [ids[3]])
            #expect(try await bills(c, "limit=x").isEmpty)
            fake.resetRateLimits()
            #expect(try await c.get("/api/v5/account/bills?limit=x").code == "51000")
            #expect(try await c.get("/api/v5/account/bills?begin=yesterday").code == "51000")

            // The partial liquidation: half the net long at the bankruptcy price 30000 × (1 − 1/10).
            let liq = all[0]
            #expect(liq.s("subType") == "103")
            #expect(liq.s("px") == "27000")
            #expect(liq.s("fillPx") == "27000")
            #expect(liq.s("sz") == "0.5")
            #expect(liq.s("pnl") == "-15")
            #expect(liq.s("fee") == "-0.0675")
            #expect(liq.s("balChg") == "-15.0675")
            #expect(liq.s("execType") == "T")
            #expect(liq.s("fillTime") == liq.s("ts"))
            let fill = try #require(try await c.get("/api/v5/trade/fills?ordId=\(liq.s("ordId"))").data.first)
            #expect(fill.s("billId") == liq.s("billId"))
            #expect(fill.s("tradeId") == liq.s("tradeId"))

            // Seven days on, only the last bill is still listed.
            clock.advance(by: 7 * 24 * Self.hour - Self.hour / 2)
            #expect(try await found("") == [ids[0]])
        }
    }

    @Test func aPriceThroughLiqPxLiquidatesTheLegAtTheBankruptcyPrice() async throws {
        let clock = FakeClock(startMs: Self.t0, rate: 0)
        try await withFake(accounts: [TestAccounts.hedge], clock: clock) { fake, urls async throws in
            try fake.setPrice("BTC-USDT-SWAP", Price.of("30000"))
            let ws = try await WSTestClient.open(urls.wsPrivate, urls)
            #expect(try await ws.login(TestAccounts.hedge, clock: clock)?.s("code") == "0")
            #expect(try await ws.subscribe([("channel", "orders"), ("instType", "SWAP")])?.s("event") == "subscribe")
            let c = SignedClient(fake, urls, TestAccounts.hedge)
            _ = try await c.place([("side", "buy"), ("posSide", "long"), ("ordType", "market"), ("sz", "2")])
            _ = try await c.place([("side", "sell"), ("posSide", "short"), ("ordType", "market"), ("sz", "1")])
            _ = try await c.place([("clOrdId", "tp1"), ("side", "sell"), ("posSide", "long"), ("ordType", "limit"),
                                   ("px", "31000"), ("sz", "1")])
            _ = try await c.place([("clOrdId", "add1"), ("side", "buy"), ("posSide", "long"), ("ordType", "limit"),
                                   ("px", "20000"), ("sz", "1")])
            var legs = Dictionary(uniqueKeysWithValues: try await c.positions().map { ($0.s("posSide"), $0) })
            #expect(legs["long"]?.s("liqPx") == "27120")  // 30000 × (1 − 1/10 + 0.004)
            #expect(legs["short"]?.s("liqPx") == "32880")  // 30000 × (1 + 1/10 − 0.004)

            try fake.setPrice("BTC-USDT-SWAP", Price.of("27200"))
            #expect(try await c.positions().count == 2)
            let before = try await cash(c)
            try fake.setPrice("BTC-USDT-SWAP", Price.of("26500"))  // through 27120, and past the bankruptcy price

            let push = try #require(await ws.push("orders") { $0["data"]?[0]?.s("category") == "full_liquidation" })
            let o = try #require(push["data"]?[0])
            #expect(o.s("clOrdId") == "")
            #expect(o.s("tag") == "")
            #expect(o.s("fillPx") == "27000")  // 30000 × (1 − 1/10), not the trade's 26500
            #expect(o.s("fillSz") == "2")
            #expect(o.s("fillFee") == "-0.27")
            #expect(o.s("fillPnl") == "-60")
            #expect(o.s("execType") == "T")
            #expect(o.s("state") == "filled")
            #expect(o.s("side") == "sell")
            #expect(o.s("posSide") == "long")
            #expect(o.s("ordType") == "market")
            #expect(o.s("tdMode") == "isolated")
            #expect(o.s("reduceOnly") == "true")
            let ordId = o.s("ordId")

            let fills = try await c.get("/api/v5/trade/fills?ordId=\(ordId)").data
            #expect(fills.count == 1)
            #expect(fills.first?.s("subType") == "104")
            #expect(fills.first?.s("fillPx") == "27000")
            #expect(fills.first?.s("fillSz") == "2")
            #expect(fills.first?.s("side") == "sell")
            #expect(fills.first?.s("clOrdId") == "")
            #expect(try await c.order(ordId: ordId)?.s("category") == "full_liquidation")
            legs = Dictionary(uniqueKeysWithValues: try await c.positions().map { ($0.s("posSide"), $0) })
            #expect(Array(legs.keys) == ["short"])
            #expect(try await cash(c) - before == Money.of("-60.27"))

            let tp = try #require(try await c.order(clOrdId: "tp1"))
            #expect(tp.s("state") == "canceled")
            #expect(tp.s("cancelSource") == "13")
            #expect(tp.s("cancelSourceReason") == "Order canceled: the position was liquidated")
            #expect(try await c.order(clOrdId: "add1")?.s("state") == "live")  // it opens, it does not reduce

            let bill = try #require(try await bills(c, "type=5").first)
            #expect(bill.s("subType") == "104")
            #expect(bill.s("ordId") == ordId)
            #expect(bill.s("balChg") == "-60.27")
            #expect(fake.counters.liquidations == 1)
            await ws.close()
        }
    }

    @Test func aNetShortIsLiquidatedBeforeItsStopTriggers() async throws {
        try await withFake { fake, urls async throws in
            try fake.setPrice("BTC-USDT-SWAP", Price.of("30000"))
            let c = SignedClient(fake, urls, TestAccounts.demo)
            _ = try await c.place([("side", "sell"), ("ordType", "market"), ("sz", "2")])
            _ = try await c.place([("clOrdId", "ro1"), ("side", "buy"), ("ordType", "limit"), ("px", "29000"), ("sz", "1"),
                                   ("reduceOnly", "true")])
            _ = try await c.post("/api/v5/trade/order-algo", #"{"instId":"BTC-USDT-SWAP","tdMode":"cross","side":"buy","ordType":"conditional","sz":"2","algoClOrdId":"sl1","slTriggerPx":"33000","slOrdPx":"-1","reduceOnly":"true"}"#)
            #expect(try await c.positions().first?.s("liqPx") == "32880")
            try fake.setPrice("BTC-USDT-SWAP", Price.of("32800"))
            #expect(try await c.positions().count == 1)
            let before = try await cash(c)

            try fake.setPrice("BTC-USDT-SWAP", Price.of("33500"))
            #expect(try await c.positions().isEmpty)
            let fill = try #require(try await c.get("/api/v5/trade/fills").data.first)
            #expect(fill.s("subType") == "106")  // net mode, a buy
            #expect(fill.s("fillPx") == "33000")
            #expect(try await cash(c) - before == Money.of("-60.33"))  // −3000 × 2 × 0.01, fee 660 × 0.05 %
            let ro = try #require(try await c.order(clOrdId: "ro1"))
            #expect(ro.s("state") == "canceled")
            #expect(ro.s("cancelSource") == "13")
            // The stop came after the liquidation: nothing left to reduce.
            let stop = try #require(try await c.get("/api/v5/trade/order-algo?algoClOrdId=sl1").data.first)
            #expect(stop.s("state") == "order_failed")
            #expect(stop.s("failCode") == "51169")
        }
    }

    @Test func aPartialLiquidationLeavesTheRestAndHistoryFiltersByCategory() async throws {
        try await withFake(accounts: [TestAccounts.hedge]) { fake, urls async throws in
            try fake.setPrice("BTC-USDT-SWAP", Price.of("30000"))
            let c = SignedClient(fake, urls, TestAccounts.hedge)
            let uid = TestAccounts.hedge.uid
            _ = try await c.place([("side", "sell"), ("posSide", "short"), ("ordType", "market"), ("sz", "3")])
            _ = try await c.place([("side", "buy"), ("posSide", "long"), ("ordType", "market"), ("sz", "1")])
            #expect(throws: FakeError.self) { try fake.liquidate("BTC-USDT-SWAP", account: uid, posSide: "short", size: 4) }
            #expect(throws: FakeError.self) { try fake.liquidate("BTC-USDT-SWAP", account: uid, posSide: "short", size: Quantity.of("0.005")) }
            #expect(throws: FakeError.self) { try fake.liquidate("BTC-USDT-SWAP", account: uid, posSide: "short", size: .zero) }
            #expect(throws: FakeError.self) { try fake.liquidate("BTC-USDT-SWAP", account: uid, posSide: "net") }
            #expect(throws: FakeError.self) { try fake.liquidate("BTC-USDT-SWAP", account: "1", posSide: "short") }
            #expect(throws: FakeError.self) { try fake.liquidate("ETH-USDT-SWAP", account: uid, posSide: "short") }
            #expect(fake.counters.liquidations == 0)

            try fake.liquidate("BTC-USDT-SWAP", account: uid, posSide: "short", size: 1)
            var legs = Dictionary(uniqueKeysWithValues: try await c.positions().map { ($0.s("posSide"), $0) })
            #expect(legs["short"]?.s("pos") == "2")
            #expect(legs["long"]?.s("pos") == "1")
            let partial = try #require(try await c.get("/api/v5/trade/fills").data.first)
            #expect(partial.s("subType") == "101")
            #expect(partial.s("fillPx") == "33000")  // 30000 × (1 + 1/10)
            #expect(partial.s("fillSz") == "1")
            #expect(partial.s("side") == "buy")
            #expect(partial.s("posSide") == "short")
            let partialOrder = try #require(try await c.order(ordId: partial.s("ordId")))
            #expect(partialOrder.s("category") == "partial_liquidation")
            #expect(partialOrder.s("clOrdId") == "")

            func history(_ category: String) async throws -> [String] {
                try await c.get("/api/v5/trade/orders-history?instType=SWAP" + (category.isEmpty ? "" : "&category=" + category))
                    .data.map { $0.s("category") }
            }
            #expect(try await history("partial_liquidation") == ["partial_liquidation"])
            #expect(try await history("full_liquidation").isEmpty)
            #expect(try await history("normal") == ["normal", "normal"])

            try fake.liquidate("BTC-USDT-SWAP", account: uid, posSide: "short")
            legs = Dictionary(uniqueKeysWithValues: try await c.positions().map { ($0.s("posSide"), $0) })
            #expect(Array(legs.keys) == ["long"])
            let full = try #require(try await c.get("/api/v5/trade/fills").data.first)
            #expect(full.s("subType") == "105")
            #expect(full.s("fillSz") == "2")
            #expect(try await history("full_liquidation") == ["full_liquidation"])
            #expect(try await history("") == ["full_liquidation", "partial_liquidation", "normal", "normal"])
            #expect(try await bills(c, "type=5").map { $0.s("subType") } == ["105", "101"])
            #expect(fake.counters.liquidations == 2)
        }
    }

    @Test func liqPxFollowsTheLeverageAndRoundsAwayFromThePosition() async throws {
        try await withFake(accounts: [TestAccounts.hedge]) { fake, urls async throws in
            try fake.setPrice("ETH-USDT-SWAP", Price.of("2000.38"))
            let c = SignedClient(fake, urls, TestAccounts.hedge)
            #expect(try await c.post("/api/v5/account/set-leverage", #"{"instId":"ETH-USDT-SWAP","lever":"3","mgnMode":"isolated"}"#).code == "0")
            _ = try await c.place([("side", "buy"), ("posSide", "long"), ("ordType", "market"), ("sz", "1")], instId: "ETH-USDT-SWAP")
            _ = try await c.place([("side", "sell"), ("posSide", "short"), ("ordType", "market"), ("sz", "1")], instId: "ETH-USDT-SWAP")
            let legs = Dictionary(uniqueKeysWithValues: try await c.positions().map { ($0.s("posSide"), $0) })
            #expect(legs["long"]?.s("liqPx") == "1341.58")  // 2000.38 × (1 − 1/3 + 0.004) = 1341.588…, down
            #expect(legs["short"]?.s("liqPx") == "2659.18")  // 2000.38 × (1 + 1/3 − 0.004) = 2659.171…, up
            try fake.liquidate("ETH-USDT-SWAP", account: TestAccounts.hedge.uid, posSide: "long")
            try fake.liquidate("ETH-USDT-SWAP", account: TestAccounts.hedge.uid, posSide: "short")
            let fills = try await c.get("/api/v5/trade/fills?instId=ETH-USDT-SWAP").data.prefix(2)
            #expect(fills.map { $0.s("fillPx") } == ["2667.18", "1333.58"])  // 2667.173… up, 1333.586… down
        }
    }
}
