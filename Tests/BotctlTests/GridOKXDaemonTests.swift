import BotCore
import BotTestKit
import Foundation
import OKX
import OKXFake
import OKXWire
import Store
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A classic grid in botd on the OKX fake: its buys rest at the venue, a fill there gets its
/// reduce-only take-profit one level up, and the level buys again once that sells.
@Suite(.serialized)
struct GridOKXDaemonTests {
    static let bot = """
        id = "grid-okx"
        user = "carol"
        strategy = "grid"
        account = "okx-demo"
        symbol = "BTC-USDT-SWAP"
        timeframe = "15m"
        [params]
        levels = "arithmetic"
        grid_num = 5
        lower_price = "99000"
        upper_price = "101000"
        investment = "500"
        """

    func pending(_ rest: OKXRestClient) async throws -> [OKXOrder] {
        try await rest.patient(OKXOrder.self, OKXRest.pendingOrders(instId: OKXMarketScript.instId))
    }

    @Test func aClassicGridRestsItsBuysAtOKXAndSellsEachFillOneLevelUp() async throws {
        let script = OKXMarketScript()
        let fake = OKXFake(clock: script.clock, accounts: [FakeAccount(apiKey: "demo-key", secret: "demo-secret", passphrase: "demo-pass",
                                                                       positionMode: .net, usdt: 100_000)])
        let e = try await fake.start()
        defer { Task { await fake.stop() } }
        var candles: [FakeCandle] = []
        for k in 0..<60 {
            let close = Price.of("100100")
            candles.append(FakeCandle(ts: script.minute - Int64(60 - k) * 60_000, open: close, high: close, low: close, close: close))
        }
        try fake.seedCandles(OKXMarketScript.instId, candles)
        try fake.setPrice(OKXMarketScript.instId, Price.of("100100"))
        let d = try Daemon(bots: ["grid.toml": Self.bot])
        try d.start(speed: 1, extra: okxAccount("okx-demo", e), environment: okxKeys)
        try d.waitUntil("running") { try d.status().first?["state"] as? String == "running" }
        let rest = try await OKXDaemonTests().client(e)
        defer { rest.close() }
        // Levels 99,000 … 101,000 by 500; at 100,100 the three below buy, 500 USDT each:
        // 500 / (100,000 × 0.01) = 0.5 contracts at 100,000.
        try await eventually("three resting buys", timeout: 30) { try await pending(rest).count == 3 }
        let buys = try await pending(rest)
        #expect(Set(buys.compactMap(\.price)) == Set(["99000", "99500", "100000"].map(Price.of)))
        #expect(buys.allSatisfy { $0.side == .buy && !$0.reduceOnly && $0.orderType == "limit" })
        #expect(buys.first { $0.price == Price.of("100000") }?.size == Quantity.of("0.5"))
        // The market trades down through 100,000: that buy fills at the venue.
        try fake.printTrade(OKXMarketScript.instId, px: Price.of("99990"), sz: Quantity.of("2"), side: .sell)
        let store = try Store(path: d.storage)
        try await eventually("the buy's fill", timeout: 20) { !(try await store.fills(bot: "grid-okx")).isEmpty }
        try await eventually("its take-profit at the venue", timeout: 20) {
            try await pending(rest).contains { $0.side == .sell && $0.reduceOnly && $0.price == Price.of("100500") && $0.size == Quantity.of("0.5") }
        }
        // Up through 100,500: the unit sells, and 100,000 buys again.
        try fake.printTrade(OKXMarketScript.instId, px: Price.of("100510"), sz: Quantity.of("2"), side: .buy)
        try await eventually("the sale and the new buy", timeout: 30) {
            let fills = try await store.fills(bot: "grid-okx")
            let open = try await pending(rest)
            return fills.count == 2 && open.count == 3 && open.allSatisfy { $0.side == .buy }
        }
        let fills = try await store.fills(bot: "grid-okx")
        #expect(fills.map(\.side) == ["buy", "sell"] && fills.map(\.price) == ["100000", "100500"].map(Price.of))
        #expect(try await OKXDaemonTests().venuePosition(e) == .zero)
        #expect(try d.signal(SIGTERM) == 0)
    }
}
