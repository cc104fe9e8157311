import BotConfig
import BotCore
import BotTestKit
import Foundation
import Testing

/// What a new user's first hour and fuzzed files found in configuration handling.
struct ConfigHardeningTests {
    let paths = "[paths]\nbots = \"bots\"\ninstruments = \"instruments.toml\"\n"

    @Test func anErrorInRuntimeTomlDoesNotHideTheBotFilesErrors() throws {
        let bad = goodBot.replacingOccurrences(of: "rsi_length = 10", with: "rsi_length = 0")
        let f = try ConfigFolder(runtime: paths + "[paper]\nfill_model = \"magic\"\n", bots: ["good.toml": goodBot, "bad.toml": bad])
        let set = ConfigSet.load(runtime: f.runtimePath)
        #expect(set.runtime == nil && !set.isComplete)
        #expect(set.errors.contains { $0.file == f.runtimePath && $0.key == "paper.fill_model" })
        #expect(set.errors.contains { $0.file == f.bot("bad.toml") && $0.key == "params.rsi_length" }, "\(set.errors)")
        // Even when runtime.toml is not TOML at all, the default places are checked.
        let g = try ConfigFolder(runtime: "[paths\n", bots: ["bad.toml": bad])
        try FileManager.default.moveItem(atPath: g.root.appendingPathComponent("instruments.toml").path,
                                         toPath: g.root.appendingPathComponent("data-instruments.toml").path)
        try FileManager.default.createDirectory(at: g.root.appendingPathComponent("data"), withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: g.root.appendingPathComponent("data-instruments.toml").path,
                                         toPath: g.root.appendingPathComponent("data/instruments.toml").path)
        let gs = ConfigSet.load(runtime: g.runtimePath)
        #expect(gs.errors.contains { $0.file == g.runtimePath })
        #expect(gs.errors.contains { $0.file == g.bot("bad.toml") && $0.key == "params.rsi_length" }, "\(gs.errors)")
    }

    @Test func metricsAddressesAreCheckedOnceForLintAndBotd() throws {
        for (address, ok) in [("127.0.0.1:9464", true), ("localhost:0", true), ("[::1]:65535", true), ("0.0.0.0:9464", false),
                              ("127.0.0.1:99999", false), ("127.0.0.1:", false), ("127.0.0.1:-1", false), ("9464", false),
                              ("127.0.0.1:９４", false)] {
            let f = try ConfigFolder(runtime: paths + "[metrics]\naddress = \"\(address)\"\n", bots: [:])
            let set = ConfigSet.load(runtime: f.runtimePath)
            #expect((set.runtime != nil) == ok, "\(address): \(set.errors)")
            #expect(ok || set.errors.contains { $0.key == "metrics.address" && $0.line == 5 })
            // What lint accepts is what botd binds: the parsed address, not the text.
            if ok { #expect(set.runtime?.daemon.metrics == (try? MetricsAddress.parse(address).get())) }
        }
        let off = try ConfigFolder(runtime: paths + "[metrics]\naddress = \"\"\n", bots: [:])
        #expect(ConfigSet.load(runtime: off.runtimePath).runtime?.daemon.metrics == nil)
    }

    @Test func aReplayMustNameAFileThatExists() throws {
        let folder = try ConfigFolder(runtime: paths + "[market]\nsource = \"replay\"\nfile = \"bots\"\nsymbol = \"BTCUSDT\"\n", bots: [:])
        #expect(ConfigSet.load(runtime: folder.runtimePath).errors.contains {
            $0.key == "market.file" && $0.line == 6 && $0.message.contains("names a folder")
        })
        let missing = try ConfigFolder(runtime: paths + "[market]\nsource = \"replay\"\nfile = \"nope.csv\"\nsymbol = \"BTCUSDT\"\n", bots: [:])
        #expect(ConfigSet.load(runtime: missing.runtimePath).errors.contains { $0.key == "market.file" && $0.message.contains("names no file") })
    }

    @Test func anEnvironmentVariableNameThatIsNotOneIsNeverEchoed() throws {
        for value in ["\"zzleak04secret\"", "\"ZZ LEAK 04\"", "\"4ZZLEAK04\"", "\"ZZLEAK04é\""] {
            let f = try ConfigFolder(runtime: paths + "[accounts.okx]\nvenue = \"paper\"\napi_secret_env = \(value)\n", bots: [:])
            let lines = ConfigSet.load(runtime: f.runtimePath).errors.map(\.description)
            #expect(lines.contains { $0.contains("accounts.okx.api_secret_env") }, "\(value): \(lines)")
            #expect(!lines.joined().lowercased().contains("zzleak04"), "\(lines)")
        }
    }

    @Test func aFileThatIsNotUTF8IsReportedAtItsLineAndByte() throws {
        let f = try ConfigFolder(bots: ["good.toml": goodBot])
        var bytes = Array(goodBot.utf8)
        let at = bytes.firstIndex(of: UInt8(ascii: "\n"))! + 1   // the start of line 2
        bytes.insert(contentsOf: [0x75, 0x73, 0xC3, 0x28], at: at + 8)
        try Data(bytes).write(to: URL(fileURLWithPath: f.bot("latin.toml")))
        let set = ConfigSet.load(runtime: f.runtimePath)
        let issue = try #require(set.errors.first { $0.file == f.bot("latin.toml") })
        #expect(issue.line == 2, "\(issue)")
        #expect(issue.message.contains("invalid UTF-8 at byte \(at + 10)"), "\(issue)")
        #expect(set.bots.map(\.id) == ["good"])
    }
}

