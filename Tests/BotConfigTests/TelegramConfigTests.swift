import BotConfig
import BotCore
import BotTestKit
import Foundation
import Testing

/// `[telegram]` and `[users.NAME]` in runtime.toml, and the lint that ties bots to users.
struct TelegramConfigTests {
    let paths = "[paths]\nbots = \"bots\"\ninstruments = \"instruments.toml\"\n"

    @Test func usersAndTheTokensVariableAreRead() throws {
        let f = try ConfigFolder(runtime: paths + """
            [telegram]
            token_env = "BOTD_TELEGRAM_TOKEN"
            daily_summary_hour = 21
            [users.alice]
            telegram_ids = [111111]
            role = "admin"
            language = "ko"
            time_zone = "Asia/Seoul"
            notify = ["entry", "exit", "stop", "take_profit"]
            silent = ["entry"]
            [users.bob]
            telegram_ids = [222222, 333333]
            chats = [-1001234567890]
            """, bots: ["a.toml": goodBot])
        let set = ConfigSet.load(runtime: f.runtimePath)
        #expect(set.errors.isEmpty, "\(set.errors)")
        let rt = try #require(set.runtime)
        #expect(rt.telegram == TelegramConfig(tokenVariable: "BOTD_TELEGRAM_TOKEN", dailySummaryHour: 21))
        let alice = try #require(rt.users["alice"])
        #expect(alice.role == .admin && alice.language == "ko" && alice.timeZone == "Asia/Seoul" && alice.chats == [111111])
        #expect(alice.notify == [.entry, .exit, .stop, .takeProfit] && alice.silent == [.entry])
        let bob = try #require(rt.users["bob"])
        #expect(bob.role == .user && bob.telegramIDs == [222222, 333333] && bob.chats == [-1001234567890])
        #expect(bob.notify == Set(NotificationKind.allCases) && bob.language == "en" && bob.timeZone == "UTC")
        #expect(set.bots.map(\.id) == ["good"])
    }

    @Test func aTokenIsNeverWrittenAndEveryProblemIsNamed() throws {
        let token = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
        let f = try ConfigFolder(runtime: paths + """
            [telegram]
            token = "\(token)"
            [users.alice]
            telegram_ids = [111, 222]
            language = "fr"
            time_zone = "Mars/Olympus"
            notify = ["entry", "gossip"]
            [users.bob]
            telegram_ids = [222]
            colour = "blue"
            """, bots: [:])
        let lines = ConfigSet.load(runtime: f.runtimePath).errors.map(\.description)
        #expect(!lines.joined().contains(token) && !lines.joined().contains("AAHdq"))
        for expected in ["key 'telegram.token' the bot token is never written", "key 'users.alice.language' must be one of 'en', 'ko'",
                         "key 'users.alice.time_zone' names no time zone 'Mars/Olympus'", "key 'users.alice.notify' names no notification 'gossip'",
                         "key 'users.bob.telegram_ids' 222 is also alice's", "key 'users.bob.colour' is not a known setting"] {
            #expect(lines.contains { $0.contains(expected) }, "missing: \(expected)\n\(lines.joined(separator: "\n"))")
        }
        let pasted = try ConfigFolder(runtime: paths + "[telegram]\ntoken_env = \"\(token)\"\n[users.a]\ntelegram_ids = [1]\n", bots: [:])
        let why = ConfigSet.load(runtime: pasted.runtimePath).errors.map(\.description).joined()
        #expect(why.contains("telegram.token_env") && !why.contains(token))
        let alone = try ConfigFolder(runtime: paths + "[telegram]\ntoken_env = \"T\"\n", bots: [:])
        #expect(ConfigSet.load(runtime: alone.runtimePath).errors.contains { $0.key == "telegram" && $0.message.contains("[users.NAME]") })
    }

    @Test func withTelegramEveryBotsUserIsAConfiguredUser() throws {
        let stranger = goodBot.replacingOccurrences(of: "user = \"alice\"", with: "user = \"mallory\"")
            .replacingOccurrences(of: "id = \"good\"", with: "id = \"strange\"")
        let f = try ConfigFolder(runtime: paths + "[telegram]\ntoken_env = \"T\"\n[users.alice]\ntelegram_ids = [1]\n",
                                 bots: ["a.toml": goodBot, "b.toml": stranger])
        let set = ConfigSet.load(runtime: f.runtimePath)
        #expect(set.bots.map(\.id) == ["good"])
        #expect(set.errors.contains { $0.file == f.bot("b.toml") && $0.key == "user" && $0.line == 2 && $0.message.contains("'mallory'") })
        // Without Telegram or users, any owner name goes, as before.
        let plain = try ConfigFolder(bots: ["b.toml": stranger])
        #expect(ConfigSet.load(runtime: plain.runtimePath).bots.map(\.id) == ["strange"])
    }
}
