import BotCore
import Foundation

/// A real account's credentials, read from the environment variables its configuration names.
public struct Credentials: Sendable, CustomStringConvertible {
    public var apiKey: Secret
    public var apiSecret: Secret
    /// OKX's; nil for Binance.
    public var passphrase: Secret?

    public var description: String { "credentials (values hidden)" }
}

extension AccountConfig {
    /// The account's credentials from `environment` (the process's, in botd). A variable that is
    /// missing or empty is named in the error, its value never (there is none to show anyway).
    public func credentials(from environment: [String: String]) throws(CredentialsError) -> Credentials {
        var missing: [String] = []
        func read(_ c: String) -> Secret? {
            guard let variable = credentialVariables[c] else {
                missing.append("\(c)_env is not set in runtime.toml")
                return nil
            }
            guard let v = environment[variable], !v.isEmpty else {
                missing.append("environment variable \(variable) (\(c.replacingOccurrences(of: "_", with: " "))) is not set")
                return nil
            }
            return Secret(v)
        }
        let needed = Self.credentialsNeeded(venue: venue)
        let key = read("api_key"), secret = read("api_secret")
        let passphrase = needed.contains("passphrase") ? read("passphrase") : nil
        guard missing.isEmpty, let key, let secret else { throw CredentialsError(account: name, problems: missing) }
        return Credentials(apiKey: key, apiSecret: secret, passphrase: passphrase)
    }
}

/// Why an account's credentials could not be read: every problem, naming variables only.
public struct CredentialsError: Error, Sendable, Equatable, CustomStringConvertible {
    public var account: String
    public var problems: [String]

    public init(account: String, problems: [String]) {
        self.account = account
        self.problems = problems
    }

    public var description: String { "account '\(account)': " + problems.joined(separator: "; ") }
}
