import BotCore

/// An `executionReport` event: one change of one order, with the fill it made if any.
public struct BinanceExecutionReport: Hashable, Sendable, Decodable {
    /// `E`.
    public var eventMs: Int64
    /// `s`.
    public var symbol: String
    /// `c`: the order's client id; on a cancellation, the cancel request's own (then `C` is the order's).
    public var clientOrderID: String
    /// `S`.
    public var side: Side
    /// `o`.
    public var orderType: BinanceOrderType
    /// `f`: GTC, IOC or FOK.
    public var timeInForce: String
    /// `q`.
    public var quantity: Quantity
    /// `p`: 0 for a MARKET order.
    public var price: Price
    /// `P`, nil when 0.
    public var stopPrice: Price?
    /// `C`: on a cancellation, the cancelled order's client id; "" otherwise.
    public var originalClientOrderID: String
    /// `x`.
    public var executionType: BinanceExecutionType
    /// `X`.
    public var orderStatus: BinanceOrderStatus
    /// `r`: "NONE", or why the order was rejected (INSUFFICIENT_BALANCES, …).
    public var rejectReason: String
    /// `i`.
    public var orderID: Int64
    /// `l`: this event's fill.
    public var lastQuantity: Quantity
    /// `z`.
    public var cumulativeQuantity: Quantity
    /// `L`.
    public var lastPrice: Price
    /// `n` in `N` (null until a fill is charged): as Binance charged it.
    public var commission: BinanceCommission
    /// `T`.
    public var transactionMs: Int64
    /// `t`: -1 when this event is not a fill.
    public var tradeID: Int64
    /// `m`: the fill made the market.
    public var isMaker: Bool
    /// `w`: the order is on the book.
    public var isWorking: Bool?
    /// `O`.
    public var createdMs: Int64?
    /// `Z`: quote asset transacted so far.
    public var cumulativeQuoteQuantity: Money?
    /// `eR`, when the order expired: why.
    public var expiryReason: String?

    enum CodingKeys: String, CodingKey {
        case E, s, c, S, o, f, q, p, P, C, x, X, r, i, l, z, L, n, N, T, t, m, w, O, Z
        case eR
    }

    public init(from decoder: any Decoder) throws {
        let k = try decoder.container(keyedBy: CodingKeys.self)
        eventMs = try k.decode(Int64.self, forKey: .E)
        symbol = try k.decode(String.self, forKey: .s)
        clientOrderID = try k.decode(String.self, forKey: .c)
        side = try k.side(.S)
        orderType = BinanceOrderType(rawValue: try k.decode(String.self, forKey: .o))
        timeInForce = try k.text(.f)
        quantity = try k.decimal(.q)
        price = try k.decimalIfPresent(.p) ?? .zero
        stopPrice = try k.decimalIfPresent(.P).flatMap { (p: Price) in p.raw > 0 ? p : nil }
        originalClientOrderID = try k.text(.C)
        executionType = BinanceExecutionType(rawValue: try k.decode(String.self, forKey: .x))
        orderStatus = try k.value(.X)
        rejectReason = try k.text(.r)
        orderID = try k.decode(Int64.self, forKey: .i)
        lastQuantity = try k.decimal(.l)
        cumulativeQuantity = try k.decimal(.z)
        lastPrice = try k.decimalIfPresent(.L) ?? .zero
        commission = BinanceCommission(amount: try k.decimalIfPresent(.n) ?? .zero, asset: try k.text(.N))
        transactionMs = try k.decode(Int64.self, forKey: .T)
        tradeID = try k.decodeIfPresent(Int64.self, forKey: .t) ?? -1
        isMaker = try k.decodeIfPresent(Bool.self, forKey: .m) ?? false
        isWorking = try k.decodeIfPresent(Bool.self, forKey: .w)
        createdMs = try k.decodeIfPresent(Int64.self, forKey: .O)
        cumulativeQuoteQuantity = try k.decimalIfPresent(.Z)
        expiryReason = try k.decodeIfPresent(String.self, forKey: .eR)
    }

    /// This runtime's id for the order: on a cancellation the cancelled order's (`C`), else `c`.
    /// nil for an order the runtime did not place.
    public var runtimeOrderID: ClientOrderID? {
        if executionType == .canceled, !originalClientOrderID.isEmpty { return ClientOrderID(originalClientOrderID) }
        return ClientOrderID(clientOrderID)
    }

    /// The fill this event reports, nil when it is not one (`x` other than TRADE, or nothing
    /// executed). A commission in a third asset (BNB) is converted at `thirdAssetPrice` (its
    /// price in quote), or booked as zero: `commission` keeps it as charged.
    public func fill(instrument: Instrument, thirdAssetPrice: Price? = nil) throws(BinanceError) -> Fill? {
        guard executionType == .trade, lastQuantity.raw > 0 else { return nil }
        let id = try runtimeID()
        guard lastPrice.raw > 0 else { throw BinanceError.malformed("L", "a fill without a price") }
        guard tradeID >= 0 else { throw BinanceError.malformed("t", "a fill without a trade id") }
        let fee = try commission.feeForFill(price: lastPrice, instrument: instrument, thirdAssetPrice: thirdAssetPrice, field: "n")
        return Fill(orderID: id, ts: transactionMs, side: side, positionSide: .net, price: lastPrice, quantity: lastQuantity,
                    fee: fee, liquidity: isMaker ? .maker : .taker, tradeID: String(tradeID), baseFee: commission.inBase(instrument))
    }

    /// The order event this report stands for: NEW accepted, TRADE a fill (partial or last),
    /// CANCELED cancelled, REJECTED rejected with the reason, EXPIRED and TRADE_PREVENTION
    /// expired; nil for the others (an amendment, or a type this layer does not know). Check
    /// `runtimeOrderID` first: for an order of someone else's this throws, naming the field.
    public func orderEvent(instrument: Instrument, thirdAssetPrice: Price? = nil) throws(BinanceError) -> OrderEvent? {
        switch executionType {
        case .new: return .accepted(try runtimeID())
        case .trade: return try fill(instrument: instrument, thirdAssetPrice: thirdAssetPrice).map { .filled($0) }
        case .canceled: return .cancelled(try runtimeID())
        case .rejected: return .rejected(try runtimeID(), reason: rejectReason.isEmpty || rejectReason == "NONE" ? "REJECTED" : rejectReason)
        case .expired, .tradePrevention: return .expired(try runtimeID())
        default: return nil
        }
    }

    private func runtimeID() throws(BinanceError) -> ClientOrderID {
        guard let id = runtimeOrderID else {
            let useOriginal = executionType == .canceled && !originalClientOrderID.isEmpty
            let text = useOriginal ? originalClientOrderID : clientOrderID
            throw BinanceError.malformed(useOriginal ? "C" : "c", "'\(text.prefix(40))' is not one of this runtime's order ids")
        }
        return id
    }
}
