import BotCore
import OKXFake
import Testing

/// Conditional stops: placed, listed, triggered by the price, cancelled.
struct AlgoTests {
    func stop(_ c: SignedClient, id: String, trigger: String, side: String = "sell", sz: String = "2") async throws -> CurlAnswer {
        try await c.post("/api/v5/trade/order-algo", JSON.object([
            ("instId", "BTC-USDT-SWAP"), ("tdMode", "cross"), ("side", .string(side)), ("ordType", "conditional"),
            ("sz", .string(sz)), ("algoClOrdId", .string(id)), ("slTriggerPx", .string(trigger)), ("slOrdPx", "-1"),
            ("reduceOnly", "true"),
        ]))
    }

    @Test func aStopTriggersWhenThePriceCrossesAndBecomesAReduceOnlyMarketOrder() async throws {
        try await withFake { fake, urls async throws in
            try fake.setPrice("BTC-USDT-SWAP", Price.of("30000"))
            let c = SignedClient(fake, urls, TestAccounts.demo)
            _ = try await c.place([("side", "buy"), ("ordType", "market"), ("sz", "2")])
            let placed = try await stop(c, id: "sl1", trigger: "29500")
            #expect(placed.code == "0")
            #expect(placed.sCode == "0")
            let algoId = try #require(placed.data.first?.s("algoId"))
            #expect(placed.data.first?.s("algoClOrdId") == "sl1")

            var pending = try await c.get("/api/v5/trade/orders-algo-pending?ordType=conditional").data
            #expect(pending.map { $0.s("algoId") } == [algoId])
            #expect(pending.first?.s("slOrdPx") == "-1")
            #expect(pending.first?.s("state") == "live")

            try fake.setPrice("BTC-USDT-SWAP", Price.of("29600"))
            #expect(try await c.positions().first?.s("pos") == "2")
            try fake.setPrice("BTC-USDT-SWAP", Price.of("29480"))
            #expect(try await c.positions().isEmpty)
            pending = try await c.get("/api/v5/trade/orders-algo-pending?ordType=conditional").data
            #expect(pending.isEmpty)
            let done = try #require(try await c.get("/api/v5/trade/orders-algo-history?ordType=conditional&state=effective").data.first)
            #expect(done.s("algoId") == algoId)
            #expect(done.s("actualSide") == "sl")
            #expect(done.s("actualSz") == "2")
            let child = try #require(try await c.order(ordId: done.s("ordId")))
            #expect(child.s("ordType") == "market")
            #expect(child.s("reduceOnly") == "true")
            #expect(child.s("state") == "filled")
            #expect(child.s("avgPx") == "29480")
            #expect(child.s("algoClOrdId") == "sl1")
        }
    }

    @Test func stopsAreCancelledAndTheirIdsChecked() async throws {
        try await withFake { fake, urls async throws in
            try fake.setPrice("BTC-USDT-SWAP", Price.of("30000"))
            let c = SignedClient(fake, urls, TestAccounts.demo)
            _ = try await c.place([("side", "buy"), ("ordType", "market"), ("sz", "2")])
            let id = try #require(try await stop(c, id: "slA", trigger: "29000").data.first?.s("algoId"))
            #expect(try await stop(c, id: "slA", trigger: "29000").sCode == "51065")
            #expect(try await stop(c, id: "bad_id", trigger: "29000").sCode == "51000")
            #expect(try await stop(c, id: "slB", trigger: "30100").sCode == "51280")  // above the price: would fire at once
            let cancel = try await c.post("/api/v5/trade/cancel-algos", #"[{"instId":"BTC-USDT-SWAP","algoId":"\#(id)"}]"#)
            #expect(cancel.code == "0")
            #expect(cancel.sCode == "0")
            #expect(try await c.get("/api/v5/trade/orders-algo-pending?ordType=conditional").data.isEmpty)
            #expect(try await c.get("/api/v5/trade/order-algo?algoClOrdId=slA").data.first?.s("state") == "canceled")
            let again = try await c.post("/api/v5/trade/cancel-algos", #"[{"instId":"BTC-USDT-SWAP","algoId":"\#(id)"}]"#)
            #expect(again.sCode == "51000")
            try fake.setPrice("BTC-USDT-SWAP", Price.of("28000"))
            #expect(try await c.positions().first?.s("pos") == "2")  // the cancelled stop did nothing
            #expect(try await c.get("/api/v5/trade/orders-algo-pending").code == "50014")
        }
    }

    @Test func aStopWithNothingToReduceFails() async throws {
        try await withFake { fake, urls async throws in
            try fake.setPrice("BTC-USDT-SWAP", Price.of("30000"))
            let c = SignedClient(fake, urls, TestAccounts.demo)
            _ = try await stop(c, id: "orphan", trigger: "29000")
            try fake.setPrice("BTC-USDT-SWAP", Price.of("28900"))
            let a = try #require(try await c.get("/api/v5/trade/order-algo?algoClOrdId=orphan").data.first)
            #expect(a.s("state") == "order_failed")
            #expect(try await c.positions().isEmpty)
        }
    }
}
