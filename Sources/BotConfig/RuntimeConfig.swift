import Foundation
import BotCore
import PaperMatching
import Risk
import TOML

/// How an account's positions are kept at the venue.
public enum PositionMode: String, Sendable, Codable, CaseIterable {
    /// One signed position per instrument (OKX net mode, Binance one-way, all spot).
    case net
    /// A long and a short leg per instrument (OKX long/short mode).
    case hedge
}

public struct AccountConfig: Sendable, Equatable {
    public var name: String
    /// `paper`, `okx` or `binance`: which `Venue` serves the account.
    public var venue: String
    /// Demo or live, for a real venue (required: no default); for a dry-run paper account, the
    /// environment whose public market it follows.
    public var environment: VenueEnvironment?
    /// The venue's servers: its documented hosts unless configured (the tests' fakes).
    public var endpoints: VenueEndpoints?
    /// A paper account that takes its market from a real venue's public feed (`okx` or
    /// `binance`): dry-run, real prices and simulated fills, no keys.
    public var market: String?
    /// A PEM file of certificate authorities to trust instead of the system's (a test's fake).
    public var caFile: String?
    public var positionMode: PositionMode
    /// Names of the environment variables that hold the account's credentials (`api_key`,
    /// `api_secret`, `passphrase`): never the secrets themselves, which stay out of every
    /// file, log and message. Unused by paper accounts.
    public var credentialVariables: [String: String] = [:]
    /// The account's leverage for swap margin (`[paper] leverage` when absent).
    public var leverage: Ratio?
    /// How often a real account's funding fees are read from the venue (seconds; 60 when absent).
    public var fundingPollSeconds: Int?

    public init(name: String, venue: String, positionMode: PositionMode, credentialVariables: [String: String] = [:],
                leverage: Ratio? = nil, environment: VenueEnvironment? = nil, endpoints: VenueEndpoints? = nil,
                market: String? = nil, caFile: String? = nil) {
        self.name = name
        self.venue = venue
        self.environment = environment
        self.endpoints = endpoints
        self.market = market
        self.caFile = caFile
        self.positionMode = positionMode
        self.credentialVariables = credentialVariables
        self.leverage = leverage
    }
}

extension AccountConfig {
    static let credentials = ["api_key", "api_secret", "passphrase"]
    /// The venues there are, and the credentials each needs.
    static let venues = ["paper", "okx", "binance"]
    static func credentialsNeeded(venue: String) -> [String] {
        switch venue {
        case "okx": ["api_key", "api_secret", "passphrase"]
        case "binance": ["api_key", "api_secret"]
        default: []
        }
    }

    /// Whether the account trades at a real venue (with real or demo money), not on paper.
    public var isReal: Bool { venue != "paper" }
}

extension RuntimeConfig {
    /// The paper venue's settings for `account`: the shared `[paper]` ones with the account's
    /// own leverage.
    public func paper(for account: String) -> PaperConfig {
        var p = paper
        if let l = accounts[account]?.leverage { p.leverage = l }
        return p
    }
}

/// Where the daemon's market data comes from.
public enum MarketSource: Sendable, Equatable {
    /// The seeded simulator; `speed` simulated minutes per real second (1/60 is real time).
    case simulator(seed: UInt64, speed: Double)
    /// A one-minute candle CSV, or a trade CSV, replayed for `symbol` at `speed` minutes per second (other
    /// instruments stay on the simulator, seeded with `seed`).
    case replay(file: String, symbol: String, seed: UInt64, speed: Double)
}

/// The daemon's settings (botd).
public struct DaemonConfig: Sendable {
    /// Keep the daemon's pages in memory (`mlockall`), so none is paged out between trades.
    public var lockMemory = true
    public var storagePath: String
    public var durabilityFull = false
    public var market: MarketSource = .simulator(seed: 1, speed: 60)
    /// Minutes of history the hub keeps and bots warm up from.
    public var historyMinutes = 600
    public var socketPath: String
    /// Peers allowed on the control socket besides the daemon's own uid.
    public var allowUIDs: [UInt32] = []
    /// More than `maxRestarts` restarts within `restartPeriod` seconds marks a bot failed.
    public var maxRestarts = 3
    public var restartPeriod = 60.0
    public var backoffInitialMs = 100
    public var backoffMaxMs = 5000
    /// Serial executors the bots share (0: one per core). More shards than cores only adds
    /// wake-ups; fewer leaves cores idle.
    public var shards = 0
    /// A bot whose events take longer than this (µs), again and again, is moved off the
    /// shared shards to a thread of its own (0: never).
    public var slowEventMicros = 200
    /// Indicator series computed once per instrument, timeframe and parameters and read by
    /// every bot that has them (false: each bot computes its own, as a measurement baseline).
    public var shareIndicators = true
    /// Token bucket per endpoint class, per account: (rate per second, burst). A venue adds
    /// its own documented limits to these.
    public var rateLimits: [VenueEndpoint: RateLimit] = Dictionary(uniqueKeysWithValues: VenueEndpoint.allCases.map {
        ($0, RateLimit(perSecond: 60, burst: 60))
    })
    /// Control clients served at once; the next is told botd is busy.
    public var maxControlClients = 64
    public var metrics: MetricsAddress? = MetricsAddress(port: 9464)
}

