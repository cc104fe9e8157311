import BotCore

extension BinanceFake {
    /// One API key (HMAC) and the spot account behind it.
    ///
    /// Binance splits what a key may do (`/sapi/v1/account/apiRestrictions`: reading, spot
    /// trading, withdrawals, an IP whitelist) from what the account may do (`/api/v3/account`:
    /// `canTrade`, `canWithdraw`, `canDeposit`); a trade needs both `canTrade` and
    /// `enableSpotAndMarginTrading`, a read needs `enableReading`, else -2015.
    public struct Account: Sendable {
        public var apiKey: String
        public var secret: String
        public var uid: Int64
        /// Free balances per asset when the account is added (nothing locked).
        public var balances: [String: Money]
        public var canTrade: Bool
        public var canWithdraw: Bool
        public var canDeposit: Bool
        public var enableReading: Bool
        public var enableSpotAndMarginTrading: Bool
        public var enableWithdrawals: Bool
        public var ipRestrict: Bool
        /// Commission rates as fractions: 0.001 is Binance's standard 0.1 %.
        public var makerCommission: Ratio
        public var takerCommission: Ratio
        /// Pay commissions in BNB (25 % off) while the account holds enough BNB and BNB has a
        /// price in the fill's quote asset (a `BNB<quote>` symbol with a last trade).
        public var payFeesInBNB: Bool

        public init(apiKey: String, secret: String, uid: Int64? = nil,
                    balances: [String: Money] = ["USDT": 10_000, "BTC": 1, "ETH": 10],
                    canTrade: Bool = true, canWithdraw: Bool = false, canDeposit: Bool = true,
                    enableReading: Bool = true, enableSpotAndMarginTrading: Bool = true, enableWithdrawals: Bool = false,
                    ipRestrict: Bool = false, makerCommission: Ratio = Ratio.of("0.001"), takerCommission: Ratio = Ratio.of("0.001"),
                    payFeesInBNB: Bool = false) {
            self.apiKey = apiKey
            self.secret = secret
            self.uid = uid ?? Self.uid(for: apiKey)
            self.balances = balances
            self.canTrade = canTrade
            self.canWithdraw = canWithdraw
            self.canDeposit = canDeposit
            self.enableReading = enableReading
            self.enableSpotAndMarginTrading = enableSpotAndMarginTrading
            self.enableWithdrawals = enableWithdrawals
            self.ipRestrict = ipRestrict
            self.makerCommission = makerCommission
            self.takerCommission = takerCommission
            self.payFeesInBNB = payFeesInBNB
        }

        /// A stable nine-digit uid derived from the key (FNV-1a), so runs print the same ids.
        static func uid(for key: String) -> Int64 {
            var h: UInt64 = 0xCBF2_9CE4_8422_2325
            for b in key.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
            return Int64(h % 900_000_000 + 100_000_000)
        }
    }

    /// One asset of an account: free to use, and locked in open orders.
    public struct Balance: Sendable, Equatable {
        public var free: Money
        public var locked: Money

        public init(free: Money, locked: Money = .zero) {
            self.free = free
            self.locked = locked
        }

        public var total: Money { free + locked }
    }
}
