import BotCore

/// `outboundAccountPosition`: the balances an account change may have moved, as they now are.
/// A balance beyond fixed point's range is set aside in `unreadableBalances`, named.
public struct BinanceAccountPosition: Hashable, Sendable, Decodable {
    /// `E`.
    public var eventMs: Int64
    /// `u`: the account's last update.
    public var updateMs: Int64
    /// `B`: asset `a`, free `f`, locked `l`.
    public var balances: [BinanceBalance]
    public var unreadableBalances: [String]

    enum CodingKeys: String, CodingKey { case E, u, B }

    struct Entry: Decodable {
        var balance: BinanceBalance
        enum CodingKeys: String, CodingKey { case a, f, l }
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            balance = BinanceBalance(asset: try c.decode(String.self, forKey: .a), free: try c.decimal(.f), locked: try c.decimal(.l))
            guard !balance.free.raw.addingReportingOverflow(balance.locked.raw).overflow else {
                throw DecodingError.dataCorruptedError(forKey: .l, in: c, debugDescription: "free and locked together are out of range")
            }
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        eventMs = try c.decode(Int64.self, forKey: .E)
        updateMs = try c.decodeIfPresent(Int64.self, forKey: .u) ?? eventMs
        let items = try c.decode([Lenient<Entry>].self, forKey: .B)
        balances = items.compactMap { $0.value?.balance }
        unreadableBalances = items.compactMap(\.failure)
    }
}

/// `balanceUpdate`: a deposit, withdrawal or transfer moved an asset by `delta`.
public struct BinanceBalanceUpdate: Hashable, Sendable, Decodable {
    /// `E`.
    public var eventMs: Int64
    /// `a`.
    public var asset: String
    /// `d`: positive in, negative out.
    public var delta: Money
    /// `T`: when it cleared.
    public var clearMs: Int64

    enum CodingKeys: String, CodingKey { case E, a, d, T }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        eventMs = try c.decode(Int64.self, forKey: .E)
        asset = try c.decode(String.self, forKey: .a)
        delta = try c.decimal(.d)
        clearMs = try c.decode(Int64.self, forKey: .T)
    }
}
