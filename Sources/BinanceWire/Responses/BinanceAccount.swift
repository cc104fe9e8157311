import BotCore

/// `GET /api/v3/account`'s answer: what the account may do, its commission rates and its
/// balances. A balance Binance writes beyond fixed point's range (a vast amount of a tiny
/// coin) is set aside in `unreadableBalances`, named, rather than failing the account.
public struct BinanceAccount: Hashable, Sendable, Decodable {
    public var canTrade: Bool
    public var canWithdraw: Bool
    public var canDeposit: Bool
    /// `SPOT`, …
    public var accountType: String
    /// `["SPOT"]`, …
    public var permissions: [String]
    public var commissionRates: BinanceCommissionRates
    public var balances: [BinanceBalance]
    public var unreadableBalances: [String]
    public var uid: Int64?
    public var updateMs: Int64?

    enum CodingKeys: String, CodingKey {
        case canTrade, canWithdraw, canDeposit, accountType, permissions, commissionRates, makerCommission, takerCommission
        case balances, uid, updateTime
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        canTrade = try c.decode(Bool.self, forKey: .canTrade)
        canWithdraw = try c.decode(Bool.self, forKey: .canWithdraw)
        canDeposit = try c.decodeIfPresent(Bool.self, forKey: .canDeposit) ?? false
        accountType = try c.text(.accountType)
        permissions = try c.decodeIfPresent([String].self, forKey: .permissions) ?? []
        if let rates = try c.decodeIfPresent(BinanceCommissionRates.self, forKey: .commissionRates) {
            commissionRates = rates
        } else {
            // The older fields, in hundredths of a percent (15 = 0.15 %).
            func rate(_ key: CodingKeys) throws -> Ratio {
                let v = try c.decode(Int64.self, forKey: key)
                guard (0...10_000).contains(v) else {
                    throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "\(v) is not 0…10000")
                }
                return Ratio(raw: v * 100_000)
            }
            commissionRates = BinanceCommissionRates(maker: try rate(.makerCommission), taker: try rate(.takerCommission))
        }
        let items = try c.decode([Lenient<BinanceBalance>].self, forKey: .balances)
        balances = items.compactMap(\.value)
        unreadableBalances = items.compactMap(\.failure)
        uid = try c.decodeIfPresent(Int64.self, forKey: .uid)
        updateMs = try c.decodeIfPresent(Int64.self, forKey: .updateTime)
    }

    /// Each asset as the runtime counts it: free and locked together, of which free is available.
    public var venueBalances: [VenueBalance] {
        balances.map { VenueBalance(asset: $0.asset, total: $0.total, available: $0.free) }
    }

    public func balance(_ asset: String) -> BinanceBalance? { balances.first { $0.asset == asset } }
}

/// The account's commission rates as fractions (0.001 is 0.1 %), to build instruments with.
public struct BinanceCommissionRates: Hashable, Sendable, Decodable {
    public var maker: Ratio
    public var taker: Ratio

    public init(maker: Ratio, taker: Ratio) {
        self.maker = maker
        self.taker = taker
    }

    enum CodingKeys: String, CodingKey { case maker, taker }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        maker = try c.decimal(.maker)
        taker = try c.decimal(.taker)
    }
}

/// One asset of the account: free to trade with, and locked in open orders.
public struct BinanceBalance: Hashable, Sendable, Decodable {
    public var asset: String
    public var free: Money
    public var locked: Money

    public init(asset: String, free: Money, locked: Money) {
        self.asset = asset
        self.free = free
        self.locked = locked
    }

    enum CodingKeys: String, CodingKey { case asset, free, locked }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        asset = try c.decode(String.self, forKey: .asset)
        free = try c.decimal(.free)
        locked = try c.decimal(.locked)
        guard !free.raw.addingReportingOverflow(locked.raw).overflow else {
            throw DecodingError.dataCorruptedError(forKey: .locked, in: c, debugDescription: "free and locked together are out of range")
        }
    }

    /// Free and locked together (the largest value fixed point holds, should they exceed it).
    public var total: Money {
        let (sum, overflow) = free.raw.addingReportingOverflow(locked.raw)
        return overflow ? Money(raw: free.raw < 0 ? .min : .max) : Money(raw: sum)
    }
}
