/// `posMode`: one-way (`net_mode`) or hedge (`long_short_mode`, orders carry posSide).
public enum OKXPositionMode: String, Hashable, Sendable, CaseIterable {
    case net = "net_mode"
    case longShort = "long_short_mode"
}

/// What the API key may do (`perm`, comma-separated). Open-ended, like OKX's list.
public struct OKXPermission: RawRepresentable, Hashable, Sendable {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let readOnly = Self(rawValue: "read_only")
    public static let trade = Self(rawValue: "trade")
    public static let withdraw = Self(rawValue: "withdraw")
}

/// `GET /api/v5/account/config`'s item.
public struct OKXAccountConfig: Hashable, Sendable, Decodable {
    public var uid: String
    /// 1 spot, 2 futures (spot and futures), 3 multi-currency margin, 4 portfolio margin.
    public var accountLevel: String
    public var positionMode: OKXPositionMode
    public var permissions: Set<OKXPermission>
    public var label: String
    /// The IPs the key is bound to, "" when none.
    public var ip: String

    enum CodingKeys: String, CodingKey { case uid, acctLv, posMode, perm, label, ip }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        uid = try c.text(.uid)
        accountLevel = try c.text(.acctLv)
        positionMode = try c.value(.posMode)
        permissions = Set(try c.text(.perm).split(separator: ",").map { OKXPermission(rawValue: $0.filter { $0 != " " }) })
        label = try c.text(.label)
        ip = try c.text(.ip)
    }

    public var canTrade: Bool { permissions.contains(.trade) }
    /// A trading bot's key should not be able to withdraw.
    public var canWithdraw: Bool { permissions.contains(.withdraw) }
}
