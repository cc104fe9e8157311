import BotCore

/// One balance change of the trading account, from `GET /api/v5/account/bills`. The runtime
/// reads funding fees from them (type 8: subtype 173 paid, 174 received); a bill names no
/// position side, so which leg paid follows from the settled rate's sign.
public struct OKXBill: Hashable, Sendable, Decodable {
    public var billID: String
    public var type: String
    public var subType: String
    public var instId: String
    public var currency: String
    /// The change in the account's balance: negative when paid.
    public var balanceChange: Money
    /// Contracts, for a funding fee the position it was charged on.
    public var size: Quantity?
    /// For a funding fee, the mark price it was charged at.
    public var price: Price?
    public var ts: Int64

    enum CodingKeys: String, CodingKey { case billId, type, subType, instId, ccy, balChg, sz, px, ts }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        billID = try c.text(.billId)
        type = try c.text(.type)
        subType = try c.text(.subType)
        instId = try c.text(.instId)
        currency = try c.text(.ccy)
        balanceChange = try c.decimalIfPresent(.balChg) ?? .zero
        size = try c.decimalIfPresent(.sz)
        price = try c.decimalIfPresent(.px)
        ts = try c.millis(.ts)
    }

    /// A funding fee paid (subtype 173) or received (174).
    public var isFunding: Bool { type == "8" && (subType == "173" || subType == "174") }
}

/// One settlement from `GET /api/v5/public/funding-rate-history`.
public struct OKXFundingRate: Hashable, Sendable, Decodable {
    public var instId: String
    /// The rate settled: `realizedRate` where OKX gives it, else `fundingRate`.
    public var rate: Ratio
    public var fundingTime: Int64

    enum CodingKeys: String, CodingKey { case instId, fundingRate, realizedRate, fundingTime }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        instId = try c.text(.instId)
        let realized: Ratio? = try c.decimalIfPresent(.realizedRate)
        rate = try realized ?? c.decimal(.fundingRate)
        fundingTime = try c.millis(.fundingTime)
    }
}
