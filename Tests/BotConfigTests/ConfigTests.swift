import BotConfig
import BotCore
import BotTestKit
import Foundation
import Indicators
import Testing

/// A throwaway config folder: runtime.toml, the shipped instrument file, and bot files.
struct ConfigFolder {
    let root: URL
    init(runtime: String = "[paths]\nbots = \"bots\"\ninstruments = \"instruments.toml\"\n", bots: [String: String]) throws {
        root = try SharedData.temporaryDirectory("config")
        try runtime.write(to: root.appendingPathComponent("runtime.toml"), atomically: true, encoding: .utf8)
        let shipped = SharedData.packageRoot.appendingPathComponent("data/instruments.toml")
        try FileManager.default.copyItem(at: shipped, to: root.appendingPathComponent("instruments.toml"))
        try FileManager.default.createDirectory(at: root.appendingPathComponent("bots"), withIntermediateDirectories: true)
        for (name, text) in bots { try text.write(to: root.appendingPathComponent("bots/\(name)"), atomically: true, encoding: .utf8) }
    }
    var runtimePath: String { root.appendingPathComponent("runtime.toml").path }
    func bot(_ name: String) -> String { root.appendingPathComponent("bots/\(name)").path }
}

let goodBot = """
id = "good"
user = "alice"
strategy = "rsi-cross"
account = "paper"
symbol = "BTCUSDT"
timeframe = "5m"

[params]
rsi_length = 10

[risk]
max_position = "2"
"""

struct ConfigTests {
    @Test func shippedConfigurationIsValid() {
        let set = ConfigSet.load(runtime: SharedData.packageRoot.appendingPathComponent("runtime.toml").path)
        #expect(set.errors.isEmpty, "\(set.errors)")
        #expect(set.bots.map(\.id).contains("rsi-cross-btc"))
        #expect(set.catalog.instruments.count == 5)
        let okx = set.catalog.find(symbol: "BTC-USDT-SWAP")!
        #expect(okx.contractValue == Quantity.of("0.01") && okx.kind == .perpetual && okx.tickSize == Price.of("0.1"))
    }

    @Test func parsesABotAndResolvesPathsAgainstTheConfigFolder() throws {
        let f = try ConfigFolder(bots: ["good.toml": goodBot])
        let set = ConfigSet.load(runtime: f.runtimePath)
        #expect(set.issues.isEmpty, "\(set.issues)")
        let b = try #require(set.bots.first)
        #expect(b.id == "good" && b.instrument.id.description == "binance:BTCUSDT" && b.timeframe == Timeframe("5m"))
        #expect(b.risk.maxPosition == 2 && b.onStop == .cancelOrders)
        #expect(set.runtime?.botsDirectory == f.root.appendingPathComponent("bots").path)
    }

    @Test func aBadBotIsReportedWithFileLineAndKeyAndTheOthersStillLoad() throws {
        let bad = """
        id = "bad"
        user = "bob"
        strategy = "rsi-cross"
        account = "paper"
        symbol = "DOGEUSDT"
        timeframe = "7m"
        on_stop = "explode"

        [params]
        rsi_length = 0
        typo_key = 1
        """
        let unknownStrategy = "id = \"x\"\nuser = \"u\"\nstrategy = \"martingale\"\naccount = \"paper\"\nsymbol = \"BTCUSDT\"\ntimeframe = \"1m\"\n"
        let f = try ConfigFolder(bots: ["good.toml": goodBot, "bad.toml": bad, "x.toml": unknownStrategy, "broken.toml": "id = \"oops"])
        let set = ConfigSet.load(runtime: f.runtimePath)
        #expect(set.bots.map(\.id) == ["good"])
        let lines = set.errors.map(\.description)
        let badPath = f.bot("bad.toml")
        for expected in [
            "\(badPath):5: key 'symbol' names no single known instrument 'DOGEUSDT'",
            "\(badPath):6: key 'timeframe' must be one of",
            "\(badPath):7: key 'on_stop' must be one of 'cancel_orders', 'close_position', 'leave' (got 'explode')",
            "\(badPath):10: key 'params.rsi_length' must be 2…500 (got 0)",
            "\(badPath):11: key 'params.typo_key' is not a known setting",
            "\(f.bot("x.toml")):3: key 'strategy' is not a known strategy 'martingale'",
            "\(f.bot("broken.toml")):1: unterminated string",
        ] {
            #expect(lines.contains { $0.hasPrefix(expected) }, "missing: \(expected)\n\(lines.joined(separator: "\n"))")
        }
    }