/// One leverage per account, instrument and side at the venue: bots that would fight over it
/// are refused by lint and botd alike.
struct LeverageLintTests {
    func bot(_ id: String, leverage: Int?) -> String {
        """
        id = "\(id)"
        user = "bob"
        strategy = "hyperrsi"
        account = "okx-main"
        symbol = "BTC-USDT-SWAP"
        timeframe = "5m"

        [params]
        investment = "40"
        \(leverage.map { "leverage = \($0)" } ?? "")
        """
    }

    let runtime = """
        [paths]
        bots = "bots"
        instruments = "instruments.toml"
        [accounts.okx-main]
        venue = "okx"
        environment = "demo"
        position_mode = "hedge"
        leverage = "5"
        api_key_env = "K"
        api_secret_env = "S"
        passphrase_env = "P"
        """

    @Test func botsAskingDifferentLeverageOnOneAccountAndInstrumentAreRefused() throws {
        let f = try ConfigFolder(runtime: runtime, bots: ["a.toml": bot("a", leverage: 10), "b.toml": bot("b", leverage: 20)])
        let set = ConfigSet.load(runtime: f.runtimePath)
        let mine = set.errors.filter { $0.key == "leverage" }
        #expect(Set(mine.map(\.file)) == [f.bot("a.toml"), f.bot("b.toml")], "\(set.errors)")
        #expect(mine.allSatisfy { $0.message.contains("a (10)") && $0.message.contains("b (20)") })
        #expect(set.bots.isEmpty)
    }

    @Test func aStrategysDefaultLeverageIsItsLeverage() throws {
        // HYPERRSI sizes its orders for its `leverage` parameter, 10 unless written: that is
        // what the venue must hold, whatever the account's (5) says.
        let same = try ConfigFolder(runtime: runtime, bots: ["a.toml": bot("a", leverage: nil), "b.toml": bot("b", leverage: 10)])
        let set = ConfigSet.load(runtime: same.runtimePath)
        #expect(set.errors.filter { $0.key == "leverage" }.isEmpty, "\(set.errors)")
        #expect(set.bots.map(\.id).sorted() == ["a", "b"])
        #expect(set.bots.first?.leverage(account: set.runtime?.accounts["okx-main"]) == Ratio(10))
        let differ = try ConfigFolder(runtime: runtime, bots: ["a.toml": bot("a", leverage: nil), "b.toml": bot("b", leverage: 5)])
        #expect(ConfigSet.load(runtime: differ.runtimePath).errors.contains { $0.key == "leverage" })
    }
}