/// `runtime.toml`: the settings this release uses. Paths are relative to the file's folder.
public struct RuntimeConfig: Sendable {
    public var file: String
    public var botsDirectory: String
    public var instrumentsFile: String
    public var outputDirectory: String
    public var paper: PaperConfig
    public var accounts: [String: AccountConfig]
    public var defaultRisk: RiskLimits
    public var userLimits: UserLimits
    public var daemon: DaemonConfig
    /// `[credentials]`: the vault of accounts' credentials; nil when not configured.
    public var credentials: CredentialsConfig?
    /// `[telegram]`: the bot token's variable and the Bot API; nil when not configured.
    public var telegram: TelegramConfig?
    /// `[users.NAME]`: who owns the bots and how they reach them.
    public var users: [String: UserConfig] = [:]

    /// The folder of `file`, for resolving relative paths.
    public static func folder(of file: String) -> String {
        guard let slash = file.lastIndex(of: "/") else { return "." }
        let f = String(file[..<slash])
        return f.isEmpty ? "/" : f
    }

    public static func resolve(_ path: String, against folder: String) -> String {
        path.hasPrefix("/") ? path : (folder == "." ? path : "\(folder)/\(path)")
    }

    public static func parse(_ text: String, file: String, diagnostics: Diagnostics) -> RuntimeConfig? {
        let root: TOMLTable
        do { root = try TOMLParser.parse(text) } catch {
            diagnostics.add(ConfigIssue(file: file, line: error.line, key: "", message: error.message))
            return nil
        }
        let before = diagnostics.errors.count
        let folder = folder(of: file)
        let r = ConfigReader(file: file, table: root, diagnostics: diagnostics)
        let paths = r.table("paths")
        let bots = paths?.string("bots") ?? "bots"
        let instruments = paths?.string("instruments") ?? "data/instruments.toml"
        let out = paths?.string("output") ?? "out"
        paths?.rejectUnknownKeys("[paths] takes bots, instruments, output")

        var paper = PaperConfig()
        if let p = r.table("paper") {
            if let m = p.oneOf("fill_model", FillModel.allCases.map(\.rawValue)) { paper.fillModel = FillModel(rawValue: m)! }
            paper.initialBalance = p.fixed("initial_balance", Money.self, positive: true) ?? paper.initialBalance
            paper.leverage = p.fixed("leverage", Ratio.self, min: 1, max: 125) ?? paper.leverage
            paper.fundingRate = p.fixed("funding_rate", Ratio.self, min: Ratio.of("-0.01"), max: Ratio.of("0.01")) ?? paper.fundingRate
            paper.fundingIntervalHours = p.int("funding_interval_hours", in: 0...24) ?? paper.fundingIntervalHours
            paper.makerFee = p.fixed("maker_fee", Ratio.self, min: Ratio.of("-0.01"), max: Ratio.of("0.01"))
            paper.takerFee = p.fixed("taker_fee", Ratio.self, min: Ratio.of("-0.01"), max: Ratio.of("0.01"))
            p.rejectUnknownKeys("[paper] takes fill_model, initial_balance, leverage, funding_rate, funding_interval_hours, maker_fee, taker_fee")
        }
        var accounts: [String: AccountConfig] = [:]
        if let a = r.table("accounts") {
            for name in a.table.keys {
                guard let t = a.table(name) else { continue }
                let venue = t.oneOf("venue", AccountConfig.venues) ?? "paper"
                let mode = t.oneOf("position_mode", PositionMode.allCases.map(\.rawValue)).flatMap(PositionMode.init) ?? .net
                var vars: [String: String] = [:]
                for c in AccountConfig.credentials {
                    if t.has(c) {
                        // A secret written into the file: refuse it, and never echo it.
                        t.error(c, "credentials are never written in runtime.toml: name the environment variable that holds it with \(c)_env")
                        t.touch(c)
                    }
                    guard let v = t.string("\(c)_env") else { continue }
                    if v.isEmpty || !v.allSatisfy({ ($0.isUppercase || $0.isNumber || $0 == "_") && $0.isASCII }) || v.first!.isNumber {
                        // Not echoed: what is written here is often the secret itself.
                        t.error("\(c)_env", "must be the name of an environment variable (A-Z, 0-9 and _, not starting with a digit), not the credential itself")
                    } else {
                        vars[c] = v
                    }
                }
                let leverage = t.fixed("leverage", Ratio.self, min: 1, max: 125)
                let (environment, market, endpoints) = readVenue(t, venue: venue)
                // With a vault, an account's credentials may all be there instead.
                for c in AccountConfig.credentialsNeeded(venue: venue) where vars[c] == nil && !t.has("\(c)_env") && !r.has("credentials") {
                    t.error("\(c)_env", "required for a \(venue) account: the name of the environment variable holding its \(c.replacingOccurrences(of: "_", with: " ")) (or keep the account's credentials in a [credentials] vault)")
                }
                let ca = t.string("ca_file").map { resolve($0, against: folder) }
                let fundingPoll = t.int("funding_poll_seconds", in: 1...3_600)
                t.rejectUnknownKeys("an account takes venue, environment, market, position_mode, leverage, api_key_env, api_secret_env, passphrase_env, rest_url, ws_public_url, ws_private_url, ws_business_url, ca_file, funding_poll_seconds")
                accounts[name] = AccountConfig(name: name, venue: venue, positionMode: mode, credentialVariables: vars, leverage: leverage,
                                               environment: environment, endpoints: endpoints, market: market, caFile: ca)
                accounts[name]?.fundingPollSeconds = fundingPoll
            }
        }
        if accounts.isEmpty { accounts["paper"] = AccountConfig(name: "paper", venue: "paper", positionMode: .net) }
        var risk = RiskLimits(), user = UserLimits()
        if let t = r.table("risk") {
            risk = RiskLimits.read(t)
            user = UserLimits.read(t)
            t.rejectUnknownKeys("[risk] takes max_position, max_notional, max_open_orders, price_band, max_leverage, max_user_notional, daily_loss_limit")
        }
        let daemon = readDaemon(r, folder: folder)
        let credentials = readCredentials(r, folder: folder)
        let telegram = readTelegram(r, folder: folder)
        let users = readUsers(r)
        if r.has("telegram") && !r.has("users") {
            r.error("telegram", "needs the users it serves: add a [users.NAME] table with telegram_ids for each owner of bots")
        }
        r.rejectUnknownKeys("runtime.toml takes lock_memory, [paths], [paper], [accounts.NAME], [credentials], [risk], [storage], [market], [control], [supervisor], [rate_limits], [metrics], [telegram], [users.NAME]")
        guard diagnostics.errors.count == before else { return nil }
        var config = RuntimeConfig(file: file, botsDirectory: resolve(bots, against: folder),
                                   instrumentsFile: resolve(instruments, against: folder),
                                   outputDirectory: resolve(out, against: folder), paper: paper, accounts: accounts,
                                   defaultRisk: risk, userLimits: user, daemon: daemon, credentials: credentials)
        config.telegram = telegram
        config.users = users
        return config
    }

