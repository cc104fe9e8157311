import BotCore

/// `GET /api/v5/account/balance`'s item: the account's equity and one entry per currency.
public struct OKXBalance: Hashable, Sendable, Decodable {
    /// In USD.
    public var totalEquity: Money?
    public var details: [Detail]

    public struct Detail: Hashable, Sendable, Decodable {
        public var currency: String
        public var equity: Money?
        public var cashBalance: Money?
        /// Free to trade with (`availBal`, or `availEq` where the account mode reports that).
        public var available: Money?
        public var frozen: Money?

        enum CodingKeys: String, CodingKey { case ccy, eq, cashBal, availBal, availEq, frozenBal }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            currency = try c.decode(String.self, forKey: .ccy)
            equity = try c.decimalIfPresent(.eq)
            cashBalance = try c.decimalIfPresent(.cashBal)
            available = try c.decimalIfPresent(.availBal) ?? c.decimalIfPresent(.availEq)
            frozen = try c.decimalIfPresent(.frozenBal)
        }

        public var venueBalance: VenueBalance {
            VenueBalance(asset: currency, total: equity ?? cashBalance ?? .zero, available: available ?? .zero)
        }
    }

    enum CodingKeys: String, CodingKey { case totalEq, details }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        totalEquity = try c.decimalIfPresent(.totalEq)
        details = try c.decodeIfPresent([Detail].self, forKey: .details) ?? []
    }

    public var venueBalances: [VenueBalance] { details.map(\.venueBalance) }
}
