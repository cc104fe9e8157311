import BotCore
import CredentialVault
import Foundation

/// A real account's credentials: from the environment variables its configuration names, or
/// from the credentials vault.
public struct Credentials: Sendable, CustomStringConvertible {
    public var apiKey: Secret
    public var apiSecret: Secret
    /// OKX's; nil for Binance.
    public var passphrase: Secret?

    public init(apiKey: Secret, apiSecret: Secret, passphrase: Secret? = nil) {
        self.apiKey = apiKey
        self.apiSecret = apiSecret
        self.passphrase = passphrase
    }

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

    /// The account's credentials from its variables when they are all set (as without a
    /// vault), else from the `vault` entry of the account's name. Never a mix of the two: a
    /// key from one place and a secret from the other would not be a pair. The vault's key is
    /// read from `environment` too when it comes from a variable.
    public func credentials(from environment: [String: String], vault: CredentialsConfig?) throws(CredentialsError) -> Credentials {
        let fromEnvironment: CredentialsError
        do { return try credentials(from: environment) } catch { fromEnvironment = error }
        guard let vault else { throw fromEnvironment }
        // An account that names no variables keeps its credentials in the vault only: its
        // missing *_env keys are no news.
        let problems = credentialVariables.isEmpty ? [] : fromEnvironment.problems
        let entry: VaultEntry?
        do { entry = try vault.open(environment: environment).read()[name] } catch {
            throw CredentialsError(account: name, problems: problems + ["the credentials vault: \(error)"])
        }
        guard let entry else {
            throw CredentialsError(account: name, problems: problems
                                   + ["no entry for it in the credentials vault \(vault.file) (add one with `botctl credentials add \(name)`)"])
        }
        let needsPassphrase = Self.credentialsNeeded(venue: venue).contains("passphrase")
        guard entry.passphrase != nil || !needsPassphrase else {
            throw CredentialsError(account: name, problems: problems
                                   + ["its entry in the credentials vault \(vault.file) has no passphrase, which a \(venue) account needs "
                                      + "(store it again with `botctl credentials add \(name)`)"])
        }
        return Credentials(apiKey: entry.apiKey, apiSecret: entry.apiSecret, passphrase: needsPassphrase ? entry.passphrase : nil)
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

/// `[credentials]`: the encrypted file of the accounts' credentials (see CredentialVault),
/// and where its 32-byte key comes from.
public struct CredentialsConfig: Sendable, Equatable {
    /// The vault file, resolved against runtime.toml's folder.
    public var file: String
    /// `key_env` (a variable's name) or `key_file` (resolved like `file`).
    public var key: VaultKeySource

    public init(file: String, key: VaultKeySource) {
        self.file = file
        self.key = key
    }

    /// The vault under its key, read now (from `environment` or the key file).
    public func open(environment: [String: String]) throws(VaultError) -> CredentialVault {
        CredentialVault(file: file, key: try key.load(environment: environment))
    }

    /// The field names each stored account has (`api_key`, `api_secret`, `passphrase`),
    /// never their values; none when the vault file does not exist yet.
    public func storedFields(environment: [String: String]) throws(VaultError) -> [String: [String]] {
        try open(environment: environment).read().mapValues(\.fields)
    }

    /// Stores `credentials` as `account`'s entry, creating the vault when missing; true when
    /// it replaced an entry.
    public func store(_ credentials: Credentials, for account: String, environment: [String: String]) throws(VaultError) -> Bool {
        let vault = try open(environment: environment)
        // Its folder too (private, as botd makes its storage folder): `var/` may not exist yet.
        let folder = RuntimeConfig.folder(of: file)
        if !FileManager.default.fileExists(atPath: folder) {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw VaultError(.writeFailed, file, "cannot create its folder \(folder): \(error.localizedDescription)")
            }
        }
        let entry = VaultEntry(apiKey: credentials.apiKey, apiSecret: credentials.apiSecret, passphrase: credentials.passphrase)
        return try vault.update { entries in entries.updateValue(entry, forKey: account) != nil }
    }

    /// Removes `account`'s entry; false, with the file untouched, when it had none.
    public func remove(_ account: String, environment: [String: String]) throws(VaultError) -> Bool {
        let vault = try open(environment: environment)
        var entries = try vault.read()
        guard entries.removeValue(forKey: account) != nil else { return false }
        try vault.write(entries)
        return true
    }
}

extension RuntimeConfig {
    /// `[credentials]`: `file` and one of `key_env` or `key_file`. Nil when absent or wrong
    /// (each problem recorded on its key, no value quoted back: it may be the key itself).
    static func readCredentials(_ r: ConfigReader, folder: String) -> CredentialsConfig? {
        guard let t = r.table("credentials") else { return nil }
        let file = t.string("file", required: true)
        if file?.isEmpty == true { t.error("file", "must be the path of the vault file (relative to runtime.toml's folder)") }
        var key: VaultKeySource?
        switch (t.string("key_env"), t.string("key_file")) {
        case (_?, _?):
            t.error("key_file", "cannot be given with key_env: the vault's key comes from one place")
        case (let variable?, nil):
            if !isVariableName(variable) {
                t.error("key_env", "must be the name of an environment variable (A-Z, 0-9 and _, not starting with a digit), not the key itself")
            } else if variable.count >= 40 && variable.allSatisfy(\.isHexDigit) {
                // Upper-case hex passes as a name: a key pasted where its variable belongs.
                t.error("key_env", "looks like a key, not the name of the environment variable that holds it")
            } else {
                key = .environment(variable)
            }
        case (nil, let path?):
            if path.isEmpty { t.error("key_file", "must be the path of the key file") } else { key = .file(resolve(path, against: folder)) }
        case (nil, nil):
            if !t.has("key_env") && !t.has("key_file") {
                t.error("key_env", "is required (or key_file): the name of the environment variable holding the vault's key")
            }
        }
        t.rejectUnknownKeys("[credentials] takes file, key_env, key_file")
        guard let file, !file.isEmpty, let key else { return nil }
        return CredentialsConfig(file: resolve(file, against: folder), key: key)
    }

    static func isVariableName(_ v: String) -> Bool {
        !v.isEmpty && v.allSatisfy { ($0.isUppercase || $0.isNumber || $0 == "_") && $0.isASCII } && !v.first!.isNumber
    }
}
