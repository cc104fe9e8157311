import BotCore
import BotTestKit
import Execution
import Risk
import Testing

/// The pipeline's rules, driven by hand: what a venue may do to the order of events must not
/// change what the ledger ends with.
struct OrderPipelineTests {
    let inst = Instrument(id: InstrumentID(venue: "okx", symbol: "BTC-USDT-SWAP"), kind: .perpetual, base: "BTC", quote: "USDT",
                          tickSize: Price.of("0.1"), lotSize: Quantity.of("0.01"), minSize: Quantity.of("0.01"), minNotional: 0,
                          contractValue: Quantity.of("0.01"), makerFee: Ratio.of("0.0002"), takerFee: Ratio.of("0.0005"))
    struct NoExposure: ExposureBook {
        func reserve(_ notional: Money) -> UserExposure { UserExposure() }
        func release(_ notional: Money) {}
    }

    func pipeline() -> OrderPipeline {
        OrderPipeline(ledger: BotLedger(bot: "b", instrument: inst), guardrails: RiskGuard())
    }

    /// Places one market buy of `q` and returns its id, with the call handed out.
    func place(_ p: inout OrderPipeline, _ q: Quantity, written: inout [OrderRequest]) -> (ClientOrderID, VenueCall?) {
        var sink = IntentSink(bot: "b", nextSequence: UInt64(written.count))
        let id = sink.place(.buy, .market, quantity: q)
        p.take(&sink)
        let call = p.nextCall(exposure: NoExposure(), lastPrice: 100, writeAhead: { r, _ in written.append(r) })
        return (id, call)
    }

    func fill(_ id: ClientOrderID, _ q: Quantity, trade: String) -> OrderEvent {
        .filled(Fill(orderID: id, ts: 1, side: .buy, positionSide: .net, price: 100, quantity: q, fee: .zero,
                     liquidity: .taker, tradeID: trade))
    }

    @Test func anOrderIsWrittenAheadBeforeItsCallIsHandedOut() {
        var p = pipeline()
        var written: [OrderRequest] = []
        let (id, call) = place(&p, 2, written: &written)
        #expect(written.map(\.id) == [id])
        #expect(call == .submit(written[0]))
        #expect(p.ledger.order(id)?.status == .pendingNew)
    }

    @Test func aFillReportedTwiceIsAppliedOnce() {
        var p = pipeline()
        var written: [OrderRequest] = []
        let (id, _) = place(&p, 2, written: &written)
        #expect(p.apply(fill(id, 1, trade: "t1")) == .applied)
        #expect(p.apply(fill(id, 1, trade: "t1")) == .duplicate)
        #expect(p.apply(fill(id, 1, trade: "t2")) == .applied)
        #expect(p.ledger.position(.net).quantity == 2)
        #expect(p.ledger.order(id)?.status == .filled)
        #expect(p.ledger.fillCount == 2)
        // Told to the strategy once each.
        #expect(p.takeFeedback().count == 2)
    }

    @Test func lateAcknowledgementsAndCancelsNeverReopenAFinishedOrder() {
        var p = pipeline()
        var written: [OrderRequest] = []
        let (id, call) = place(&p, 2, written: &written)
        // The fill comes before the venue's answer, then the answer, then a stale cancel.
        #expect(p.apply(fill(id, 2, trade: "t1")) == .applied)
        let ack = p.acknowledge(call!, .accepted)
        #expect(ack == .accepted(id))
        _ = p.apply(ack!)
        _ = p.apply(.cancelled(id))
        #expect(p.ledger.order(id)?.status == .filled)
        #expect(p.ledger.order(id)?.filled == 2)
        #expect(p.ledger.openOrderCount == 0)
    }

    @Test func aFillAfterTheCancelItPrecededIsBookedAndTheOrderStaysCancelled() {
        var p = pipeline()
        var written: [OrderRequest] = []
        let (id, _) = place(&p, 3, written: &written)
        _ = p.apply(.accepted(id))
        _ = p.apply(.cancelled(id))
        #expect(p.apply(fill(id, 1, trade: "t1")) == .applied)
        #expect(p.ledger.order(id)?.status == .cancelled)
        #expect(p.ledger.order(id)?.filled == 1)
        #expect(p.ledger.position(.net).quantity == 1)
    }

    @Test func anEventForAnOrderTheBotDoesNotKnowIsKeptNotAttributed() {
        var p = pipeline()
        let stranger = ClientOrderID(bot: "b", sequence: 99)
        #expect(p.apply(fill(stranger, 5, trade: "x")) == .unknownOrder)
        #expect(p.unmatched.count == 1)
        #expect(p.ledger.position(.net).isFlat)
        #expect(!p.hasFeedback)
    }

