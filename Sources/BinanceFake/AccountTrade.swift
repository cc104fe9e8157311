import BotCore

/// One execution as `myTrades` lists it.
struct AccountTrade {
    var symbol: String
    var id: Int64
    var orderId: Int64
    var price: Price
    var qty: Quantity
    var quoteQty: Money
    var commission: Money
    var commissionAsset: String
    var time: Int64
    var isBuyer: Bool
    var isMaker: Bool

    var json: JSON {
        .object([
            ("symbol", .string(symbol)), ("id", .int(id)), ("orderId", .int(orderId)), ("orderListId", .int(-1)),
            ("price", .dec(price)), ("qty", .dec(qty)), ("quoteQty", .dec(quoteQty)), ("commission", .dec(commission)),
            ("commissionAsset", .string(commissionAsset)), ("time", .int(time)), ("isBuyer", .bool(isBuyer)),
            ("isMaker", .bool(isMaker)), ("isBestMatch", .bool(true)),
        ])
    }
}
