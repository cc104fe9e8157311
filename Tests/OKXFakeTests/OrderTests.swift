import BotCore
import OKXFake
import Testing

/// Placing, cancelling, amending and finding orders.
struct OrderTests {
    static let t0: Int64 = 1_700_000_000_000

    func market(_ fake: OKXFake) throws {
        try fake.setPrice("BTC-USDT-SWAP", Price.of("30000"))
    }

    @Test func aMarketOrderFillsAtTheCurrentPriceAsTaker() async throws {
        try await withFake(clock: FakeClock(startMs: Self.t0, rate: 0)) { fake, urls async throws in
            try market(fake)
            let c = SignedClient(fake, urls, TestAccounts.demo)
            let a = try await c.place([("clOrdId", "m1"), ("side", "buy"), ("ordType", "market"), ("sz", "1")])
            #expect(a.code == "0")
            #expect(a.sCode == "0")
            #expect(a.data.first?.s("clOrdId") == "m1")
            #expect(a.json?.s("inTime") == String(Self.t0 * 1000))
            let o = try #require(try await c.order(ordId: a.ordId))
            #expect(o.s("state") == "filled")
            #expect(o.s("avgPx") == "30000")
            #expect(o.s("accFillSz") == "1")
            #expect(o.s("fee") == "-0.15")  // 1 × 0.01 BTC × 30000 × 0.05 %
            #expect(o.s("feeCcy") == "USDT")
            let fills = try await c.get("/api/v5/trade/fills?instId=BTC-USDT-SWAP").data
            #expect(fills.count == 1)
            #expect(fills.first?.s("execType") == "T")
            #expect(fills.first?.s("fillPx") == "30000")
        }
    }

    @Test func aLimitOrderRestsAndFillsWhenThePriceCrossesIt() async throws {
        try await withFake { fake, urls async throws in
            try market(fake)
            let c = SignedClient(fake, urls, TestAccounts.demo)
            let a = try await c.place([("clOrdId", "L1"), ("side", "buy"), ("ordType", "limit"), ("px", "29900"), ("sz", "2")])
            #expect(a.sCode == "0")
            var pending = try await c.get("/api/v5/trade/orders-pending?instId=BTC-USDT-SWAP").data
            #expect(pending.map { $0.s("clOrdId") } == ["L1"])
            #expect(pending.first?.s("state") == "live")

            try fake.setPrice("BTC-USDT-SWAP", Price.of("29950"))
            #expect(try await c.order(clOrdId: "L1")?.s("state") == "live")
            try fake.setPrice("BTC-USDT-SWAP", Price.of("29880"))
            let o = try #require(try await c.order(clOrdId: "L1"))
            #expect(o.s("state") == "filled")
            #expect(o.s("avgPx") == "29900")  // its own price, as the maker
            #expect(o.s("fee") == "-0.1196")  // 2 × 0.01 × 29900 × 0.02 %
            pending = try await c.get("/api/v5/trade/orders-pending").data
            #expect(pending.isEmpty)
            let history = try await c.get("/api/v5/trade/orders-history?instType=SWAP").data
            #expect(history.map { $0.s("clOrdId") } == ["L1"])
            #expect(try await c.get("/api/v5/trade/fills").data.first?.s("execType") == "M")
        }
    }

    @Test func partialFillsFollowTheTradesSize() async throws {
        try await withFake { fake, urls async throws in
            try market(fake)
            fake.setPartialFills(true)
            let c = SignedClient(fake, urls, TestAccounts.demo)
            _ = try await c.place([("clOrdId", "P1"), ("side", "sell"), ("ordType", "limit"), ("px", "30100"), ("sz", "5")])
            try fake.printTrade("BTC-USDT-SWAP", px: Price.of("30100"), sz: 2, side: .buy)
            var o = try #require(try await c.order(clOrdId: "P1"))
            #expect(o.s("state") == "partially_filled")
            #expect(o.s("accFillSz") == "2")
            try fake.printTrade("BTC-USDT-SWAP", px: Price.of("30150"), sz: 10, side: .buy)
            o = try #require(try await c.order(clOrdId: "P1"))
            #expect(o.s("state") == "filled")
            #expect(try await c.get("/api/v5/trade/fills?limit=1").data.first?.s("fillSz") == "3")
        }
    }

