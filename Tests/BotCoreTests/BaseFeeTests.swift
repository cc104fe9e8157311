import BotCore
import Testing

/// A fee taken in the base asset (Binance charges a spot buy's fee in what it bought): the
/// holder gets that much less, and its cost is counted once, as a fee.
struct BaseFeeTests {
    func buy(_ qty: String, at price: String, baseFee: String?, fee: String) -> Fill {
        Fill(orderID: ClientOrderID(bot: "s", sequence: 0), ts: 1, side: .buy, positionSide: .net, price: Price.of(price),
             quantity: Quantity.of(qty), fee: Money.of(fee), liquidity: .taker, tradeID: "T1", baseFee: baseFee.map { Quantity.of($0) })
    }

    func sell(_ qty: Quantity, at price: String) -> Fill {
        Fill(orderID: ClientOrderID(bot: "s", sequence: 1), ts: 2, side: .sell, positionSide: .net, price: Price.of(price),
             quantity: qty, fee: Money.of("0.1"), liquidity: .taker, tradeID: "T2")
    }

    @Test func aBuyWhoseFeeIsTakenInBaseHoldsTheRest() {
        var p = Position(side: .net)
        // 1 BTC at 100, fee 0.001 BTC (worth 0.1 USDT at the fill price).
        let f = buy("1", at: "100", baseFee: "0.001", fee: "0.1")
        #expect(f.heldChange == Quantity.of("0.999"))
        p.apply(f, instrument: btcSpot)
        #expect(p.quantity == Quantity.of("0.999"))
        #expect(p.costBasis == Money.of("99.9") && p.feesPaid == Money.of("0.1"))
        #expect(p.averageEntry(btcSpot) == Price.of("100"))
        // Selling all that is held at the same price realizes nothing; the fee is the whole loss.
        let realized = p.apply(sell(p.quantity, at: "100"), instrument: btcSpot)
        #expect(realized == .zero && p.isFlat)
        #expect(p.netPnL(at: Price.of("100"), btcSpot) == Money.of("-0.2"))
    }

    @Test func aFeeInQuoteLeavesTheQuantityWhole() {
        var p = Position(side: .net)
        let f = buy("1", at: "100", baseFee: nil, fee: "0.1")
        #expect(f.heldChange == Quantity.of("1"))
        p.apply(f, instrument: btcSpot)
        #expect(p.quantity == Quantity.of("1") && p.costBasis == Money.of("100"))
    }

    @Test func aSellWhoseFeeIsTakenInBaseGivesUpTheFeeToo() {
        let f = Fill(orderID: ClientOrderID(bot: "s", sequence: 1), ts: 2, side: .sell, positionSide: .net, price: Price.of("100"),
                     quantity: Quantity.of("0.5"), fee: Money.of("0.1"), liquidity: .taker, baseFee: Quantity.of("0.001"))
        #expect(f.heldChange == Quantity.of("-0.501"))
        var p = Position(side: .net)
        p.apply(buy("1", at: "100", baseFee: nil, fee: "0"), instrument: btcSpot)
        p.apply(f, instrument: btcSpot)
        #expect(p.quantity == Quantity.of("0.499"))
    }
}