    @Test func duplicateIDsAndUnknownAccountsAreErrors() throws {
        let other = goodBot.replacingOccurrences(of: "account = \"paper\"", with: "account = \"nope\"")
            .replacingOccurrences(of: "id = \"good\"", with: "id = \"other\"")
        let f = try ConfigFolder(bots: ["a.toml": goodBot, "b.toml": goodBot, "c.toml": other])
        let set = ConfigSet.load(runtime: f.runtimePath)
        // Two files with one id: both reported, each naming the other, and neither loaded.
        #expect(set.bots.isEmpty)
        #expect(set.errors.contains { $0.file == f.bot("a.toml") && $0.key == "id" && $0.message.contains(f.bot("b.toml")) })
        #expect(set.errors.contains { $0.file == f.bot("b.toml") && $0.key == "id" && $0.message.contains(f.bot("a.toml")) })
        #expect(set.errors.contains { $0.file == f.bot("c.toml") && $0.key == "account" && $0.line == 4 })
    }

    @Test func warnsWhenTwoBotsShareAnAccountAndInstrument() throws {
        let second = goodBot.replacingOccurrences(of: "id = \"good\"", with: "id = \"good2\"")
        let f = try ConfigFolder(bots: ["a.toml": goodBot, "b.toml": second])
        let set = ConfigSet.load(runtime: f.runtimePath)
        #expect(set.errors.isEmpty)
        #expect(set.bots.count == 2)
        #expect(set.warnings.count == 2)
        #expect(set.warnings.allSatisfy { $0.message.contains("cannot be attributed") && $0.message.contains("good, good2") })
    }

    @Test func runtimeErrorsNameTheirKeys() throws {
        let f = try ConfigFolder(runtime: "[paper]\nfill_model = \"magic\"\nleverage = 500\n[mystery]\nx = 1\n", bots: [:])
        let set = ConfigSet.load(runtime: f.runtimePath)
        let lines = set.errors.map(\.description)
        #expect(set.runtime == nil)
        #expect(lines.contains { $0.hasPrefix("\(f.runtimePath):2: key 'paper.fill_model' must be one of 'close', 'next-open', 'intrabar'") })
        #expect(lines.contains("\(f.runtimePath):3: key 'paper.leverage' must be at most 125 (got 500)"))
        #expect(lines.contains { $0.hasPrefix("\(f.runtimePath):4: key 'mystery' is not a known setting") })
    }

    @Test func rateLimitsAreReadPerEndpointClassAndTheOldNamesStillCount() throws {
        let f = try ConfigFolder(runtime: """
            [rate_limits.orders]
            per_second = 5
            burst = 7
            [rate_limits.amend_order]
            per_second = 2
            burst = 3
            [rate_limits.query]
            per_second = 1
            burst = 1
            """, bots: [:])
        let limits = try #require(ConfigSet.load(runtime: f.runtimePath).runtime?.daemon.rateLimits)
        #expect(limits[.placeOrder] == RateLimit(perSecond: 5, burst: 7))
        #expect(limits[.amendOrder] == RateLimit(perSecond: 2, burst: 3), "the class's own table wins over `orders`")
        #expect(limits[.query] == RateLimit(perSecond: 1, burst: 1))
        #expect(limits[.cancelOrder] == RateLimit(perSecond: 60, burst: 60))
        let bad = try ConfigFolder(runtime: "[rate_limits.withdraw]\nper_second = 1\n", bots: [:])
        let lines = ConfigSet.load(runtime: bad.runtimePath).errors.map(\.description)
        #expect(lines.contains { $0.contains("rate_limits.withdraw") && $0.contains("[rate_limits.place_order]") }, "\(lines)")
    }

