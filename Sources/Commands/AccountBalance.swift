import BotCore

/// Cash and equity of one paper book: an account's whole wallet (`instrument` "all") or
/// one instrument's share of it.
public struct AccountBalance: Sendable, Equatable {
    public var account: String
    public var instrument: String
    public var balance: Money
    public var equity: Money

    public init(account: String, instrument: String, balance: Money, equity: Money) {
        self.account = account
        self.instrument = instrument
        self.balance = balance
        self.equity = equity
    }
}
