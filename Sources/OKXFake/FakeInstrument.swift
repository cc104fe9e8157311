import BotCore

/// An instrument as public/instruments lists it. The two defaults copy OKX's own listing of
/// the USDT-margined perpetuals (ctVal 0.01 BTC and 0.1 ETH, lot and minimum 0.01 contract).
public struct FakeInstrument: Sendable {
    /// `state`: only `live` instruments take orders.
    public enum State: String, Sendable {
        case live, suspend, preopen, test
    }

    public var instId: String
    public var instType: String
    public var instFamily: String
    public var settleCcy: String
    public var ctValCcy: String
    public var ctVal: Quantity
    public var tickSz: Price
    public var lotSz: Quantity
    public var minSz: Quantity
    public var maxLever: Int
    public var state: State
    public var listTime: Int64
    /// Regular (Lv1) swap fees: 0.02 % maker, 0.05 % taker.
    public var makerFee: Ratio
    public var takerFee: Ratio

    public init(instId: String, ctVal: Quantity, tickSz: Price, lotSz: Quantity, minSz: Quantity,
                maxLever: Int = 100, state: State = .live, makerFee: Ratio = Ratio.of("0.0002"),
                takerFee: Ratio = Ratio.of("0.0005")) {
        self.instId = instId
        instType = instId.hasSuffix("-SWAP") ? "SWAP" : "SPOT"
        let parts = instId.split(separator: "-")
        instFamily = parts.count >= 2 ? "\(parts[0])-\(parts[1])" : instId
        settleCcy = parts.count >= 2 ? String(parts[1]) : "USDT"
        ctValCcy = parts.first.map(String.init) ?? ""
        self.ctVal = ctVal
        self.tickSz = tickSz
        self.lotSz = lotSz
        self.minSz = minSz
        self.maxLever = maxLever
        self.state = state
        listTime = 1_573_557_408_000
        self.makerFee = makerFee
        self.takerFee = takerFee
    }

    public static let btcUsdtSwap = FakeInstrument(instId: "BTC-USDT-SWAP", ctVal: Quantity.of("0.01"),
                                                   tickSz: Price.of("0.1"), lotSz: Quantity.of("0.01"),
                                                   minSz: Quantity.of("0.01"))
    public static let ethUsdtSwap = FakeInstrument(instId: "ETH-USDT-SWAP", ctVal: Quantity.of("0.1"),
                                                   tickSz: Price.of("0.01"), lotSz: Quantity.of("0.01"),
                                                   minSz: Quantity.of("0.01"))

    /// The listing's fields in OKX's order (public/instruments, instType SWAP).
    var json: JSON {
        .object([
            ("alias", ""), ("auctionEndTime", ""), ("baseCcy", ""), ("category", "1"), ("contTdSwTime", ""),
            ("ctMult", "1"), ("ctType", "linear"), ("ctVal", JSON(ctVal)), ("ctValCcy", .string(ctValCcy)),
            ("expTime", ""), ("futureSettlement", .bool(false)), ("instFamily", .string(instFamily)),
            ("instId", .string(instId)), ("instType", .string(instType)), ("lever", .string(String(maxLever))),
            ("listTime", JSON(listTime)), ("lotSz", JSON(lotSz)), ("maxIcebergSz", "100000000"),
            ("maxLmtAmt", "20000000"), ("maxLmtSz", "100000000"), ("maxMktAmt", ""), ("maxMktSz", "12000"),
            ("maxStopSz", "12000"), ("maxTriggerSz", "100000000"), ("maxTwapSz", "100000000"),
            ("minSz", JSON(minSz)), ("optType", ""), ("quoteCcy", ""), ("ruleType", "normal"),
            ("settleCcy", .string(settleCcy)), ("state", .string(state.rawValue)), ("stk", ""),
            ("tickSz", JSON(tickSz)), ("tradeQuoteCcyList", .array([])), ("uly", .string(instFamily)),
        ])
    }

    /// Quote value of `sz` contracts at `px`.
    func notional(px: Price, sz: Quantity) -> Money {
        let base: Quantity = sz.times(ctVal, .halfEven)
        return px.times(base, .halfEven)
    }
}