    @Test func memoryLockingIsOnUnlessTurnedOff() throws {
        let on = try ConfigFolder(runtime: "[paths]\nbots = \"bots\"\n", bots: [:])
        #expect(ConfigSet.load(runtime: on.runtimePath).runtime?.daemon.lockMemory == true)
        let off = try ConfigFolder(runtime: "lock_memory = false\n", bots: [:])
        #expect(ConfigSet.load(runtime: off.runtimePath).runtime?.daemon.lockMemory == false)
        let bad = try ConfigFolder(runtime: "\nlock_memory = \"yes\"\n", bots: [:])
        let lines = ConfigSet.load(runtime: bad.runtimePath).errors.map(\.description)
        #expect(lines.contains("\(bad.runtimePath):2: key 'lock_memory' must be true or false (got string)"), "\(lines)")
    }

    @Test func credentialsAreNamedByEnvironmentVariableNeverWritten() throws {
        let paths = "[paths]\nbots = \"bots\"\ninstruments = \"instruments.toml\"\n"
        let good = try ConfigFolder(runtime: paths + """
            [accounts.okx-main]
            venue = "paper"
            api_key_env = "OKX_API_KEY"
            api_secret_env = "OKX_API_SECRET"
            passphrase_env = "OKX_PASSPHRASE"
            """, bots: [:])
        let set = ConfigSet.load(runtime: good.runtimePath)
        #expect(set.errors.isEmpty, "\(set.errors)")
        #expect(set.runtime?.accounts["okx-main"]?.credentialVariables
                == ["api_key": "OKX_API_KEY", "api_secret": "OKX_API_SECRET", "passphrase": "OKX_PASSPHRASE"])
        // An account may margin at its own leverage; the others keep [paper]'s.
        let lev = try ConfigFolder(runtime: paths + """
            [paper]
            leverage = "2"
            [accounts.a]
            venue = "paper"
            leverage = "10"
            [accounts.b]
            venue = "paper"
            [accounts.c]
            venue = "paper"
            leverage = "500"
            """, bots: [:])
        let levSet = ConfigSet.load(runtime: lev.runtimePath)
        #expect(levSet.errors.map(\.description).contains { $0.contains("accounts.c.leverage") })
        let ok = try ConfigFolder(runtime: paths + "[paper]\nleverage = \"2\"\n[accounts.a]\nvenue = \"paper\"\nleverage = \"10\"\n[accounts.b]\nvenue = \"paper\"\n",
                                  bots: [:])
        let rt = try #require(ConfigSet.load(runtime: ok.runtimePath).runtime)
        #expect(rt.paper(for: "a").leverage == 10 && rt.paper(for: "b").leverage == 2 && rt.paper(for: "none").leverage == 2)
        // A secret in the file is refused, and the message never repeats it.
        let secret = "9f8e7d6c5b4a39281706f5e4d3c2b1a0"
        let bad = try ConfigFolder(runtime: paths + """
            [accounts.okx-main]
            venue = "paper"
            api_secret = "\(secret)"
            api_key_env = "okx key"
            """, bots: [:])
        let lines = ConfigSet.load(runtime: bad.runtimePath).errors.map(\.description)
        #expect(lines.contains { $0.hasPrefix("\(bad.runtimePath):6: key 'accounts.okx-main.api_secret' credentials are never written") })
        #expect(lines.contains { $0.contains("accounts.okx-main.api_key_env") && $0.contains("name of an environment variable") })
        #expect(!lines.joined().contains(secret))
    }

    @Test func realAccountsSayTheirEnvironmentAndCredentialsAndMayNameTheirServers() throws {
        let paths = "[paths]\nbots = \"bots\"\ninstruments = \"instruments.toml\"\n"
        let good = try ConfigFolder(runtime: paths + """
            [accounts.okx-demo]
            venue = "okx"
            environment = "demo"
            position_mode = "hedge"
            api_key_env = "OKX_API_KEY"
            api_secret_env = "OKX_API_SECRET"
            passphrase_env = "OKX_PASSPHRASE"
            [accounts.okx-fake]
            venue = "okx"
            environment = "live"
            api_key_env = "K"
            api_secret_env = "S"
            passphrase_env = "P"
            rest_url = "https://127.0.0.1:4431"
            ws_public_url = "wss://127.0.0.1:4431/ws/v5/public"
            ca_file = "fake-ca.pem"
            [accounts.binance-live]
            venue = "binance"
            environment = "live"
            api_key_env = "BINANCE_KEY"
            api_secret_env = "BINANCE_SECRET"
            [accounts.dry]
            venue = "paper"
            market = "okx"
            """, bots: [:])
        let set = ConfigSet.load(runtime: good.runtimePath)
        #expect(set.errors.isEmpty, "\(set.errors)")
        let a = try #require(set.runtime?.accounts)
        #expect(a["okx-demo"]?.environment == .demo && a["okx-demo"]?.isReal == true)
        #expect(a["okx-demo"]?.endpoints == VenueEndpoints(rest: "https://www.okx.com", wsPublic: "wss://wspap.okx.com:8443/ws/v5/public",
                                                             wsPrivate: "wss://wspap.okx.com:8443/ws/v5/private",
                                                             wsBusiness: "wss://wspap.okx.com:8443/ws/v5/business"))
        #expect(a["okx-fake"]?.endpoints?.rest == "https://127.0.0.1:4431")
        #expect(a["okx-fake"]?.endpoints?.wsPublic == "wss://127.0.0.1:4431/ws/v5/public")
        #expect(a["okx-fake"]?.endpoints?.wsPrivate == "wss://ws.okx.com:8443/ws/v5/private", "the others stay documented")
        #expect(a["okx-fake"]?.caFile == good.root.appendingPathComponent("fake-ca.pem").path)
        #expect(a["binance-live"]?.endpoints?.rest == "https://api.binance.com")
        #expect(a["dry"]?.market == "okx" && a["dry"]?.isReal == false && a["dry"]?.endpoints?.wsPublic == "wss://ws.okx.com:8443/ws/v5/public")

        let bad = try ConfigFolder(runtime: """
            mode = "paper"
            \(paths)
            [accounts.no-env]
            venue = "okx"
            api_key_env = "K"
            api_secret_env = "S"
            [accounts.wrong-url]
            venue = "binance"
            environment = "demo"
            api_key_env = "K"
            api_secret_env = "S"
            rest_url = "http://example.com"
            market = "okx"
            [accounts.sim]
            venue = "paper"
            environment = "live"
            rest_url = "https://127.0.0.1:1"
            """, bots: [:])
        let lines = ConfigSet.load(runtime: bad.runtimePath).errors.map(\.description)
        let f = bad.runtimePath
        #expect(lines.contains("\(f):1: key 'mode' is gone: each account says where it trades ([accounts.NAME] venue = \"paper\" | \"okx\" | \"binance\")"), "\(lines)")
        #expect(lines.contains { $0.contains("accounts.no-env.environment' required for a okx account") })
        #expect(lines.contains { $0.contains("accounts.no-env.passphrase_env' required for a okx account") })
        #expect(lines.contains { $0.contains("accounts.wrong-url.rest_url' must be a https:// URL with a host (http:// only on loopback)") })
        #expect(lines.contains { $0.contains("accounts.wrong-url.market' only a paper account") })
        #expect(lines.contains { $0.contains("accounts.sim.environment' a paper account without a market") })
        #expect(lines.contains { $0.contains("accounts.sim.rest_url' a paper account on the simulator has no venue servers") })
    }

    @Test func instrumentFileErrors() {
        let d = Diagnostics()
        let text = "[[instrument]]\nvenue = \"x\"\nsymbol = \"Y\"\nkind = \"future\"\nbase = \"A\"\nquote = \"B\"\ntick_size = \"0\"\nlot_size = \"0.1\"\nmin_size = \"0.15\"\nmaker_fee = 0\ntaker_fee = 0\n"
        _ = InstrumentCatalog.parse(text, file: "i.toml", diagnostics: d)
        let lines = d.issues.map(\.description)
        #expect(lines.contains { $0.hasPrefix("i.toml:4: key 'instrument[0].kind' must be one of 'spot', 'perpetual'") })
        #expect(lines.contains("i.toml:7: key 'instrument[0].tick_size' must be greater than 0 (got 0)"))
    }
}

