import BotCore

/// One order as the exchange keeps it, from placement to its final status.
final class SpotOrder {
    enum Kind: String {
        case limit = "LIMIT", market = "MARKET", limitMaker = "LIMIT_MAKER"
        case stopLoss = "STOP_LOSS", stopLossLimit = "STOP_LOSS_LIMIT"
        case takeProfit = "TAKE_PROFIT", takeProfitLimit = "TAKE_PROFIT_LIMIT"

        /// Waits for the last trade to reach `stopPrice`.
        var isConditional: Bool { self != .limit && self != .market && self != .limitMaker }
        /// Has a limit price (else it trades at market once working).
        var hasPrice: Bool { self == .limit || self == .limitMaker || self == .stopLossLimit || self == .takeProfitLimit }
        var needsTimeInForce: Bool { self == .limit || self == .stopLossLimit || self == .takeProfitLimit }
    }

    enum Status: String {
        case new = "NEW", partiallyFilled = "PARTIALLY_FILLED", filled = "FILLED", canceled = "CANCELED"
        case expired = "EXPIRED", rejected = "REJECTED"
    }

    /// One execution of the order.
    struct Fill {
        var price: Price
        var qty: Quantity
        var commission: Money
        var commissionAsset: String
        var tradeId: Int64
        var maker: Bool
        var time: Int64

        var json: JSON {
            .object([("price", .dec(price)), ("qty", .dec(qty)), ("commission", .dec(commission)),
                     ("commissionAsset", .string(commissionAsset)), ("tradeId", .int(tradeId))])
        }
    }

    let symbol: String
    let orderId: Int64
    let clientOrderId: String
    let side: Side
    let kind: Kind
    /// GTC, IOC or FOK; Binance reports GTC for the types that take none.
    let timeInForce: String
    /// 0 for the market kinds.
    let price: Price
    /// 0 unless conditional.
    let stopPrice: Price
    let origQty: Quantity
    /// A MARKET order sized in quote (`quoteOrderQty`); 0 otherwise.
    let origQuoteOrderQty: Money
    let time: Int64
    var executedQty: Quantity = .zero
    var cummulativeQuoteQty: Money = .zero
    var status: Status = .new
    var updateTime: Int64
    /// When it went on the book; nil while a conditional order waits for its trigger.
    var workingTime: Int64?
    /// What the order holds of `lockAsset` (quote for a buy, base for a sell).
    var locked: Money = .zero
    var lockAsset: String
    var fills: [Fill] = []
    /// The unfilled-order windows it was counted in (10 s and day), until it first fills.
    var countedIn: (short: Int64, day: Int64)?

    init(symbol: String, orderId: Int64, clientOrderId: String, side: Side, kind: Kind, timeInForce: String, price: Price,
         stopPrice: Price, origQty: Quantity, origQuoteOrderQty: Money, time: Int64, lockAsset: String) {
        self.symbol = symbol
        self.orderId = orderId
        self.clientOrderId = clientOrderId
        self.side = side
        self.kind = kind
        self.timeInForce = timeInForce
        self.price = price
        self.stopPrice = stopPrice
        self.origQty = origQty
        self.origQuoteOrderQty = origQuoteOrderQty
        self.time = time
        self.lockAsset = lockAsset
        updateTime = time
        workingTime = kind.isConditional ? nil : time
    }

    var isOpen: Bool { status == .new || status == .partiallyFilled }
    /// On the book: open and, if conditional, triggered.
    var isWorking: Bool { isOpen && workingTime != nil }
    var remaining: Quantity { origQty - executedQty }
    /// The limit price once working; nil for the kinds that trade at market.
    var limitPrice: Price? { kind.hasPrice ? price : nil }
}
