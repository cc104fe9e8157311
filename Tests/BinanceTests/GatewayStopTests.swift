import Binance
import BinanceFake
import BinanceWire
import BotCore
import Testing

/// Stops: on Binance where the symbol's order types take one (STOP_LOSS, else STOP_LOSS_LIMIT
/// with a limit beyond the trigger), else kept by botd and sent when the last trade crosses.
@Suite(.serialized) struct BinanceGatewayStopTests {
    typealias H = BinanceGatewayHarness

    func id(_ n: UInt64) -> ClientOrderID { ClientOrderID(bot: "stop-bot", sequence: n) }

    func symbol(types: [String]) -> BinanceFake.Symbol {
        var s = BinanceFake.Symbol.btcUsdt
        s.orderTypes = types
        return s
    }

    @Test func aStopMarketGoesToBinanceAsStopLossAndFiresThere() async throws {
        let h = try await H.start()
        defer { Task { await h.stop() } }
        let inst = try await h.open()
        let stop = OrderRequest(id: id(1), side: .sell, type: .stopMarket(trigger: Price.of("95000")), quantity: Quantity.of("0.1"))
        #expect(await h.venue.call(.submit(stop), instrument: inst) == .accepted)
        #expect(h.fake.order(H.key, symbol: "BTCUSDT", clientOrderId: stop.id.description)?.type == "STOP_LOSS")
        try h.fake.printTrade("BTCUSDT", price: Price.of("94990"))
        try await bnWait { h.sink.fills.reduce(Quantity.zero) { $0 + $1.quantity } == Quantity.of("0.1") }
        #expect(h.sink.fills.allSatisfy { $0.orderID == stop.id })
        #expect(await h.venue.stats.keptStopsFired == 0)
    }

    @Test func withoutStopLossAStopMarketIsAStopLimitBeyondItsTrigger() async throws {
        let h = try await H.start(symbols: [symbol(types: ["LIMIT", "LIMIT_MAKER", "MARKET", "STOP_LOSS_LIMIT"]), .ethUsdt])
        defer { Task { await h.stop() } }
        let inst = try await h.open()
        let stop = OrderRequest(id: id(2), side: .sell, type: .stopMarket(trigger: Price.of("95000")), quantity: Quantity.of("0.1"))
        #expect(await h.venue.call(.submit(stop), instrument: inst) == .accepted)
        let placed = try #require(h.fake.order(H.key, symbol: "BTCUSDT", clientOrderId: stop.id.description))
        #expect(placed.type == "STOP_LOSS_LIMIT")
        // 1 % under the trigger for a sell, on the tick.
        #expect(placed.price == Price.of("94050"))
        let buyStop = OrderRequest(id: id(3), side: .buy, type: .stopLimit(trigger: Price.of("101000"), price: Price.of("101100")),
                                   quantity: Quantity.of("0.01"))
        #expect(await h.venue.call(.submit(buyStop), instrument: inst) == .accepted)
        #expect(h.fake.order(H.key, symbol: "BTCUSDT", clientOrderId: buyStop.id.description)?.price == Price.of("101100"))
    }

    @Test func aSymbolWithoutStopsHasItsStopKeptByBotdAndSentWhenCrossed() async throws {
        let h = try await H.start(symbols: [symbol(types: ["LIMIT", "LIMIT_MAKER", "MARKET"]), .ethUsdt])
        defer { Task { await h.stop() } }
        let inst = try await h.open()
        h.prices.set("BTCUSDT", 100_000)
        let stop = OrderRequest(id: id(4), side: .sell, type: .stopMarket(trigger: Price.of("95000")), quantity: Quantity.of("0.1"))
        #expect(await h.venue.call(.submit(stop), instrument: inst) == .accepted)
        #expect(h.fake.openOrders(H.key).isEmpty)
        #expect(try await h.venue.openOrders(instrument: inst.id).map(\.request.id) == [stop.id])
        try await Task.sleep(for: .milliseconds(100))
        #expect(h.fake.counters.ordersPlaced == 0)
        // The market crosses: a MARKET sell under the stop's own id.
        try h.fake.printTrade("BTCUSDT", price: Price.of("94900"))
        h.prices.set("BTCUSDT", Price.of("94900"))
        try await bnWait { h.sink.fills.reduce(Quantity.zero) { $0 + $1.quantity } == Quantity.of("0.1") }
        #expect(h.sink.all.contains(.triggered(stop.id)))
        #expect(h.sink.fills.allSatisfy { $0.orderID == stop.id })
        #expect(await h.venue.stats.keptStopsFired == 1)
        #expect(h.fake.counters.ordersPlaced == 1)
        // A kept stop cancelled before it fires never reaches Binance.
        let other = OrderRequest(id: id(5), side: .sell, type: .stopMarket(trigger: Price.of("90000")), quantity: Quantity.of("0.1"))
        #expect(await h.venue.call(.submit(other), instrument: inst) == .accepted)
        #expect(await h.venue.call(.cancel(other.id), instrument: inst) == .accepted)
        h.prices.set("BTCUSDT", Price.of("89000"))
        try await Task.sleep(for: .milliseconds(100))
        #expect(h.sink.all.contains(.cancelled(other.id)))
        #expect(h.fake.counters.ordersPlaced == 1)
    }
}