/// Credentials come from the environment variables an account names, and their values never
/// show: not in a description, a debug print, a dump, a reflection or an error.
struct CredentialsTests {
    let okx = AccountConfig(name: "okx-demo", venue: "okx", positionMode: .hedge,
                            credentialVariables: ["api_key": "OKX_KEY", "api_secret": "OKX_SECRET", "passphrase": "OKX_PASS"],
                            environment: .demo)

    @Test func readFromTheNamedVariablesAndNeverShown() throws {
        let env = ["OKX_KEY": "key-ZZLEAK1", "OKX_SECRET": "secret-ZZLEAK2", "OKX_PASS": "pass-ZZLEAK3"]
        let c = try okx.credentials(from: env)
        #expect(c.apiKey.reveal == "key-ZZLEAK1" && c.apiSecret.reveal == "secret-ZZLEAK2" && c.passphrase?.reveal == "pass-ZZLEAK3")
        var dumped = ""
        dump(c, to: &dumped)
        let shown = [c.description, "\(c)", String(describing: c), String(reflecting: c), "\(c.apiSecret)", String(reflecting: c.apiSecret),
                     dumped, "\(Mirror(reflecting: c.apiSecret).children.map { "\($0.value)" })"]
        for text in shown { #expect(!text.contains("ZZLEAK"), "\(text)") }
    }

    @Test func aMissingVariableIsNamedAndEveryProblemToldAtOnce() {
        #expect(throws: CredentialsError(account: "okx-demo", problems: [
            "environment variable OKX_SECRET (api secret) is not set", "environment variable OKX_PASS (passphrase) is not set",
        ])) { try okx.credentials(from: ["OKX_KEY": "k", "OKX_SECRET": ""]) }
        let binance = AccountConfig(name: "b", venue: "binance", positionMode: .net, credentialVariables: ["api_key": "BK"],
                                    environment: .live)
        #expect(throws: CredentialsError(account: "b", problems: ["api_secret_env is not set in runtime.toml"])) {
            try binance.credentials(from: ["BK": "k"])
        }
        let ok = AccountConfig(name: "b", venue: "binance", positionMode: .net, credentialVariables: ["api_key": "BK", "api_secret": "BS"],
                               environment: .live)
        #expect((try? ok.credentials(from: ["BK": "k", "BS": "s"]))?.passphrase == nil)
    }
}

