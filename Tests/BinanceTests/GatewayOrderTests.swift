import Binance
import BinanceFake
import BinanceWire
import BotCore
import Testing

/// The Binance gateway placing and cancelling on the fake: acknowledgements, fills once by
/// trade id, fees in base, the never-twice rule, and stops on Binance or kept by botd.
@Suite(.serialized) struct BinanceGatewayOrderTests {
    typealias H = BinanceGatewayHarness

    func id(_ n: UInt64) -> ClientOrderID { ClientOrderID(bot: "gw-bot", sequence: n) }

    @Test func aRestingLimitIsAcceptedFilledOnceAndItsFeeInBaseLeavesTheBalance() async throws {
        let h = try await H.start()
        defer { Task { await h.stop() } }
        let inst = try await h.open()
        let buy = OrderRequest(id: id(1), side: .buy, type: .limit(Price.of("99000")), quantity: Quantity.of("0.01"))
        #expect(await h.venue.call(.submit(buy), instrument: inst) == .accepted)
        #expect(h.fake.order(H.key, symbol: "BTCUSDT", clientOrderId: buy.id.description)?.status == "NEW")
        // The trade through the price fills it; the user data stream says so, once.
        try h.fake.printTrade("BTCUSDT", price: Price.of("98900"))
        try await bnWait { h.sink.fills.count == 1 }
        let f = try #require(h.sink.fills.first)
        #expect(f.orderID == buy.id && f.quantity == Quantity.of("0.01") && f.price == Price.of("99000"))
        // A buy is charged in BTC: what the bot holds is what the account received.
        #expect(f.baseFee == Quantity.of("0.00001"))
        let btc = try #require(h.fake.balance(H.key, "BTC"))
        #expect(btc.total == 1 + Money(raw: f.heldChange.raw))
        #expect(h.sink.count { if case .accepted(buy.id) = $0 { true } else { false } } == 0)
        try await bnWait { await h.venue.stats.reconciliations >= 1 }
        #expect(try await h.venue.openOrders(instrument: inst.id).isEmpty)
    }

    @Test func aMarketOrdersFillsComeOnceWhateverReportsThem() async throws {
        let h = try await H.start()
        defer { Task { await h.stop() } }
        let inst = try await h.open()
        let buy = OrderRequest(id: id(2), side: .buy, type: .market, quantity: Quantity.of("0.5"))
        #expect(await h.venue.call(.submit(buy), instrument: inst) == .accepted)
        try await bnWait { h.sink.fills.reduce(Quantity.zero) { $0 + $1.quantity } == Quantity.of("0.5") }
        // The answer (FULL) and the stream both reported it: each trade once.
        let deliveries = h.sink.count { if case .filled = $0 { true } else { false } }
        #expect(deliveries >= h.sink.fills.count)
        // A reconciliation hands the same trades on again; the ledger's dedupe keeps them once.
        h.fake.dropConnections()
        try await bnWait { await h.venue.stats.reconciliations >= 2 }
        #expect(h.sink.fills.count == h.fake.counters.ordersPlaced)
        let held = h.sink.fills.reduce(Quantity.zero) { $0 + $1.heldChange }
        #expect(try #require(h.fake.balance(H.key, "BTC")).total == 1 + Money(raw: held.raw))
    }

    @Test func anOrderExecutedButUnansweredIsFoundNotSentAgain() async throws {
        let h = try await H.start()
        defer { Task { await h.stop() } }
        let inst = try await h.open()
        h.fake.faults { $0.failNextOrders = 1; $0.afterExecuting = .serverError(status: 503) }
        let buy = OrderRequest(id: id(3), side: .buy, type: .limit(Price.of("90000")), quantity: Quantity.of("0.01"))
        #expect(await h.venue.call(.submit(buy), instrument: inst) == .accepted)
        #expect(h.fake.counters.ordersPlaced == 1)
        let stats = await h.venue.stats
        #expect(stats.unknownOutcomes == 1 && stats.resends == 0)
        #expect(h.fake.openOrders(H.key).count == 1)
    }