    @Test func anUnansweredCallIsUncertainUntilTheVenueReportsOnIt() {
        var p = pipeline()
        var written: [OrderRequest] = []
        let (id, call) = place(&p, 1, written: &written)
        #expect(p.acknowledge(call!, .unknown) == nil)
        #expect(p.uncertain == [id])
        _ = p.apply(fill(id, 1, trade: "t"))
        #expect(p.uncertain.isEmpty)
    }

    @Test func aRejectedSubmitIsTheVenuesCodeAndMessage() {
        var p = pipeline()
        var written: [OrderRequest] = []
        let (id, call) = place(&p, 1, written: &written)
        let e = p.acknowledge(call!, .rejected(code: "51008", message: "insufficient balance"))
        #expect(e == .rejected(id, reason: "51008 insufficient balance"))
        _ = p.apply(e!)
        #expect(p.ledger.order(id)?.status == .rejected)
    }

    @Test func nothingLeavesWhileHaltedExceptAStopsClosingOrders() {
        var p = pipeline()
        var written: [OrderRequest] = []
        let (id, _) = place(&p, 1, written: &written)
        _ = p.apply(fill(id, 1, trade: "t"))
        _ = p.takeFeedback()
        p.halt = .botNotRunning
        var sink = IntentSink(bot: "b", nextSequence: 5)
        let denied = sink.place(.buy, .market, quantity: 1)
        p.take(&sink)
        #expect(p.nextCall(exposure: NoExposure(), lastPrice: 100, writeAhead: { r, _ in written.append(r) }) == nil)
        #expect(p.takeFeedback() == [.riskRejected(denied, RiskDenial(.botNotRunning, ""))])
        p.queueStop(cancelOrders: true, closePositions: true, sink: &sink)
        let call = p.nextCall(exposure: NoExposure(), lastPrice: 100, writeAhead: { r, _ in written.append(r) })
        guard case .submit(let close) = call else { Issue.record("no closing order: \(String(describing: call))"); return }
        #expect(close.reduceOnly && close.side == .sell && close.quantity == 1)
        #expect(written.last == close, "the closing order is written ahead like any other")
    }

    @Test func aDecisionsSecondOrderSeesTheFirstOnesFill() {
        // Close, then open the other way: the opening order is checked against the position
        // the close left, which the driver applied before asking for the next call.
        var p = pipeline()
        var written: [OrderRequest] = []
        let (id, _) = place(&p, 1, written: &written)
        _ = p.apply(fill(id, 1, trade: "t"))
        var sink = IntentSink(bot: "b", nextSequence: 1)
        sink.close(.net)
        sink.place(.sell, .market, quantity: 1, reduceOnly: true)
        p.take(&sink)
        _ = p.takeFeedback()
        var calls = 0
        while let call = p.nextCall(exposure: NoExposure(), lastPrice: 100, writeAhead: { _, _ in }) {
            calls += 1
            // What the venue reported while it was called is applied before the next call.
            _ = p.apply(fill(call.orderID, 1, trade: "c\(calls)").sold)
        }
        #expect(calls == 1, "the reduce-only sell after the close has nothing left to reduce")
        #expect(p.takeFeedback().contains { if case .riskRejected(_, let d) = $0 { d.code == .reduceOnlyExceedsPosition } else { false } })
    }
}

extension OrderEvent {
    /// The same fill on the sell side.
    var sold: OrderEvent {
        guard case .filled(var f) = self else { return self }
        f.side = .sell
        return .filled(f)
    }
}

/// An order sized in quote counts against the user's exposure for its amount (its size is
/// the venue's to work out: zero as the strategy sends it).
struct QuoteSizedExposureTests {
    final class Recording: ExposureBook, @unchecked Sendable {
        var reserved: [Money] = []
        func reserve(_ notional: Money) -> UserExposure {
            reserved.append(notional)
            return UserExposure()
        }
        func release(_ notional: Money) {}
    }

    @Test func itReservesItsAmount() {
        let inst = Instrument(id: InstrumentID(venue: "binance", symbol: "BTCUSDT"), kind: .spot, base: "BTC", quote: "USDT",
                              tickSize: Price.of("0.01"), lotSize: Quantity.of("0.00001"), minSize: Quantity.of("0.00001"),
                              minNotional: 5, makerFee: 0, takerFee: 0)
        var p = OrderPipeline(ledger: BotLedger(bot: "b", instrument: inst), guardrails: RiskGuard())
        var sink = IntentSink(bot: "b")
        sink.placeQuote(.buy, quote: Money.of("250"))
        p.take(&sink)
        let book = Recording()
        let call = p.nextCall(exposure: book, lastPrice: Price.of("50000"), writeAhead: { _, _ in })
        #expect(book.reserved == [Money.of("250")])
        guard case .submit(let r)? = call else { Issue.record("no order"); return }
        #expect(r.quantity == Quantity.of("0.005") && r.quoteQuantity == Money.of("250"))
    }
}
