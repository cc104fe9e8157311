import BotCore

/// An order as OKX keeps it: what was asked, what has filled, and its state.
final class FakeOrder {
    enum OrdType: String {
        case market, limit, postOnly = "post_only", fok, ioc
    }

    enum State: String {
        case live, partiallyFilled = "partially_filled", filled, canceled

        var isOpen: Bool { self == .live || self == .partiallyFilled }
    }

    /// Who placed the order: the account (`normal`), or OKX's risk engine closing a position.
    enum Category: String {
        case normal, fullLiquidation = "full_liquidation", partialLiquidation = "partial_liquidation"
    }

    /// The last fill, which the order's `fill*` fields describe.
    struct LastFill {
        var px: Price
        var sz: Quantity
        var fee: Money
        var pnl: Money
        var tradeId: String
        var ts: Int64
        var maker: Bool
    }

    let ordId: String
    let clOrdId: String
    let tag: String
    let instId: String
    let tdMode: String
    let side: Side
    let posSide: String
    let ordType: OrdType
    var px: Price?
    var sz: Quantity
    let reduceOnly: Bool
    let lever: Int
    let cTime: Int64
    var uTime: Int64
    var state: State = .live
    var accFillSz: Quantity = .zero
    /// Σ fill price × fill size, for `avgPx`.
    var fillValue: Money = .zero
    /// Cumulative, negative when charged (OKX's sign).
    var fee: Money = .zero
    var pnl: Money = .zero
    var lastFill: LastFill?
    var cancelSource = ""
    var cancelSourceReason = ""
    var algoId = ""
    var algoClOrdId = ""
    var category: Category = .normal
    /// Set on the push that reports an amendment.
    var amendResult = ""
    var reqId = ""

    init(ordId: String, clOrdId: String, tag: String, instId: String, tdMode: String, side: Side, posSide: String,
         ordType: OrdType, px: Price?, sz: Quantity, reduceOnly: Bool, lever: Int, now: Int64) {
        self.ordId = ordId
        self.clOrdId = clOrdId
        self.tag = tag
        self.instId = instId
        self.tdMode = tdMode
        self.side = side
        self.posSide = posSide
        self.ordType = ordType
        self.px = px
        self.sz = sz
        self.reduceOnly = reduceOnly
        self.lever = lever
        cTime = now
        uTime = now
    }

    var remaining: Quantity { sz - accFillSz }

    var avgPx: Price? {
        accFillSz.isZero ? nil : fillValue.divided(by: accFillSz, .halfEven)
    }

    /// The order's fields as GET trade/order lists them; `push` adds the orders channel's
    /// per-update fields (`execType`, `fillFee`, `code`, …).
    func json(push: Bool) -> JSON {
        let f = lastFill
        var fields: [(String, JSON)] = [
            ("instType", "SWAP"), ("instId", .string(instId)), ("tgtCcy", ""), ("ccy", ""), ("ordId", .string(ordId)),
            ("clOrdId", .string(clOrdId)), ("tag", .string(tag)), ("px", px.map(JSON.init) ?? ""), ("pxUsd", ""),
            ("pxVol", ""), ("pxType", ""), ("sz", JSON(sz)), ("pnl", JSON(pnl)), ("ordType", .string(ordType.rawValue)),
            ("side", .string(side.rawValue)), ("posSide", .string(posSide)), ("tdMode", .string(tdMode)),
            ("accFillSz", JSON(accFillSz)), ("fillPx", f.map { JSON($0.px) } ?? ""),
            ("tradeId", f.map { JSON.string($0.tradeId) } ?? ""), ("fillSz", f.map { JSON($0.sz) } ?? "0"),
            ("fillTime", f.map { JSON($0.ts) } ?? ""), ("avgPx", avgPx.map(JSON.init) ?? ""),
            ("state", .string(state.rawValue)), ("stpId", ""), ("stpMode", "cancel_maker"), ("lever", .string(String(lever))),
            ("attachAlgoClOrdId", ""), ("tpTriggerPx", ""), ("tpTriggerPxType", ""), ("tpOrdPx", ""), ("slTriggerPx", ""),
            ("slTriggerPxType", ""), ("slOrdPx", ""), ("attachAlgoOrds", .array([])), ("linkedAlgoOrd", .object([("algoId", "")])),
            ("feeCcy", "USDT"), ("fee", JSON(fee)), ("rebateCcy", "USDT"), ("source", ""), ("rebate", "0"),
            ("category", .string(category.rawValue)), ("reduceOnly", .string(reduceOnly ? "true" : "false")), ("isTpLimit", "false"),
            ("cancelSource", .string(cancelSource)), ("cancelSourceReason", .string(cancelSourceReason)),
            ("quickMgnType", ""), ("algoClOrdId", .string(algoClOrdId)), ("algoId", .string(algoId)),
            ("uTime", JSON(uTime)), ("cTime", JSON(cTime)), ("tradeQuoteCcy", ""),
        ]
        if push {
            fields += [
                ("execType", .string(f.map { $0.maker ? "M" : "T" } ?? "")), ("fillFee", f.map { JSON($0.fee) } ?? "0"),
                ("fillFeeCcy", f == nil ? "" : "USDT"), ("fillPnl", f.map { JSON($0.pnl) } ?? "0"),
                ("fillNotionalUsd", ""), ("notionalUsd", ""), ("fillPxVol", ""), ("fillPxUsd", ""), ("fillMarkVol", ""),
                ("fillFwdPx", ""), ("fillMarkPx", ""), ("fillIdxPx", ""), ("amendResult", .string(amendResult)),
                ("amendSource", ""), ("reqId", .string(reqId)), ("code", "0"), ("msg", ""),
            ]
        }
        return .object(fields)
    }
}

/// One execution, as trade/fills lists it.
struct FakeFill {
    var billId: String
    var tradeId: String
    var ordId: String
    var clOrdId: String
    var tag: String
    var instId: String
    var side: Side
    var posSide: String
    var px: Price
    var sz: Quantity
    var fee: Money
    var feeRate: Ratio
    var pnl: Money
    var maker: Bool
    var ts: Int64
    /// The bill subtype: "1" buy, "2" sell, or a liquidation's (`FakeOrder.fillSubType`).
    var subType: String

    var json: JSON {
        .object([
            ("instType", "SWAP"), ("instId", .string(instId)), ("tradeId", .string(tradeId)), ("ordId", .string(ordId)),
            ("clOrdId", .string(clOrdId)), ("billId", .string(billId)), ("subType", .string(subType)),
            ("tag", .string(tag)), ("fillPx", JSON(px)), ("fillSz", JSON(sz)), ("fillIdxPx", ""), ("fillPnl", JSON(pnl)),
            ("fillPxVol", ""), ("fillPxUsd", ""), ("fillMarkVol", ""), ("fillFwdPx", ""), ("fillMarkPx", ""),
            ("side", .string(side.rawValue)), ("posSide", .string(posSide)), ("execType", .string(maker ? "M" : "T")),
            ("feeCcy", "USDT"), ("fee", JSON(fee)), ("ts", JSON(ts)), ("fillTime", JSON(ts)),
            ("feeRate", JSON(-feeRate)), ("tradeQuoteCcy", ""),
        ])
    }
}
