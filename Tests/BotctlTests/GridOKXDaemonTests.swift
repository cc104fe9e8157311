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

    /// The fake with one net-mode account of 100,000 USDT, on the script's clock.
    func start(_ script: OKXMarketScript) async throws -> (OKXFake, OKXFake.Endpoints) {
        let fake = OKXFake(clock: script.clock, accounts: [FakeAccount(apiKey: "demo-key", secret: "demo-secret", passphrase: "demo-pass",
                                                                       positionMode: .net, usdt: 100_000)])
        return (fake, try await fake.start())
    }

    func pending(_ rest: OKXRestClient) async throws -> [OKXOrder] {
        try await rest.patient(OKXOrder.self, OKXRest.pendingOrders(instId: OKXMarketScript.instId))
    }

    @Test func aClassicGridRestsItsBuysAtOKXAndSellsEachFillOneLevelUp() async throws {
        let script = OKXMarketScript()
        let (fake, e) = try await start(script)
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

extension GridOKXDaemonTests {
    /// The band on the OKX fake: its levels come from 15m bars OKX serves as history, its buys
    /// rest at the venue below the price, and a fill there gets its reduce-only take-profit.
    @Test func theBandRestsItsBuysAtOKXFromLevelsOnOKXsHistory() async throws {
        let script = OKXMarketScript()
        let (fake, e) = try await start(script)
        defer { Task { await fake.stop() } }
        // Six hours of minutes swinging ±1 % around 100,000 (a 40-minute cycle).
        var candles: [FakeCandle] = []
        for k in 0..<360 {
            let x = 100_000 + 1_000 * sin(Double(k) * 2 * .pi / 40)
            let close = Price(x.rounded())!, open = Price((x - 50).rounded())!
            candles.append(FakeCandle(ts: script.minute - Int64(360 - k) * 60_000, open: open, high: max(open, close) + Price.of("30"),
                                      low: min(open, close) - Price.of("30"), close: close))
        }
        try fake.seedCandles(OKXMarketScript.instId, candles)
        try fake.setPrice(OKXMarketScript.instId, Price.of("100000"))
        let bot = Self.bot.replacingOccurrences(of: "id = \"grid-okx\"", with: "id = \"band-okx\"")
            .replacingOccurrences(of: "levels = \"arithmetic\"\ngrid_num = 5\nlower_price = \"99000\"\nupper_price = \"101000\"\n", with: "")
        #expect(!bot.contains("lower_price"))
        let d = try Daemon(bots: ["band.toml": bot])
        try d.start(speed: 1, extra: okxAccount("okx-demo", e), environment: okxKeys)
        try d.waitUntil("running") { try d.status().first?["state"] as? String == "running" }
        let rest = try await OKXDaemonTests().client(e)
        defer { rest.close() }
        try await eventually("the band's buys at OKX", timeout: 30) { try await pending(rest).count >= 1 }
        let buys = try await pending(rest)
        #expect(buys.allSatisfy { $0.side == .buy && !$0.reduceOnly && ($0.price ?? .zero) < Price.of("100000") }, "\(buys)")
        #expect(buys.allSatisfy { ($0.price ?? .zero).isMultiple(of: Price.of("0.1")) })
        let top = try #require(buys.compactMap(\.price).max())
        try fake.printTrade(OKXMarketScript.instId, px: top - Price.of("10"), sz: Quantity.of("5"), side: .sell)
        let store = try Store(path: d.storage)
        try await eventually("the buy's fill", timeout: 20) { !(try await store.fills(bot: "band-okx")).isEmpty }
        let fill = try #require(try await store.fills(bot: "band-okx").first)
        try await eventually("its take-profit at the venue", timeout: 20) {
            try await pending(rest).contains { $0.side == .sell && $0.reduceOnly && ($0.price ?? .zero) > fill.price && $0.size == fill.quantity }
        }
        #expect(try d.signal(SIGTERM) == 0)
    }
}
