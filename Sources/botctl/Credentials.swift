import ArgumentParser
import BotConfig
import BotCore
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension BotCtl {
    struct CredentialsCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "credentials",
            abstract: "Keep accounts' API keys in the encrypted credentials vault.",
            discussion: """
                The vault and its key are named in runtime.toml's [credentials] (file, and key_env or key_file). \
                botd reads an account's credentials from its *_env variables when they are set, else from the vault. \
                No command prints a stored value.
                """,
            subcommands: [Add.self, List.self, Remove.self])
    }
}

/// The vault runtime.toml names.
struct VaultOptions: ParsableArguments {
    @Option(help: "The runtime configuration naming the vault ([credentials]).", completion: .file(extensions: ["toml"]))
    var config = "runtime.toml"

    /// runtime.toml and its `[credentials]`; its errors printed, then a failure.
    func load() throws -> (RuntimeConfig, CredentialsConfig) {
        guard let text = try? String(contentsOfFile: config, encoding: .utf8) else {
            throw Failure("\(config): cannot read the runtime configuration")
        }
        let d = Diagnostics()
        guard let runtime = RuntimeConfig.parse(text, file: config, diagnostics: d) else {
            for issue in d.errors { printErr(issue.description) }
            throw Failure("\(config) has errors; run `botctl lint \(config)`")
        }
        guard let vault = runtime.credentials else {
            throw Failure("\(config): no [credentials] table: add one with file = \"PATH\" and key_env = \"VARIABLE\" or key_file = \"PATH\"")
        }
        return (runtime, vault)
    }

    /// The process's environment: where `key_env` names the vault's key.
    var environment: [String: String] { ProcessInfo.processInfo.environment }
}

extension BotCtl.CredentialsCommand {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Store an account's API key, secret and passphrase in the vault.",
            discussion: """
                Asks for each value with the terminal's echo off, or with --stdin reads them as lines: the api key, \
                the api secret, then the passphrase (an OKX account's, or any account's with --passphrase). \
                Creates the vault when it does not exist; replaces the account's entry when it does.
                """)
        @OptionGroup var vault: VaultOptions
        @Argument(help: "The account, as named in runtime.toml ([accounts.NAME]).") var account: String
        @Flag(name: .customLong("stdin"), help: "Read the values as lines from standard input instead of asking.")
        var fromStandardInput = false
        @Flag(help: "Ask for a passphrase too (an OKX account always has one).") var passphrase = false

        func run() throws {
            let (runtime, credentials) = try vault.load()
            guard let config = runtime.accounts[account] else {
                throw Failure("\(vault.config): names no account '\(account.printable)' (known: \(runtime.accounts.keys.sorted().joined(separator: ", ")))")
            }
            guard config.isReal else { throw Failure("account '\(account)' trades on paper: it has no API keys to store") }
            let withPassphrase = passphrase || config.venue == "okx"
            let wanted = ["api key", "api secret"] + (withPassphrase ? ["passphrase"] : [])
            if !fromStandardInput && isatty(STDIN_FILENO) == 0 {
                throw Failure("standard input is not a terminal: give --stdin to read the values as lines (\(wanted.joined(separator: ", ")))")
            }
            let prompts = ["api key": "API key", "api secret": "API secret", "passphrase": "Passphrase"]
            var values: [String] = []
            for what in wanted {
                let value = fromStandardInput ? try SecretInput.line(what) : try SecretInput.prompt(what, shown: prompts[what]!, for: account)
                guard let value else {
                    throw Failure("standard input ended before the \(what) (expected \(wanted.joined(separator: ", ")), one per line): nothing was stored")
                }
                guard !value.isEmpty else { throw Failure("the \(what) is empty: nothing was stored") }
                values.append(value)
            }
            let entry = BotConfig.Credentials(apiKey: Secret(values[0]), apiSecret: Secret(values[1]),
                                              passphrase: withPassphrase ? Secret(values[2]) : nil)
            let replaced: Bool
            do { replaced = try credentials.store(entry, for: account, environment: vault.environment) } catch {
                throw Failure(String(describing: error))
            }
            let fields = ["api_key", "api_secret"] + (withPassphrase ? ["passphrase"] : [])
            print("\(account): \(fields.joined(separator: ", ")) \(replaced ? "replaced" : "stored") in \(credentials.file)")
            // The environment wins when set: say so, or a stale variable would puzzle.
            let named = config.credentialVariables.sorted { $0.key < $1.key }.map(\.value)
            if !named.isEmpty {
                printErr("note: botd uses \(named.joined(separator: ", ")) instead when \(named.count == 1 ? "it is" : "they are") set")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the accounts the vault holds and which fields each has, never their values.")
        @OptionGroup var vault: VaultOptions

        func run() throws {
            let (runtime, credentials) = try vault.load()
            let stored: [String: [String]]
            do { stored = try credentials.storedFields(environment: vault.environment) } catch { throw Failure(String(describing: error)) }
            // The real accounts without an entry too: they need their variables set.
            let names = Set(stored.keys).union(runtime.accounts.values.filter(\.isReal).map(\.name)).sorted()
            print(table(["ACCOUNT", "VENUE", "STORED"], names.map { name in
                [name.printable, runtime.accounts[name]?.venue ?? "(not in \(vault.config))", stored[name]?.joined(separator: ",") ?? "-"]
            }))
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove an account's credentials from the vault.")
        @OptionGroup var vault: VaultOptions
        @Argument(help: "The account.") var account: String

        func run() throws {
            let (_, credentials) = try vault.load()
            let removed: Bool
            do { removed = try credentials.remove(account, environment: vault.environment) } catch { throw Failure(String(describing: error)) }
            guard removed else { throw Failure("\(account.printable): no entry in the credentials vault \(credentials.file)") }
            print("\(account): removed from \(credentials.file)")
        }
    }
}
