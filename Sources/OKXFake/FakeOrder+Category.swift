import BotCore

extension FakeOrder {
    /// The bill subtype of this order's fills (trade/fills, account/bills): "1" buy and "2"
    /// sell for the account's own orders; for a liquidation, per position mode (docs-v5, Get
    /// bills details): long/short mode 100/101 partial and 104/105 full (close long, close
    /// short); net mode 102/103 partial and 106/107 full (buy, sell).
    var fillSubType: String {
        let partial = category == .partialLiquidation
        switch (category, posSide) {
        case (.normal, _): return side == .buy ? "1" : "2"
        case (_, "long"): return partial ? "100" : "104"
        case (_, "short"): return partial ? "101" : "105"
        default: return side == .buy ? (partial ? "102" : "106") : (partial ? "103" : "107")
        }
    }

    /// Whether the order can only shrink its leg: reduce-only in net mode, and in long/short
    /// mode every order that trades against its side (OKX takes no reduceOnly there).
    var closesPosition: Bool {
        reduceOnly || (posSide != "net" && (posSide == "long") != (side == .buy))
    }
}
