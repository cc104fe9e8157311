import BotCore

/// One account's trading state: settings, cash, positions, orders, algo orders and fills.
final class AccountBook {
    var account: FakeAccount
    /// USDT cash balance: deposits, realised PnL and fees.
    var cash: Money
    var positionMode: FakeAccount.PositionMode
    /// Leverage per instrument (cross margin): 10× until set-leverage changes it.
    var leverage: [String: Int] = [:]

    init(_ account: FakeAccount) {
        self.account = account
        cash = account.usdt
        positionMode = account.positionMode
    }

    func lever(_ instId: String) -> Int { leverage[instId] ?? 10 }
}
