import BotCore

/// One account: its settings, balances, orders, trades and unfilled-order counts.
final class AccountState {
    var account: BinanceFake.Account
    var balances: [String: BinanceFake.Balance] = [:]
    /// Every order, in the order placed; `byKey` finds one by `symbol|orderId`.
    var orders: [SpotOrder] = []
    var byKey: [String: SpotOrder] = [:]
    var trades: [AccountTrade] = []
    var orders10s = FixedWindowCounter(lengthMs: 10_000)
    var ordersDay = FixedWindowCounter(lengthMs: 86_400_000)
    var updateTime: Int64

    init(_ account: BinanceFake.Account, now: Int64) {
        self.account = account
        for (asset, amount) in account.balances { balances[asset] = BinanceFake.Balance(free: amount) }
        updateTime = now
    }

    func balance(_ asset: String) -> BinanceFake.Balance { balances[asset] ?? BinanceFake.Balance(free: .zero) }

    func order(_ symbol: String, id: Int64) -> SpotOrder? { byKey[symbol + "|" + String(id)] }

    /// The open order with this client id, if any (Binance's uniqueness rule).
    func openOrder(_ symbol: String, clientOrderId: String) -> SpotOrder? {
        orders.last { $0.symbol == symbol && $0.clientOrderId == clientOrderId && $0.isOpen }
    }

    /// The latest order with this client id, open or not.
    func latestOrder(_ symbol: String, clientOrderId: String) -> SpotOrder? {
        orders.last { $0.symbol == symbol && $0.clientOrderId == clientOrderId }
    }

    func add(_ o: SpotOrder) {
        orders.append(o)
        byKey[o.symbol + "|" + String(o.orderId)] = o
    }
}