    /// Where the bots folder and the instrument file are, for a runtime.toml with errors: as
    /// its `[paths]` says when the file is valid TOML, the defaults otherwise.
    static func paths(_ text: String?, file: String) -> (bots: String, instruments: String) {
        let folder = folder(of: file)
        var bots = "bots", instruments = "data/instruments.toml"
        if let text, let root = try? TOMLParser.parse(text), case .table(let p)? = root["paths"] {
            if case .string(let b)? = p["bots"] { bots = b }
            if case .string(let i)? = p["instruments"] { instruments = i }
        }
        return (resolve(bots, against: folder), resolve(instruments, against: folder))
    }

    static func readDaemon(_ r: ConfigReader, folder: String) -> DaemonConfig {
        var d = DaemonConfig(storagePath: resolve("var/botruntime.sqlite", against: folder),
                             socketPath: resolve("var/run/botd.sock", against: folder))
        if r.has("mode") {
            r.error("mode", "is gone: each account says where it trades ([accounts.NAME] venue = \"paper\" | \"okx\" | \"binance\")")
            r.touch("mode")
        }
        if let l = r.bool("lock_memory") { d.lockMemory = l }
        if let t = r.table("storage") {
            if let p = t.string("path") { d.storagePath = resolve(p, against: folder) }
            if let s = t.oneOf("synchronous", ["normal", "full"]) { d.durabilityFull = s == "full" }
            t.rejectUnknownKeys("[storage] takes path, synchronous")
        }
        if let t = r.table("market") {
            let source = t.oneOf("source", ["simulator", "replay"]) ?? "simulator"
            let speed = t.double("speed", in: 0.001...100_000) ?? 60
            d.historyMinutes = t.int("history_minutes", in: 0...100_000) ?? d.historyMinutes
            let seed = UInt64(t.int("seed", in: 0...Int.max) ?? 1)
            if source == "simulator" {
                d.market = .simulator(seed: seed, speed: speed)
            } else if let f = t.string("file", required: true), let symbol = t.string("symbol", required: true) {
                let path = resolve(f, against: folder)
                var isFolder: ObjCBool = false
                if !FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
                    t.error("file", "names no file '\(path.printable)'")
                } else if isFolder.boolValue {
                    t.error("file", "names a folder, not a data file '\(path.printable)'")
                }
                d.market = .replay(file: path, symbol: symbol, seed: seed, speed: speed)
            }
            t.touch("file")
            t.touch("symbol")
            t.rejectUnknownKeys("[market] takes source, speed, seed, file, symbol, history_minutes")
        }
        if let t = r.table("control") {
            if let p = t.string("socket") { d.socketPath = resolve(p, against: folder) }
            if case .array(let items)? = t.table["allow_uids"] {
                t.touch("allow_uids")
                for item in items {
                    guard case .number(let n) = item, let uid = UInt32(n) else { t.error("allow_uids", "must be a list of numeric uids"); break }
                    d.allowUIDs.append(uid)
                }
            }
            d.maxControlClients = t.int("max_clients", in: 1...10_000) ?? d.maxControlClients
            t.rejectUnknownKeys("[control] takes socket, allow_uids, max_clients")
        }
        if let t = r.table("supervisor") {
            d.maxRestarts = t.int("max_restarts", in: 0...1000) ?? d.maxRestarts
            d.restartPeriod = t.double("period_seconds", in: 0.1...86_400) ?? d.restartPeriod
            d.backoffInitialMs = t.int("backoff_initial_ms", in: 1...600_000) ?? d.backoffInitialMs
            d.backoffMaxMs = t.int("backoff_max_ms", in: 1...3_600_000) ?? d.backoffMaxMs
            d.shards = t.int("shards", in: 0...1024) ?? d.shards
            d.slowEventMicros = t.int("slow_event_us", in: 0...10_000_000) ?? d.slowEventMicros
            d.shareIndicators = t.bool("share_indicators") ?? d.shareIndicators
            t.rejectUnknownKeys("[supervisor] takes max_restarts, period_seconds, backoff_initial_ms, backoff_max_ms, shards, slow_event_us, share_indicators")
        }
        if let t = r.table("rate_limits") {
            // `orders` and `cancels` are the names of earlier releases: orders covers placing
            // and amending, cancels cancelling; the endpoint classes' own names win.
            let classes: [(String, [VenueEndpoint])] = [("orders", [.placeOrder, .amendOrder]), ("cancels", [.cancelOrder])]
                + VenueEndpoint.allCases.map { ($0.rawValue, [$0]) }
            for (key, endpoints) in classes {
                guard let c = t.table(key) else { continue }
                let rate = RateLimit(perSecond: c.double("per_second", in: 0.001...100_000) ?? 60,
                                     burst: c.int("burst", in: 1...100_000) ?? 60)
                for e in endpoints { d.rateLimits[e] = rate }
                c.rejectUnknownKeys("a rate limit takes per_second, burst")
            }
            t.rejectUnknownKeys("[rate_limits] takes one table per endpoint class: "
                                + VenueEndpoint.allCases.map { "[rate_limits.\($0.rawValue)]" }.joined(separator: ", ")
                                + " (or [rate_limits.orders], [rate_limits.cancels])")
        }
        if let t = r.table("metrics") {
            if let a = t.string("address") {
                if a.isEmpty {
                    d.metrics = nil
                } else {
                    switch MetricsAddress.parse(a) {
                    case .success(let m): d.metrics = m
                    case .failure(let why): t.error("address", "\(why.reason) (got '\(a.printable)'; empty to disable)")
                    }
                }
            }
            t.rejectUnknownKeys("[metrics] takes address (empty to disable)")
        }
        return d
    }
}

/// A token bucket's settings: `burst` requests at once, refilled at `perSecond`.
public struct RateLimit: Sendable, Equatable {
    public var perSecond: Double
    public var burst: Int
    public init(perSecond: Double, burst: Int) {
        self.perSecond = perSecond
        self.burst = burst
    }
}
