import BinanceFake
import BotConfig
import BotCore
import BotTestKit
import Foundation
import OKXFake
import Store
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `botctl credentials` and botd reading an account's keys from the encrypted vault: stored,
/// listed and removed without a value ever printed, and used to trade on the OKX fake without
/// a value reaching any output or file of the run.
@Suite(.serialized)
struct CredentialsTests {
    // Distinctive values: "zq81" appears in each, so a part of one shows too.
    static let apiKey = "SECRET-KEY-zq81-4b7c1e"
    static let apiSecret = "SECRET-SECRET-zq81-9d2e77"
    static let passphrase = "SECRET-PASS-zq81-Qx7!"
    /// A Binance key and secret are 64 letters and digits.
    static let binanceKey = "BNKEYzq81" + String(repeating: "k", count: 55)
    static let binanceSecret = "BNSECRETzq81" + String(repeating: "s", count: 52)
    static let secrets = [apiKey, apiSecret, passphrase, binanceKey, binanceSecret, "zq81"]

    /// A folder with a runtime.toml naming `accounts` and, unless nil, `credentials`.
    func folder(accounts: String, credentials: String? = "file = \"var/credentials.vault\"\nkey_env = \"T_VAULT_KEY\"") throws -> URL {
        let dir = try SharedData.temporaryDirectory("credentials")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("bots"), withIntermediateDirectories: true)
        try """
            [paths]
            instruments = "\(SharedData.packageRoot.path)/data/instruments.toml"
            \(accounts)
            \(credentials.map { "[credentials]\n\($0)" } ?? "")
            """.write(to: dir.appendingPathComponent("runtime.toml"), atomically: true, encoding: .utf8)
        return dir
    }

    static let accounts = """
        [accounts.okx-main]
        venue = "okx"
        environment = "demo"
        [accounts.bn]
        venue = "binance"
        environment = "demo"
        api_key_env = "T_BN_KEY"
        api_secret_env = "T_BN_SECRET"
        [accounts.paper]
        venue = "paper"
        """
    static let vaultKey = String(repeating: "3f", count: 32)

    @Test func addListAndRemoveNeverPrintASecret() throws {
        let dir = try folder(accounts: Self.accounts)
        let env = ["T_VAULT_KEY": Self.vaultKey]
        var outputs: [Output] = []
        let add = try botctl(["credentials", "add", "okx-main", "--stdin"], in: dir, stdin: "\(Self.apiKey)\n\(Self.apiSecret)\n\(Self.passphrase)\n",
                             environment: env)
        outputs.append(add)
        #expect(add.status == 0, "\(add.stderr)")
        #expect(add.stdout == "okx-main: api_key, api_secret, passphrase stored in \(dir.path)/var/credentials.vault\n")
        // Binance has no passphrase; a line ending in CRLF loses its CR.
        let bn = try botctl(["credentials", "add", "bn", "--stdin"], in: dir, stdin: "bn-key-zq81\r\nbn-secret-zq81\n", environment: env)
        outputs.append(bn)
        #expect(bn.status == 0 && bn.stdout.hasPrefix("bn: api_key, api_secret stored in "), "\(bn.stderr)")
        // Its variables, when set, win: add says so.
        #expect(bn.stderr == "note: botd uses T_BN_KEY, T_BN_SECRET instead when they are set\n")
        let list = try botctl(["credentials", "list"], in: dir, environment: env)
        outputs.append(list)
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout == """
            ACCOUNT   VENUE    STORED
            bn        binance  api_key,api_secret
            okx-main  okx      api_key,api_secret,passphrase

            """, "\(list.stdout)")
        // The vault: private, versioned, and nothing in it in the clear.
        let vault = dir.appendingPathComponent("var/credentials.vault").path
        #expect(try FileManager.default.attributesOfItem(atPath: vault)[.posixPermissions] as? Int == 0o600)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: vault))
        #expect(bytes.prefix(9) == Data("BOTVAULT".utf8) + Data([1]))
        for s in Self.secrets + ["okx-main", "bn-key"] { #expect(bytes.range(of: Data(s.utf8)) == nil, "\(s) in the vault") }
        // Replacing an entry says so; removing one leaves the other.
        let again = try botctl(["credentials", "add", "bn", "--stdin"], in: dir, stdin: "k2-zq81\ns2-zq81\n", environment: env)
        outputs.append(again)
        #expect(again.status == 0 && again.stdout.hasPrefix("bn: api_key, api_secret replaced in "))
        let remove = try botctl(["credentials", "remove", "bn"], in: dir, environment: env)
        outputs.append(remove)
        #expect(remove.status == 0 && remove.stdout == "bn: removed from \(vault)\n", "\(remove.stderr)")
        let twice = try botctl(["credentials", "remove", "bn"], in: dir, environment: env)
        outputs.append(twice)
        #expect(twice.status == 1 && twice.stderr == "Error: bn: no entry in the credentials vault \(vault)\n", "\(twice.stderr)")
        let after = try botctl(["credentials", "list"], in: dir, environment: env)
        outputs.append(after)
        #expect(after.stdout.contains("bn        binance  -\n") && after.stdout.contains("okx-main  okx      api_key,api_secret,passphrase"))
        // Another key: a clear error naming the vault.
        let wrong = try botctl(["credentials", "list"], in: dir, environment: ["T_VAULT_KEY": String(repeating: "40", count: 32)])
        outputs.append(wrong)
        #expect(wrong.status == 1)
        #expect(wrong.stderr == "Error: \(vault): cannot be decrypted: the key is not this vault's, or the file was changed or damaged\n")
        let none = try botctl(["credentials", "list"], in: dir)
        outputs.append(none)
        #expect(none.status == 1 && none.stderr.contains("environment variable T_VAULT_KEY: is not set"), "\(none.stderr)")
        for out in outputs {
            for s in Self.secrets + [Self.vaultKey] { #expect(!out.stdout.contains(s) && !out.stderr.contains(s), "\(s): \(out)") }
        }
    }

    @Test func aKeyFileOthersCanReadIsRefusedNamingItAndItsMode() throws {
        let dir = try folder(accounts: Self.accounts, credentials: "file = \"credentials.vault\"\nkey_file = \"vault.key\"")
        let keyFile = dir.appendingPathComponent("vault.key").path
        try (Self.vaultKey + "\n").write(toFile: keyFile, atomically: true, encoding: .utf8)
        chmod(keyFile, 0o644)
        let add = try botctl(["credentials", "add", "okx-main", "--stdin"], in: dir, stdin: "\(Self.apiKey)\n\(Self.apiSecret)\n\(Self.passphrase)\n")
        #expect(add.status == 1)
        #expect(add.stderr == "Error: \(keyFile): the vault's key file is mode 0644: group or others can read or write it; make it private with `chmod 600 \(keyFile)`\n")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("credentials.vault").path))
        chmod(keyFile, 0o600)
        let ok = try botctl(["credentials", "add", "okx-main", "--stdin"], in: dir, stdin: "\(Self.apiKey)\n\(Self.apiSecret)\n\(Self.passphrase)\n")
        #expect(ok.status == 0, "\(ok.stderr)")
    }

    @Test func addRefusesWhatItCannotStoreAndStoresNothing() throws {
        let dir = try folder(accounts: Self.accounts)
        let env = ["T_VAULT_KEY": Self.vaultKey]
        let cases: [([String], String, String)] = [
            // Not a terminal and no --stdin: never read a secret from a pipe by surprise.
            (["add", "okx-main"], "", "Error: standard input is not a terminal: give --stdin to read the values as lines (api key, api secret, passphrase)\n"),
            (["add", "okx-main", "--stdin"], "\(Self.apiKey)\n\(Self.apiSecret)\n",
             "Error: standard input ended before the passphrase (expected api key, api secret, passphrase, one per line): nothing was stored\n"),
            (["add", "okx-main", "--stdin"], "\(Self.apiKey)\n\n\(Self.passphrase)\n", "Error: the api secret is empty: nothing was stored\n"),
            (["add", "nope", "--stdin"], "", "Error: \(dir.path)/runtime.toml: names no account 'nope' (known: bn, okx-main, paper)\n"),
            (["add", "paper", "--stdin"], "", "Error: account 'paper' trades on paper: it has no API keys to store\n"),
        ]
        for (args, input, message) in cases {
            let r = try botctl(["credentials"] + args, in: dir, stdin: input, environment: env)
            #expect(r.status == 1 && r.stderr == message, "\(args): \(r.stderr)")
            for s in Self.secrets { #expect(!r.stdout.contains(s) && !r.stderr.contains(s)) }
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("var/credentials.vault").path))
        // Without [credentials] there is no vault to use.
        let bare = try folder(accounts: Self.accounts.replacingOccurrences(of: "[accounts.okx-main]\nvenue = \"okx\"\nenvironment = \"demo\"\n", with: ""),
                              credentials: nil)
        let r = try botctl(["credentials", "list"], in: bare)
        #expect(r.status == 1 && r.stderr.contains("runtime.toml: no [credentials] table: add one with file = "), "\(r.stderr)")
    }

    @Test func lintNamesTheCredentialsKeysAndAVaultStandsInForTheVariables() throws {
        let bad = try folder(accounts: Self.accounts, credentials: """
            file = ""
            key_env = "\(String(repeating: "AB", count: 32))"
            key = "\(Self.vaultKey)"
            """)
        let r = try Product.run("botctl", ["lint", bad.appendingPathComponent("runtime.toml").path])
        #expect(r.status == 1)
        let f = bad.appendingPathComponent("runtime.toml").path
        #expect(r.stderr.contains("\(f):14: key 'credentials.file' must be the path of the vault file"), "\(r.stderr)")
        #expect(r.stderr.contains("\(f):15: key 'credentials.key_env' looks like a key, not the name of the environment variable that holds it"))
        #expect(r.stderr.contains("\(f):16: key 'credentials.key' is not a known setting ([credentials] takes file, key_env, key_file)"))
        #expect(!r.stderr.contains(Self.vaultKey) && !r.stderr.contains("ABABABAB"), "a key was quoted back")
        let both = try folder(accounts: "", credentials: "file = \"v\"\nkey_env = \"K\"\nkey_file = \"k\"")
        #expect(try Product.run("botctl", ["lint", both.appendingPathComponent("runtime.toml").path]).stderr
            .contains("key 'credentials.key_file' cannot be given with key_env"))
        let neither = try folder(accounts: "", credentials: "file = \"v\"")
        #expect(try Product.run("botctl", ["lint", neither.appendingPathComponent("runtime.toml").path]).stderr
            .contains("key 'credentials.key_env' is required (or key_file)"))
        // An OKX account without variables: fine with a vault, an error without one.
        let withVault = try folder(accounts: Self.accounts)
        let ok = try Product.run("botctl", ["lint", withVault.appendingPathComponent("runtime.toml").path])
        #expect(ok.status == 0, "\(ok.stderr)")
        let withoutVault = try folder(accounts: Self.accounts, credentials: nil)
        let missing = try Product.run("botctl", ["lint", withoutVault.appendingPathComponent("runtime.toml").path])
        #expect(missing.status == 1 && missing.stderr.contains("key 'accounts.okx-main.passphrase_env' required for a okx account"), "\(missing.stderr)")
    }

    /// Credentials come from the variables when all are set, else from the vault, never a mix;
    /// when neither has them, the error says what each lacks.
    @Test func theEnvironmentWinsTheVaultStandsInAndTheErrorNamesBoth() throws {
        let dir = try folder(accounts: Self.accounts + """

            [accounts.okx-env]
            venue = "okx"
            environment = "demo"
            api_key_env = "T_OKX_KEY"
            api_secret_env = "T_OKX_SECRET"
            passphrase_env = "T_OKX_PASS"
            [accounts.okx-nopass]
            venue = "okx"
            environment = "demo"
            """)
        let file = dir.appendingPathComponent("runtime.toml").path
        let d = Diagnostics()
        let runtime = try #require(RuntimeConfig.parse(try String(contentsOfFile: file, encoding: .utf8), file: file, diagnostics: d), "\(d.issues)")
        let vault = try #require(runtime.credentials)
        let vaultFile = dir.appendingPathComponent("var/credentials.vault").path
        #expect(vault.file == vaultFile)
        let env = ["T_VAULT_KEY": Self.vaultKey]
        let stored = Credentials(apiKey: Secret("vault-key"), apiSecret: Secret("vault-secret"), passphrase: Secret("vault-pass"))
        for name in ["okx-main", "okx-env"] { #expect(try vault.store(stored, for: name, environment: env) == false) }
        #expect(try vault.store(Credentials(apiKey: Secret("k"), apiSecret: Secret("s")), for: "okx-nopass", environment: env) == false)
        let main = try #require(runtime.accounts["okx-main"]), viaEnv = try #require(runtime.accounts["okx-env"])
        // Only the vault: its entry.
        let fromVault = try main.credentials(from: env, vault: vault)
        #expect(fromVault.apiKey.reveal == "vault-key" && fromVault.apiSecret.reveal == "vault-secret" && fromVault.passphrase?.reveal == "vault-pass")
        // All three variables set: they win over the entry.
        let full = env.merging(["T_OKX_KEY": "env-key", "T_OKX_SECRET": "env-secret", "T_OKX_PASS": "env-pass"]) { $1 }
        let fromEnv = try viaEnv.credentials(from: full, vault: vault)
        #expect(fromEnv.apiKey.reveal == "env-key" && fromEnv.apiSecret.reveal == "env-secret" && fromEnv.passphrase?.reveal == "env-pass")
        // One unset: the whole entry, never a key from one and a secret from the other.
        let partial = try viaEnv.credentials(from: env.merging(["T_OKX_KEY": "env-key"]) { $1 }, vault: vault)
        #expect(partial.apiKey.reveal == "vault-key" && partial.apiSecret.reveal == "vault-secret")
        // Neither: what the variables lack, then what the vault lacks.
        #expect(throws: CredentialsError(account: "okx-env", problems: [
            "environment variable T_OKX_KEY (api key) is not set", "environment variable T_OKX_SECRET (api secret) is not set",
            "environment variable T_OKX_PASS (passphrase) is not set",
            "no entry for it in the credentials vault \(vaultFile) (add one with `botctl credentials add okx-env`)",
        ])) { _ = try viaEnv.credentials(from: env, vault: vault.removing("okx-env", env)) }
        #expect(throws: CredentialsError(account: "okx-nopass", problems: [
            "its entry in the credentials vault \(vaultFile) has no passphrase, which a okx account needs (store it again with `botctl credentials add okx-nopass`)",
        ])) { _ = try runtime.accounts["okx-nopass"]!.credentials(from: env, vault: vault) }
        // A vault that cannot be opened is named, and nothing of it is shown.
        #expect(throws: CredentialsError(account: "okx-main", problems: [
            "the credentials vault: \(vaultFile): cannot be decrypted: the key is not this vault's, or the file was changed or damaged",
        ])) { _ = try main.credentials(from: ["T_VAULT_KEY": String(repeating: "40", count: 32)], vault: vault) }
        // Without a vault, the error is what it always was.
        #expect(throws: CredentialsError(account: "okx-main", problems: [
            "api_key_env is not set in runtime.toml", "api_secret_env is not set in runtime.toml", "passphrase_env is not set in runtime.toml",
        ])) { _ = try main.credentials(from: env, vault: nil) }
    }

    /// At a terminal, `add` asks with echo off, so nothing typed shows; the terminal's echo is
    /// back after it, and after a Ctrl-C at the prompt too.
    @Test func thePromptNeverEchoesAndTheTerminalIsRestored() throws {
        let dir = try folder(accounts: Self.accounts)
        let env = ["T_VAULT_KEY": Self.vaultKey]
        let pty = try PseudoTerminal()
        #expect(pty.echoes)
        let add = try pty.run(["credentials", "add", "okx-main"], in: dir, environment: env)
        var screen = try pty.read(until: "API key for okx-main: ")
        #expect(!pty.echoes)
        pty.type(Self.apiKey + "\n")
        screen += try pty.read(until: "API secret for okx-main: ")
        pty.type(Self.apiSecret + "\n")
        screen += try pty.read(until: "Passphrase for okx-main: ")
        pty.type(Self.passphrase + "\n")
        screen += try pty.read(until: "credentials.vault")
        add.waitUntilExit()
        #expect(add.terminationStatus == 0, "\(screen)")
        #expect(pty.echoes)
        for s in Self.secrets { #expect(!screen.contains(s), "\(s) shown: \(screen)") }
        let list = try botctl(["credentials", "list"], in: dir, environment: env)
        #expect(list.stdout.contains("okx-main  okx      api_key,api_secret,passphrase"), "\(list.stdout)")

        // Ctrl-C at the prompt: the terminal is given back and nothing is stored.
        let removed = try botctl(["credentials", "remove", "okx-main"], in: dir, environment: env)
        #expect(removed.status == 0)
        let interrupted = try pty.run(["credentials", "add", "okx-main"], in: dir, environment: env)
        _ = try pty.read(until: "API key for okx-main: ")
        #expect(!pty.echoes)
        kill(interrupted.processIdentifier, SIGINT)
        interrupted.waitUntilExit()
        #expect(interrupted.terminationReason == .uncaughtSignal && interrupted.terminationStatus == SIGINT)
        #expect(pty.echoes)
        #expect(try botctl(["credentials", "list"], in: dir, environment: env).stdout.contains("okx-main  okx      -"))
    }

    /// botd trades on the OKX fake with the account's key, secret and passphrase stored by
    /// `botctl credentials add` and in no variable; then no output or file of the run (botd's
    /// log, stdout and stderr, botctl's, the SQLite files with the WAL, the order journal)
    /// holds any of them.
    @Test func botdTradesWithTheVaultsCredentialsAndNoSecretLeaks() async throws {
        let script = OKXMarketScript()
        let fake = OKXFake(clock: script.clock, accounts: [FakeAccount(apiKey: Self.apiKey, secret: Self.apiSecret, passphrase: Self.passphrase,
                                                                       positionMode: .net, usdt: 100_000)])
        let e = try await fake.start()
        defer { Task { await fake.stop() } }
        try script.seed(fake)
        // A Binance account alongside, its keys in the vault too.
        let bnScript = BinanceMarketScript(clock: script.clock, minute: script.minute)
        let bn = BinanceFake(clock: script.clock, accounts: [BinanceFake.Account(apiKey: Self.binanceKey, secret: Self.binanceSecret,
                                                                               balances: ["USDT": 100_000])])
        let be = try await bn.start()
        defer { Task { await bn.stop() } }
        try bnScript.seed(bn)
        let d = try Daemon(bots: ["rsi.toml": okxRSIBot.replacingOccurrences(of: "ACCOUNT", with: "okx-vault"),
                                  "rsi-bn.toml": binanceRSIBot.replacingOccurrences(of: "ACCOUNT", with: "bn-vault")])
        let keyFile = d.dir.appendingPathComponent("vault.key").path
        let vaultKey = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        #expect(FileManager.default.createFile(atPath: keyFile, contents: Data(vaultKey.utf8), attributes: [.posixPermissions: 0o600]))
        // The account names no variables: its keys are in the vault only.
        let account = okxAccount("okx-vault", e).split(separator: "\n").filter { !$0.contains("_env") }.joined(separator: "\n")
        #expect(!account.contains("_env") && account.contains("venue = \"okx\""))
        let bnAccount = binanceAccount("bn-vault", be, keys: false)
        #expect(!bnAccount.contains("_env"))
        try """
            [paths]
            instruments = "\(SharedData.packageRoot.path)/data/instruments.toml"
            [storage]
            path = "var/state.sqlite"
            [market]
            seed = 3
            speed = 1
            history_minutes = 120
            [control]
            socket = "run/botd.sock"
            [metrics]
            address = ""
            [credentials]
            file = "var/credentials.vault"
            key_file = "vault.key"
            \(account)
            \(bnAccount)
            """.write(toFile: d.config, atomically: true, encoding: .utf8)
        var outputs: [(String, String, String)] = []
        let add = try botctl(["credentials", "add", "okx-vault", "--stdin"], in: d.dir, stdin: "\(Self.apiKey)\n\(Self.apiSecret)\n\(Self.passphrase)\n")
        #expect(add.status == 0, "\(add.stderr)")
        outputs.append(("add", add.stdout, add.stderr))
        let addBinance = try botctl(["credentials", "add", "bn-vault", "--stdin"], in: d.dir, stdin: "\(Self.binanceKey)\n\(Self.binanceSecret)\n")
        #expect(addBinance.status == 0, "\(addBinance.stderr)")
        outputs.append(("add bn-vault", addBinance.stdout, addBinance.stderr))

        // botd, with stdout and stderr kept apart, and not one credential in its environment.
        let stdoutPath = d.dir.appendingPathComponent("botd.stdout").path
        #expect(FileManager.default.createFile(atPath: stdoutPath, contents: nil))
        #expect(FileManager.default.createFile(atPath: d.logPath, contents: nil))
        let botd = Process()
        botd.executableURL = URL(fileURLWithPath: Product.path("botd"))
        botd.arguments = ["--config", d.config]
        botd.currentDirectoryURL = d.dir
        botd.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("T_OKX") && !$0.key.hasPrefix("T_BN") }
        botd.standardOutput = FileHandle(forWritingAtPath: stdoutPath)
        botd.standardError = FileHandle(forWritingAtPath: d.logPath)
        try botd.run()
        d.process = botd
        try d.waitUntil("the socket answers") { (try? d.ctl(["bots"]))?.status == 0 }
        try d.waitUntil("both running") { try d.status().filter { $0["state"] as? String == "running" }.count == 2 }
        let store = try Store(path: d.storage)
        try await eventually("the entry's fill", timeout: 40) { !(try await store.fills(bot: "rsi-okx")).isEmpty }
        try await eventually("the Binance entry's fill", timeout: 20) { !(try await store.fills(bot: "rsi-binance")).isEmpty }
        let fills = try await store.fills(bot: "rsi-okx")
        #expect(fills.first?.side == "buy" && fills.first?.price == script.entryPrice)
        let log = try String(contentsOfFile: d.logPath, encoding: .utf8)
        #expect(log.contains("OKX account ready") && log.contains("Binance account ready"), "\(log.suffix(2000))")
        for args in [["status", "--json"], ["events", "--json"], ["orders", "--json"], ["positions", "--json"], ["balance", "--json"],
                     ["status"], ["orders"], ["credentials", "list"]] {
            let out = try d.ctl(args)
            #expect(out.status == 0, "\(args): \(out.stderr)")
            outputs.append((args.joined(separator: " "), out.stdout, out.stderr))
        }
        #expect(outputs.last?.1.contains("okx-vault  okx      api_key,api_secret,passphrase") == true, "\(outputs.last!.1)")
        #expect(outputs.last?.1.contains("bn-vault   binance  api_key,api_secret") == true, "\(outputs.last!.1)")
        // Every file while botd runs (the WAL is still there), then again after it stopped.
        let running = try files(under: d.dir)
        #expect(running.keys.contains { $0.hasSuffix("state.sqlite-wal") } && running.keys.contains { $0.hasSuffix("state.sqlite-orderlog") },
                "\(running.keys.sorted())")
        // The search finds what is there: the key in its own file.
        #expect(running[keyFile]?.range(of: Data(vaultKey.utf8)) != nil)
        #expect(try d.signal(SIGTERM) == 0)
        let stopped = try files(under: d.dir)
        for (name, contents) in Array(running) + Array(stopped) {
            for s in Self.secrets { #expect(contents.range(of: Data(s.utf8)) == nil, "\(s) in \(name)") }
            if !name.hasSuffix("/vault.key") { #expect(contents.range(of: Data(vaultKey.utf8)) == nil, "the vault key in \(name)") }
        }
        for (what, stdout, stderr) in outputs {
            for s in Self.secrets + [vaultKey] { #expect(!stdout.contains(s) && !stderr.contains(s), "\(s) in botctl \(what)") }
        }
        // What was searched is what the run wrote: the log and the store are not empty.
        #expect((stopped.first { $0.key.hasSuffix("/botd.log") }?.value.count ?? 0) > 1000)
        #expect((stopped.first { $0.key.hasSuffix("/state.sqlite") }?.value.count ?? 0) > 10_000)
    }

    /// Every regular file under `dir`, by path.
    func files(under dir: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        let walker = FileManager.default.enumerator(atPath: dir.path)
        while let relative = walker?.nextObject() as? String {
            let path = dir.appendingPathComponent(relative).path
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue,
                  (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) == .typeRegular else { continue }
            out[path] = try Data(contentsOf: URL(fileURLWithPath: path))
        }
        return out
    }

    /// botctl with `stdin` written to its standard input and `environment` added to the test's.
    func botctl(_ args: [String], in dir: URL, stdin: String = "", environment: [String: String] = [:]) throws -> Output {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Product.path("botctl"))
        p.arguments = args + ["--config", dir.appendingPathComponent("runtime.toml").path]
        p.currentDirectoryURL = dir
        p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let input = Pipe(), out = Pipe(), err = Pipe()
        p.standardInput = input
        p.standardOutput = out
        p.standardError = err
        try p.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Output(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    /// What a botctl run printed.
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }
}

extension CredentialsConfig {
    /// The vault after removing `account` (a test's shorthand).
    func removing(_ account: String, _ environment: [String: String]) throws -> CredentialsConfig {
        _ = try remove(account, environment: environment)
        return self
    }
}

/// A pseudo-terminal: botctl's standard input, output and error are its slave side, as at a
/// shell; the test types and reads on the master side.
final class PseudoTerminal {
    let master: Int32
    let slave: Int32

    init() throws {
        // posix_openpt, unlockpt and ptsname are not in Swift's Glibc module: their Linux
        // calls, with the ioctl numbers of asm-generic (x86-64 and arm64 alike).
        let unlock: UInt = 0x4004_5431, number: UInt = 0x8004_5430  // TIOCSPTLCK, TIOCGPTN
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        var locked: Int32 = 0, n: UInt32 = 0
        guard master >= 0, ioctl(master, unlock, &locked) == 0, ioctl(master, number, &n) == 0 else { throw CocoaError(.fileReadUnknown) }
        slave = open("/dev/pts/\(n)", O_RDWR | O_NOCTTY)
        guard slave >= 0 else { throw CocoaError(.fileReadUnknown) }
    }

    deinit {
        close(master)
        close(slave)
    }

    /// Whether the terminal echoes what is typed now.
    var echoes: Bool {
        var t = termios()
        tcgetattr(slave, &t)
        return t.c_lflag & tcflag_t(ECHO) != 0
    }

    func run(_ args: [String], in dir: URL, environment: [String: String]) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Product.path("botctl"))
        p.arguments = args + ["--config", dir.appendingPathComponent("runtime.toml").path]
        p.currentDirectoryURL = dir
        p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let tty = FileHandle(fileDescriptor: slave, closeOnDealloc: false)
        p.standardInput = tty
        p.standardOutput = tty
        p.standardError = tty
        try p.run()
        return p
    }

    func type(_ text: String) {
        _ = text.withCString { write(master, $0, strlen($0)) }
    }

    /// What the program wrote, up to and including `text` (15 s at most).
    func read(until text: String) throws -> String {
        var seen = [UInt8]()
        let end = Date().addingTimeInterval(15)
        while Date() < end {
            if String(decoding: seen, as: UTF8.self).contains(text) { return String(decoding: seen, as: UTF8.self) }
            var fd = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&fd, 1, 100) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 1024)
            let n = buffer.withUnsafeMutableBytes { Glibc.read(master, $0.baseAddress, $0.count) }
            if n > 0 { seen += buffer.prefix(n) }
        }
        Issue.record("the terminal never showed '\(text)'; it showed: \(String(decoding: seen, as: UTF8.self))")
        throw CancellationError()
    }
}