/// GRID's bad settings: each an error naming the bot file, the line and the key; the other bots load.
struct GridConfigTests {
    static func grid(_ id: String, _ params: String) -> String {
        """
        id = "\(id)"
        user = "u"
        strategy = "grid"
        account = "paper"
        symbol = "BTCUSDT"
        timeframe = "15m"

        [params]
        levels = "arithmetic"
        \(params)
        """
    }

    @Test func badGridsAreErrorsOnTheirKeysAndTheOthersStillLoad() throws {
        let f = try ConfigFolder(bots: [
            "good.toml": goodBot,
            "fine-grid.toml": Self.grid("fine", "lower_price = \"90000\"\nupper_price = \"110000\"\ninvestment = \"50\""),
            "inverted.toml": Self.grid("inverted", "lower_price = \"110000\"\nupper_price = \"90000\""),
            "none.toml": Self.grid("none", "grid_num = 0\nlower_price = \"90000\"\nupper_price = \"110000\""),
            "many.toml": Self.grid("many", "grid_num = 201\nlower_price = \"90000\"\nupper_price = \"110000\""),
            "tiny.toml": Self.grid("tiny", "lower_price = \"90000\"\nupper_price = \"110000\"\ninvestment = \"4\""),
        ])
        let set = ConfigSet.load(runtime: f.runtimePath)
        #expect(set.bots.map(\.id).sorted() == ["fine", "good"])
        let lines = set.errors.map(\.description)
        for expected in [
            "\(f.bot("inverted.toml")):10: key 'params.lower_price' 110000 must be below upper_price (90000)",
            "\(f.bot("none.toml")):10: key 'params.grid_num' 0 levels; must be 2 to 200",
            "\(f.bot("many.toml")):10: key 'params.grid_num' 201 levels; must be 2 to 200",
            "\(f.bot("tiny.toml")):12: key 'params.investment' 4 × leverage 1 is below the instrument's minimum order value 5",
        ] {
            #expect(lines.contains { $0.hasPrefix(expected) }, "missing: \(expected)\n\(lines.joined(separator: "\n"))")
        }
        #expect(set.errors.count == 4, "\(lines)")
    }
}

