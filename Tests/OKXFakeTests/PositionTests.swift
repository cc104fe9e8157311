import BotCore
import OKXFake
import Testing

/// Positions, balances, leverage and position modes following the fills.
struct PositionTests {
    @Test func positionsAndBalanceFollowTheFills() async throws {
        try await withFake { fake, urls async throws in
            try fake.setPrice("BTC-USDT-SWAP", Price.of("30000"))
            let c = SignedClient(fake, urls, TestAccounts.demo)
            _ = try await c.place([("side", "buy"), ("ordType", "market"), ("sz", "2")])
            var p = try #require(try await c.positions().first)
            #expect(p.s("instId") == "BTC-USDT-SWAP")
            #expect(p.s("posSide") == "net")
            #expect(p.s("pos") == "2")
            #expect(p.s("avgPx") == "30000")
            #expect(p.s("mgnMode") == "cross")
            #expect(p.s("lever") == "10")

            try fake.setPrice("BTC-USDT-SWAP", Price.of("30500"))
            p = try #require(try await c.positions().first)
            #expect(p.s("upl") == "10")  // 500 × 2 × 0.01
            var usdt = try #require(try await c.usdt())
            #expect(usdt.s("cashBal") == "9999.7")  // the taker fee: 600 × 0.05 %
            #expect(usdt.s("upl") == "10")
            #expect(usdt.s("eq") == "10009.7")
            #expect(usdt.s("imr") == "61")  // 2 × 0.01 × 30500 / 10

            // Selling three flips the position: two close at a profit, one opens short.
            _ = try await c.place([("side", "sell"), ("ordType", "market"), ("sz", "3")])
            p = try #require(try await c.positions().first)
            #expect(p.s("pos") == "-1")
            #expect(p.s("avgPx") == "30500")
            usdt = try #require(try await c.usdt())
            #expect(usdt.s("cashBal") == "10009.2425")  // + 10 PnL − 0.4575 fee
            _ = try await c.place([("side", "buy"), ("ordType", "market"), ("sz", "1"), ("reduceOnly", "true")])
            #expect(try await c.positions().isEmpty)
        }
    }

    @Test func reduceOnlyNeedsAPositionToReduce() async throws {
        try await withFake { fake, urls async throws in
            try fake.setPrice("BTC-USDT-SWAP", Price.of("30000"))
            let c = SignedClient(fake, urls, TestAccounts.demo)
            #expect(try await c.place([("side", "sell"), ("ordType", "market"), ("sz", "1"), ("reduceOnly", "true")]).sCode == "51169")
            _ = try await c.place([("side", "buy"), ("ordType", "market"), ("sz", "1")])
            #expect(try await c.place([("side", "buy"), ("ordType", "market"), ("sz", "1"), ("reduceOnly", "true")]).sCode == "51170")
            #expect(try await c.place([("side", "sell"), ("ordType", "market"), ("sz", "1"), ("reduceOnly", "true")]).sCode == "0")
        }
    }

    @Test func hedgeModeOrdersNameTheirSide() async throws {
        try await withFake(accounts: [TestAccounts.hedge]) { fake, urls async throws in
            try fake.setPrice("ETH-USDT-SWAP", Price.of("2000"))
            let c = SignedClient(fake, urls, TestAccounts.hedge)
            #expect(try await c.get("/api/v5/account/config").data.first?.s("posMode") == "long_short_mode")
            #expect(try await c.place([("side", "buy"), ("ordType", "market"), ("sz", "1")], instId: "ETH-USDT-SWAP").sCode == "51000")
            #expect(try await c.place([("side", "buy"), ("posSide", "long"), ("ordType", "market"), ("sz", "3")], instId: "ETH-USDT-SWAP").sCode == "0")
            #expect(try await c.place([("side", "sell"), ("posSide", "short"), ("ordType", "market"), ("sz", "1")], instId: "ETH-USDT-SWAP").sCode == "0")
            let both = try await c.positions()
            #expect(Set(both.map { "\($0.s("posSide")) \($0.s("pos"))" }) == ["long 3", "short 1"])
            #expect(try await c.place([("side", "sell"), ("posSide", "long"), ("ordType", "market"), ("sz", "4")], instId: "ETH-USDT-SWAP").sCode == "51112")
            #expect(try await c.place([("side", "sell"), ("posSide", "long"), ("ordType", "market"), ("sz", "3")], instId: "ETH-USDT-SWAP").sCode == "0")
            #expect(try await c.positions().map { $0.s("posSide") } == ["short"])
        }
    }

    @Test func leverageAndPositionModeAreSettings() async throws {
        try await withFake { fake, urls async throws in
            try fake.setPrice("BTC-USDT-SWAP", Price.of("30000"))
            let c = SignedClient(fake, urls, TestAccounts.demo)
            let set = try await c.post("/api/v5/account/set-leverage", #"{"instId":"BTC-USDT-SWAP","lever":"5","mgnMode":"cross"}"#)
            #expect(set.code == "0")
            #expect(set.data.first?.s("lever") == "5")
            #expect(try await c.post("/api/v5/account/set-leverage", #"{"instId":"BTC-USDT-SWAP","lever":"125","mgnMode":"cross"}"#).code == "59102")
            #expect(try await c.get("/api/v5/account/leverage-info?instId=BTC-USDT-SWAP&mgnMode=cross").data.first?.s("lever") == "5")

            #expect(try await c.post("/api/v5/account/set-position-mode", #"{"posMode":"long_short_mode"}"#).code == "0")
            #expect(try await c.get("/api/v5/account/config").data.first?.s("posMode") == "long_short_mode")
            _ = try await c.place([("side", "buy"), ("posSide", "long"), ("ordType", "market"), ("sz", "1")])
            #expect(try await c.positions().first?.s("lever") == "5")
            #expect(try await c.post("/api/v5/account/set-position-mode", #"{"posMode":"net_mode"}"#).code == "59000")
        }
    }
}
