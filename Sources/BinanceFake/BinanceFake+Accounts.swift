import BotCore

extension BinanceFake {
    public func addAccount(_ account: Account) {
        core.with { x in x.accounts[account.apiKey] = AccountState(account, now: x.now) }
    }

    /// An asset's balance, nil for an unknown key.
    public func balance(_ apiKey: String, _ asset: String) -> Balance? {
        core.with { $0.accounts[apiKey]?.balance(asset) }
    }

    /// Credits (or, negative, debits) an account's free balance as a deposit or withdrawal
    /// would: `balanceUpdate` then `outboundAccountPosition` on its user data subscriptions.
    public func deposit(_ apiKey: String, asset: String, amount: Money) throws(FakeError) {
        try core.with { x throws(FakeError) in
            guard let a = x.accounts[apiKey] else { throw FakeError("no account with key \(apiKey)") }
            guard a.balance(asset).free + amount >= .zero else { throw FakeError("\(asset) would go below zero") }
            x.credit(a, asset: asset, delta: amount)
        }
    }

    /// Changes what an account or its key may do (trading, withdrawals, BNB fees, rates); its
    /// balances move only by trading and `deposit`.
    public func updateAccount(_ apiKey: String, _ change: (inout Account) -> Void) throws(FakeError) {
        try core.with { x throws(FakeError) in
            guard let a = x.accounts[apiKey] else { throw FakeError("no account with key \(apiKey)") }
            change(&a.account)
        }
    }

    /// An order as the exchange holds it, by client id (the latest with that id).
    public func order(_ apiKey: String, symbol: String, clientOrderId: String) -> OrderSnapshot? {
        core.with { x in
            x.accounts[apiKey]?.latestOrder(symbol, clientOrderId: clientOrderId).map(OrderSnapshot.init)
        }
    }

    /// The account's open orders on every symbol, oldest first.
    public func openOrders(_ apiKey: String) -> [OrderSnapshot] {
        core.with { x in x.accounts[apiKey]?.orders.filter(\.isOpen).map(OrderSnapshot.init) ?? [] }
    }

    /// An order's state, as a test reads it without going through REST.
    public struct OrderSnapshot: Sendable, Equatable {
        public var symbol: String
        public var orderId: Int64
        public var clientOrderId: String
        /// Binance's `status`: NEW, PARTIALLY_FILLED, FILLED, CANCELED, EXPIRED.
        public var status: String
        /// Binance's `type`: LIMIT, MARKET, LIMIT_MAKER, STOP_LOSS_LIMIT, …
        public var type: String
        public var side: Side
        public var price: Price
        public var origQty: Quantity
        public var executedQty: Quantity
        public var cummulativeQuoteQty: Money
        /// On the book (a conditional order only once triggered).
        public var isWorking: Bool

        init(_ o: SpotOrder) {
            symbol = o.symbol
            orderId = o.orderId
            clientOrderId = o.clientOrderId
            status = o.status.rawValue
            type = o.kind.rawValue
            side = o.side
            price = o.price
            origQty = o.origQty
            executedQty = o.executedQty
            cummulativeQuoteQty = o.cummulativeQuoteQty
            isWorking = o.isWorking
        }
    }
}
