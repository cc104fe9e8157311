import BotCore

/// One account's credentials as the vault keeps them. Shown, it names its fields only.
public struct VaultEntry: Sendable, Equatable, CustomStringConvertible {
    public var apiKey: Secret
    public var apiSecret: Secret
    /// OKX's; nil for a venue without one (Binance).
    public var passphrase: Secret?

    public init(apiKey: Secret, apiSecret: Secret, passphrase: Secret? = nil) {
        self.apiKey = apiKey
        self.apiSecret = apiSecret
        self.passphrase = passphrase
    }

    /// The names of the fields it holds (`api_key`, `api_secret`, `passphrase`), never values.
    public var fields: [String] { ["api_key", "api_secret"] + (passphrase == nil ? [] : ["passphrase"]) }

    public var description: String { "vault entry (\(fields.joined(separator: ", ")); values hidden)" }
}