    @Test func aDuplicateClientIdWhileTheFirstIsOpenIs51016() async throws {
        try await withFake { fake, urls async throws in
            try market(fake)
            let c = SignedClient(fake, urls, TestAccounts.demo)
            let first = try await c.place([("clOrdId", "dup1"), ("side", "buy"), ("ordType", "limit"), ("px", "29000"), ("sz", "1")])
            #expect(first.sCode == "0")
            let second = try await c.place([("clOrdId", "dup1"), ("side", "buy"), ("ordType", "limit"), ("px", "29000"), ("sz", "1")])
            #expect(second.status == 200)
            #expect(second.code == "1")
            #expect(second.sCode == "51016")
            #expect(second.data.first?.s("ordId") == "")
            // Terminal orders free their id.
            let cancel = try await c.post("/api/v5/trade/cancel-order", #"{"instId":"BTC-USDT-SWAP","clOrdId":"dup1"}"#)
            #expect(cancel.sCode == "0")
            #expect(try await c.place([("clOrdId", "dup1"), ("side", "buy"), ("ordType", "limit"), ("px", "29000"), ("sz", "1")]).sCode == "0")
        }
    }

    @Test(arguments: ["has-dash", "has_underscore", String(repeating: "a", count: 33), "sp ace"])
    func clientIdsOutsideTheAlphabetAreRefused(_ id: String) async throws {
        try await withFake { fake, urls async throws in
            try market(fake)
            let a = try await SignedClient(fake, urls, TestAccounts.demo)
                .place([("clOrdId", id), ("side", "buy"), ("ordType", "market"), ("sz", "1")])
            #expect(a.sCode == "51000")
            #expect(a.data.first?.s("sMsg") == "Parameter clOrdId error")
        }
    }

    @Test func anExpTimeInThePastIsRefusedBeforeTheOrderExists() async throws {
        let clock = FakeClock(startMs: Self.t0, rate: 0)
        try await withFake(clock: clock) { fake, urls async throws in
            try market(fake)
            let c = SignedClient(fake, urls, TestAccounts.demo)
            let late = try await c.place([("clOrdId", "e1"), ("side", "buy"), ("ordType", "market"), ("sz", "1")],
                                         extra: [("expTime", String(Self.t0 - 1))])
            #expect(late.code == "50036")
            #expect(try await c.get("/api/v5/trade/order?instId=BTC-USDT-SWAP&clOrdId=e1").code == "51603")
            let inTime = try await c.place([("clOrdId", "e2"), ("side", "buy"), ("ordType", "market"), ("sz", "1")],
                                           extra: [("expTime", String(Self.t0 + 500))])
            #expect(inTime.sCode == "0")
        }
    }

    @Test func postOnlyThatWouldTakeIsCanceledAndIocWithoutAPriceToTakeToo() async throws {
        try await withFake { fake, urls async throws in
            try market(fake)
            let c = SignedClient(fake, urls, TestAccounts.demo)
            let po = try await c.place([("clOrdId", "po1"), ("side", "buy"), ("ordType", "post_only"), ("px", "30000"), ("sz", "1")])
            #expect(po.sCode == "0")  // accepted, then canceled
            let o = try #require(try await c.order(clOrdId: "po1"))
            #expect(o.s("state") == "canceled")
            #expect(o.s("cancelSource") == "31")
            #expect(try await c.place([("clOrdId", "po2"), ("side", "buy"), ("ordType", "post_only"), ("px", "29990"), ("sz", "1")]).sCode == "0")
            #expect(try await c.order(clOrdId: "po2")?.s("state") == "live")

            _ = try await c.place([("clOrdId", "ioc1"), ("side", "buy"), ("ordType", "ioc"), ("px", "29000"), ("sz", "1")])
            #expect(try await c.order(clOrdId: "ioc1")?.s("state") == "canceled")
            _ = try await c.place([("clOrdId", "fok1"), ("side", "buy"), ("ordType", "fok"), ("px", "30010"), ("sz", "1")])
            let fok = try #require(try await c.order(clOrdId: "fok1"))
            #expect(fok.s("state") == "filled")
            #expect(fok.s("avgPx") == "30000")
        }
    }

    @Test func amendAndCancel() async throws {
        try await withFake { fake, urls async throws in
            try market(fake)
            let c = SignedClient(fake, urls, TestAccounts.demo)
            let id = try await c.place([("clOrdId", "am1"), ("side", "sell"), ("ordType", "limit"), ("px", "31000"), ("sz", "1")]).ordId
            let amend = try await c.post("/api/v5/trade/amend-order",
                                         #"{"instId":"BTC-USDT-SWAP","ordId":"\#(id)","newPx":"30500","newSz":"3","reqId":"r1"}"#)
            #expect(amend.sCode == "0")
            #expect(amend.data.first?.s("reqId") == "r1")
            var o = try #require(try await c.order(ordId: id))
            #expect(o.s("px") == "30500")
            #expect(o.s("sz") == "3")
            #expect(try await c.post("/api/v5/trade/amend-order", #"{"instId":"BTC-USDT-SWAP","ordId":"\#(id)","newPx":"30500.05"}"#).sCode == "51000")

            let cancel = try await c.post("/api/v5/trade/cancel-order", #"{"instId":"BTC-USDT-SWAP","ordId":"\#(id)"}"#)
            #expect(cancel.sCode == "0")
            o = try #require(try await c.order(ordId: id))
            #expect(o.s("state") == "canceled")
            let again = try await c.post("/api/v5/trade/cancel-order", #"{"instId":"BTC-USDT-SWAP","ordId":"\#(id)"}"#)
            #expect(again.code == "1")
            #expect(again.sCode == "51400")
            #expect(try await c.post("/api/v5/trade/amend-order", #"{"instId":"BTC-USDT-SWAP","ordId":"\#(id)","newSz":"2"}"#).sCode == "51503")
        }
    }

    @Test func ordersAreFoundByEitherIdAndUnknownOnesAre51603() async throws {
        try await withFake { fake, urls async throws in
            try market(fake)
            let c = SignedClient(fake, urls, TestAccounts.demo)
            let id = try await c.place([("clOrdId", "q1"), ("side", "buy"), ("ordType", "limit"), ("px", "29000"), ("sz", "1")]).ordId
            #expect(try await c.order(ordId: id)?.s("clOrdId") == "q1")
            #expect(try await c.order(clOrdId: "q1")?.s("ordId") == id)
            #expect(try await c.get("/api/v5/trade/order?instId=BTC-USDT-SWAP&ordId=123").code == "51603")
            #expect(try await c.get("/api/v5/trade/order?instId=BTC-USDT-SWAP").code == "51003")
        }
    }

    @Test func orderRulesOfTheInstrument() async throws {
        try await withFake { fake, urls async throws in
            try market(fake)
            let c = SignedClient(fake, urls, TestAccounts.demo)
            func code(_ f: [(String, String)], instId: String = "BTC-USDT-SWAP") async throws -> String? {
                try await c.place(f, instId: instId).sCode
            }
            #expect(try await code([("side", "buy"), ("ordType", "limit"), ("px", "29000.05"), ("sz", "1")]) == "51000")
            #expect(try await code([("side", "buy"), ("ordType", "limit"), ("px", "29000"), ("sz", "1.005")]) == "51121")
            #expect(try await code([("side", "buy"), ("ordType", "limit"), ("sz", "1")]) == "51204")
            #expect(try await code([("side", "buy"), ("ordType", "market"), ("sz", "1")], instId: "XRP-USDT-SWAP") == "51001")
            #expect(try await code([("side", "buy"), ("ordType", "market"), ("sz", "100000")]) == "51008")
            #expect(try await code([("side", "buy"), ("ordType", "market"), ("sz", "1"), ("posSide", "long")]) == "51000")
            #expect(try await c.place([("side", "buy"), ("ordType", "market")]).code == "50014")
            try fake.setInstrumentState("BTC-USDT-SWAP", .suspend)
            #expect(try await code([("side", "buy"), ("ordType", "market"), ("sz", "1")]) == "51022")
        }
    }

    @Test func aReadOnlyKeyCannotTrade() async throws {
        try await withFake(accounts: [TestAccounts.readOnly]) { fake, urls async throws in
            try market(fake)
            let c = SignedClient(fake, urls, TestAccounts.readOnly)
            #expect(try await c.get("/api/v5/account/config").data.first?.s("perm") == "read_only")
            #expect(try await c.place([("side", "buy"), ("ordType", "market"), ("sz", "1")]).code == "50120")
        }
    }
}
