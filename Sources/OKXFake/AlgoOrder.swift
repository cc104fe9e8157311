import BotCore

/// A conditional (stop-loss / take-profit) algo order: it waits for the last price to cross a
/// trigger, then places an order (a market one when the order price is -1).
final class AlgoOrder {
    enum State: String {
        case live, effective, canceled, orderFailed = "order_failed"
    }

    let algoId: String
    let algoClOrdId: String
    let instId: String
    let tdMode: String
    let side: Side
    let posSide: String
    let ordType: String
    let sz: Quantity?
    /// closeFraction "1": the whole position at trigger time.
    let closeWhole: Bool
    let reduceOnly: Bool
    let tag: String
    let slTriggerPx: Price?
    /// nil: market (-1).
    let slOrdPx: Price?
    let tpTriggerPx: Price?
    let tpOrdPx: Price?
    let lever: Int
    let cTime: Int64
    var uTime: Int64
    var state: State = .live
    var ordId = ""
    var actualSz: Quantity = .zero
    var actualPx: Price?
    var actualSide = ""
    var triggerTime: Int64?
    var failCode = ""

    init(algoId: String, algoClOrdId: String, instId: String, tdMode: String, side: Side, posSide: String,
         ordType: String, sz: Quantity?, closeWhole: Bool, reduceOnly: Bool, tag: String,
         sl: (Price, Price?)?, tp: (Price, Price?)?, lever: Int, now: Int64) {
        self.algoId = algoId
        self.algoClOrdId = algoClOrdId
        self.instId = instId
        self.tdMode = tdMode
        self.side = side
        self.posSide = posSide
        self.ordType = ordType
        self.sz = sz
        self.closeWhole = closeWhole
        self.reduceOnly = reduceOnly
        self.tag = tag
        slTriggerPx = sl?.0
        slOrdPx = sl?.1
        tpTriggerPx = tp?.0
        tpOrdPx = tp?.1
        self.lever = lever
        cTime = now
        uTime = now
    }

    /// Which leg the last price `px` triggers, if any. A sell stop protects a long (triggers
    /// at or below its stop, at or above its take-profit); a buy stop the reverse.
    func triggered(at px: Price) -> (leg: String, ordPx: Price?)? {
        if let sl = slTriggerPx, side == .sell ? px <= sl : px >= sl { return ("sl", slOrdPx) }
        if let tp = tpTriggerPx, side == .sell ? px >= tp : px <= tp { return ("tp", tpOrdPx) }
        return nil
    }

    func json(last: Price?) -> JSON {
        func text(_ p: Price?) -> JSON { p.map { JSON($0) } ?? JSON.string("") }
        /// An order price is "-1" for market, and empty when its leg is unused.
        func ordPx(_ p: Price?, _ trigger: Price?) -> JSON { trigger == nil ? JSON.string("") : p.map { JSON($0) } ?? JSON.string("-1") }
        let ids: JSON = ordId.isEmpty ? .array([]) : .array([.string(ordId)])
        var f: [(String, JSON)] = [
            ("instType", "SWAP"), ("instId", .string(instId)), ("ccy", ""), ("ordId", .string(ordId)), ("ordIdList", ids),
            ("algoId", .string(algoId)), ("clOrdId", ""), ("sz", sz.map { JSON($0) } ?? JSON.string("")),
            ("closeFraction", .string(closeWhole ? "1" : "")), ("ordType", .string(ordType)), ("side", .string(side.rawValue)),
            ("posSide", .string(posSide)), ("tdMode", .string(tdMode)), ("tgtCcy", ""), ("state", .string(state.rawValue)),
            ("lever", .string(String(lever))),
        ]
        f += [
            ("tpTriggerPx", text(tpTriggerPx)), ("tpTriggerPxType", .string(tpTriggerPx == nil ? "" : "last")),
            ("tpOrdPx", ordPx(tpOrdPx, tpTriggerPx)), ("slTriggerPx", text(slTriggerPx)),
            ("slTriggerPxType", .string(slTriggerPx == nil ? "" : "last")), ("slOrdPx", ordPx(slOrdPx, slTriggerPx)),
            ("triggerPx", ""), ("triggerPxType", ""), ("ordPx", ""), ("actualSz", JSON(actualSz)), ("actualPx", text(actualPx)),
            ("actualSide", .string(actualSide)), ("triggerTime", triggerTime.map { JSON($0) } ?? JSON.string("")),
        ]
        f += [
            ("tag", .string(tag)), ("algoClOrdId", .string(algoClOrdId)), ("reduceOnly", .string(reduceOnly ? "true" : "false")),
            ("failCode", .string(failCode)), ("last", text(last)), ("isTradeBorrowMode", ""), ("attachAlgoOrds", .array([])),
            ("linkedOrd", .object([("ordId", "")])), ("cTime", JSON(cTime)), ("uTime", JSON(uTime)),
        ]
        return .object(f)
    }
}
