import BotCore

/// One change of the account's USDT balance, as GET account/bills lists it. The fake bills
/// what OKX does to a position by itself: funding fees (type 8) and liquidations (type 5);
/// the account's own trades are in trade/fills only.
struct FakeBill {
    var billId: String
    var type: String
    var subType: String
    var ts: Int64
    var instId: String
    /// The change of the cash balance (negative when paid), and the balance after it.
    var balChg: Money
    var bal: Money
    /// Contracts: the position charged, or the liquidation's fill; always positive.
    var sz: Quantity
    /// The mark price a funding fee was charged at, or the liquidation's fill price.
    var px: Price
    var pnl: Money = .zero
    var fee: Money = .zero
    /// The liquidation order and its fill; empty for funding.
    var ordId = ""
    var tradeId = ""

    /// Funding paid (173, `balChg` < 0) or received (174) on `sz` contracts at mark `px`.
    static func funding(billId: String, ts: Int64, instId: String, balChg: Money, bal: Money, sz: Quantity,
                        px: Price) -> FakeBill {
        FakeBill(billId: billId, type: "8", subType: balChg.raw < 0 ? "173" : "174", ts: ts, instId: instId,
                 balChg: balChg, bal: bal, sz: sz, px: px)
    }

    /// A liquidation order's fill: its subtype (100–107), PnL and fee, which are the change.
    /// It shares the fill's billId, as trade/fills and account/bills do on OKX.
    static func liquidation(fill f: FakeFill, bal: Money) -> FakeBill {
        FakeBill(billId: f.billId, type: "5", subType: f.subType, ts: f.ts, instId: f.instId, balChg: f.pnl + f.fee,
                 bal: bal, sz: f.sz, px: f.px, pnl: f.pnl, fee: f.fee, ordId: f.ordId, tradeId: f.tradeId)
    }

    var isFill: Bool { !tradeId.isEmpty }

    /// The fields in OKX's (alphabetical) order; the isolated-margin ones say nothing moved in
    /// a position's own margin, since the fake keeps all margin in the cash balance.
    var json: JSON {
        .object([
            ("bal", JSON(bal)), ("balChg", JSON(balChg)), ("billId", .string(billId)), ("ccy", "USDT"), ("clOrdId", ""),
            ("execType", isFill ? "T" : ""), ("fee", JSON(fee)), ("fillFwdPx", ""), ("fillIdxPx", ""), ("fillMarkPx", ""),
            ("fillMarkVol", ""), ("fillPx", isFill ? JSON(px) : ""), ("fillPxUsd", ""), ("fillPxVol", ""),
            ("fillTime", isFill ? JSON(ts) : ""), ("from", ""), ("instId", .string(instId)), ("instType", "SWAP"),
            ("interest", "0"), ("mgnMode", "isolated"), ("notes", ""), ("ordId", .string(ordId)), ("pnl", JSON(pnl)),
            ("posBal", "0"), ("posBalChg", "0"), ("px", JSON(px)), ("subType", .string(subType)), ("sz", JSON(sz)),
            ("tag", ""), ("to", ""), ("tradeId", .string(tradeId)), ("ts", JSON(ts)), ("type", .string(type)),
        ])
    }
}