/// `auroraq-ppo` bot files: the model is found beside the bot file, and a model that cannot
/// serve (missing, or trained on another observation) is an error on `params.model` naming the
/// model's file, while the other bots load.
struct PolicyConfigTests {
    static func ppo(_ id: String, _ params: String, timeframe: String = "5m") -> String {
        """
        id = "\(id)"
        user = "u"
        strategy = "auroraq-ppo"
        account = "paper"
        symbol = "BTC-USDT-SWAP"
        timeframe = "\(timeframe)"

        [params]
        \(params)
        """
    }

    @Test func modelsAreFoundBesideTheBotFileAndBadOnesNamed() throws {
        var features = AuroraObservation.featureNames
        features.swapAt(0, 1)
        let f = try ConfigFolder(bots: [
            "good.toml": goodBot,
            "ppo.toml": Self.ppo("ppo", "model = \"models/p.safetensors\""),
            "absent.toml": Self.ppo("absent", "model = \"models/absent.safetensors\""),
            "other.toml": Self.ppo("other", "model = \"models/other.safetensors\""),
            "hourly.toml": Self.ppo("hourly", "model = \"models/p.safetensors\"", timeframe: "1h"),
            "nomodel.toml": Self.ppo("nomodel", "investment = \"10\""),
        ])
        let models = URL(fileURLWithPath: f.bot("models"))
        try FileManager.default.createDirectory(at: models, withIntermediateDirectories: true)
        let weights = ConstructedPolicy.constant([0.5, 0.3, 0.2])
        _ = try ConstructedPolicy.write(weights, to: models, name: "p")
        _ = try ConstructedPolicy.write(weights, to: models, name: "other", sidecar: ConstructedPolicy.sidecar(features: features))
        let set = ConfigSet.load(runtime: f.runtimePath)
        #expect(set.bots.map(\.id).sorted() == ["good", "ppo"])
        let lines = set.errors.map(\.description)
        for expected in [
            "\(f.bot("absent.toml")):9: key 'params.model' \(f.bot("models/absent.safetensors")): cannot read the file",
            "\(f.bot("other.toml")):9: key 'params.model' \(f.bot("models/other.json")): observation.features[0] is 'volume_ratio', the runtime's is 'close_scaled'",
            "\(f.bot("hourly.toml")):3: key 'strategy' cannot be built: the policy was trained on 5m bars",
            "\(f.bot("nomodel.toml"))",
        ] {
            #expect(lines.contains { $0.hasPrefix(expected) }, "missing: \(expected)\n\(lines.joined(separator: "\n"))")
        }
        #expect(lines.contains { $0.contains("nomodel.toml") && $0.contains("params.model") }, "\(lines)")
    }
}
