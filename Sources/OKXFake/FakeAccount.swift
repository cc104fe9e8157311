import BotCore

/// One API key and the trading account behind it.
///
/// OKX ties a key to one environment: a demo key only works with `x-simulated-trading: 1`
/// and a live key only without it (50101 otherwise).
public struct FakeAccount: Sendable {
    public enum Permission: String, Sendable, CaseIterable {
        case readOnly = "read_only"
        case trade
        case withdraw
    }

    /// Position mode (account/config `posMode`): one net position per instrument, or a long
    /// and a short one, each order naming which with `posSide`.
    public enum PositionMode: String, Sendable {
        case net = "net_mode"
        case longShort = "long_short_mode"
    }

    public var apiKey: String
    public var secret: String
    public var passphrase: String
    public var permissions: Set<Permission>
    public var demo: Bool
    public var uid: String
    public var positionMode: PositionMode
    /// USDT in the trading account when the fake starts.
    public var usdt: Money

    public init(apiKey: String, secret: String, passphrase: String,
                permissions: Set<Permission> = [.readOnly, .trade], demo: Bool = true,
                uid: String = "", positionMode: PositionMode = .net, usdt: Money = 10_000) {
        self.apiKey = apiKey
        self.secret = secret
        self.passphrase = passphrase
        self.permissions = permissions
        self.demo = demo
        self.uid = uid.isEmpty ? Self.uid(for: apiKey) : uid
        self.positionMode = positionMode
        self.usdt = usdt
    }

    /// A stable 15-digit uid derived from the key (FNV-1a), so runs print the same ids.
    static func uid(for key: String) -> String {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in key.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return String(h % 900_000_000_000_000 + 100_000_000_000_000)
    }

    /// `perm` as account/config prints it: "read_only,trade".
    var permText: String {
        Permission.allCases.filter { permissions.contains($0) }.map(\.rawValue).joined(separator: ",")
    }
}