    /// The kept-alive connection closes after Binance executed the order and before its answer:
    /// the transport does not send it again by itself (a filled order's id is free again on
    /// Binance, so a second copy would fill twice); the gateway asks and finds it.
    @Test func anOrderWhoseConnectionClosedBeforeItsAnswerFillsOnce() async throws {
        let h = try await H.start()
        defer { Task { await h.stop() } }
        let inst = try await h.open()
        h.fake.faults { $0.failNextOrders = 1; $0.afterExecuting = .closeConnection }
        let buy = OrderRequest(id: id(8), side: .buy, type: .market, quantity: Quantity.of("0.01"))
        #expect(await h.venue.call(.submit(buy), instrument: inst) == .accepted)
        let stats = await h.venue.stats
        #expect(h.fake.counters.closedConnections == 1)
        #expect(h.fake.counters.ordersPlaced == 1 && stats.unknownOutcomes == 1 && stats.resends == 0)
        try await bnWait { h.sink.fills.reduce(Quantity.zero) { $0 + $1.quantity } == Quantity.of("0.01") }
    }

    @Test func anOrderLostOnTheWayIsSentAgainWithTheSameIDAfterItsDeadline() async throws {
        let h = try await H.start(timeout: .milliseconds(500))
        defer { Task { await h.stop() } }
        let inst = try await h.open()
        h.fake.faults { $0.loseNextOrders = 1 }
        let buy = OrderRequest(id: id(4), side: .buy, type: .market, quantity: Quantity.of("0.01"))
        let before = h.fake.clock.nowMs
        #expect(await h.venue.call(.submit(buy), instrument: inst) == .accepted)
        // Asked about only once Binance could no longer take the lost send, then sent again.
        #expect(h.fake.clock.nowMs - before >= 1_000)
        #expect(await h.venue.stats.resends == 1)
        #expect(h.fake.counters.ordersPlaced == 1)
        try await bnWait { h.sink.fills.count >= 1 }
        #expect(h.sink.fills.allSatisfy { $0.orderID == buy.id })
    }

    @Test func anUnansweredOrderThatTimedOutIsAdoptedOnce() async throws {
        let h = try await H.start(timeout: .milliseconds(400))
        defer { Task { await h.stop() } }
        let inst = try await h.open()
        h.fake.faults { $0.failNextOrders = 1; $0.afterExecuting = .noAnswer }
        let sell = OrderRequest(id: id(5), side: .sell, type: .market, quantity: Quantity.of("0.2"))
        #expect(await h.venue.call(.submit(sell), instrument: inst) == .accepted)
        let resends = await h.venue.stats.resends
        #expect(h.fake.counters.ordersPlaced == 1 && resends == 0)
        try await bnWait { h.sink.fills.reduce(Quantity.zero) { $0 + $1.quantity } == Quantity.of("0.2") }
        // A sell is charged in USDT: nothing withheld from the base.
        #expect(h.sink.fills.allSatisfy { $0.baseFee == nil && $0.fee.raw > 0 })
    }

    @Test func refusalsCarryBinancesCodeAndCancelsEndOrdersOnce() async throws {
        let h = try await H.start()
        defer { Task { await h.stop() } }
        let inst = try await h.open()
        let tooBig = OrderRequest(id: id(6), side: .buy, type: .limit(Price.of("99000")), quantity: 50)
        guard case .rejected(let code, let message) = await h.venue.call(.submit(tooBig), instrument: inst) else {
            Issue.record("an order beyond the balance was taken")
            return
        }
        #expect(code == "-2010" && message.contains("insufficient balance"))
        let rest = OrderRequest(id: id(7), side: .buy, type: .limit(Price.of("95000")), quantity: Quantity.of("0.01"))
        #expect(await h.venue.call(.submit(rest), instrument: inst) == .accepted)
        #expect(await h.venue.call(.cancel(rest.id), instrument: inst) == .accepted)
        try await bnWait { h.sink.count { $0 == .cancelled(rest.id) } >= 1 }
        try await Task.sleep(for: .milliseconds(300))
        #expect(h.sink.count { $0 == .cancelled(rest.id) } == 1)
        // Cancelling again: Binance no longer has it open.
        guard case .rejected(let again, _) = await h.venue.call(.cancel(rest.id), instrument: inst) else {
            Issue.record("a second cancel was accepted")
            return
        }
        #expect(again == "-2011")
    }
}
