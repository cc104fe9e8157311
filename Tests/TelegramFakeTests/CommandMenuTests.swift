import FakeKit
import Foundation
import TelegramFake
import Testing

/// setMyCommands, getMyCommands and deleteMyCommands per scope and language, checked as
/// protocols.md §5.4 gives the rules.
struct CommandMenuTests {
    static func menu(_ items: [(String, String)]) -> String {
        "[" + items.map { #"{"command":\#(JSONText($0.0)),"description":\#(JSONText($0.1))}"# }.joined(separator: ",") + "]"
    }

    @Test func menusAreKeptPerScopeAndLanguage() async throws {
        try await withFake { (bot: Bot) async throws in
            let general = Self.menu([("status", "Show status"), ("close_all", "Close everything")])
            #expect(try await bot.call("setMyCommands", [("commands", general)]).text == #"{"ok":true,"result":true}"#)
            #expect(try await bot.call("setMyCommands", [("commands", Self.menu([("hilfe", "Hilfe")])), ("language_code", "\"de\"")]).json.ok)
            let chat = #"{"type":"chat","chat_id":111}"#
            #expect(try await bot.call("setMyCommands", [("commands", Self.menu([("admin", "Admin")])), ("scope", chat)]).json.ok)
            #expect(bot.fake.commands()?.map(\.0) == ["status", "close_all"])
            #expect(bot.fake.commands(language: "de")?.map(\.0) == ["hilfe"])
            #expect(bot.fake.commands(scope: "chat:111")?.map(\.1) == ["Admin"])
            #expect(bot.fake.commands(scope: "all_private_chats") == nil)
            let got = try await bot.call("getMyCommands", [("scope", #"{"type":"default"}"#)])
            #expect(got.result == JSON.parse(general))
            #expect(try await bot.call("getMyCommands", [("scope", #"{"type":"all_group_chats"}"#)]).text == #"{"ok":true,"result":[]}"#)
            #expect(try await bot.call("deleteMyCommands", [("language_code", "\"de\"")]).json.ok)
            #expect(bot.fake.commands(language: "de") == nil && bot.fake.commands() != nil)
            #expect(try await bot.call("setMyCommands", [("commands", "[]")]).json.ok)
            #expect(bot.fake.commands() == nil, "an empty list deletes")
        }
    }

    @Test func commandsAndDescriptionsAreChecked() async throws {
        try await withFake { (bot: Bot) async throws in
            let thirtyTwo = String(repeating: "a", count: 32)
            let hundred = (0..<100).map { ("c\($0)", "d") }
            for good in [[(thirtyTwo, "x")], [("a_1", String(repeating: "é", count: 256))], hundred] {
                #expect(try await bot.call("setMyCommands", [("commands", Self.menu(good))]).status == 200)
            }
            let bad: [([(String, String)], String)] = [
                ([("Status", "x")], "BOT_COMMAND_INVALID"),
                ([("/status", "x")], "BOT_COMMAND_INVALID"),
                ([("", "x")], "BOT_COMMAND_INVALID"),
                ([(thirtyTwo + "a", "x")], "BOT_COMMAND_INVALID"),
                ([("stätus", "x")], "BOT_COMMAND_INVALID"),
                ([("s", "")], "BOT_COMMAND_DESCRIPTION_INVALID"),
                ([("s", String(repeating: "d", count: 257))], "BOT_COMMAND_DESCRIPTION_INVALID"),
                (hundred + [("c100", "d")], "BOT_COMMANDS_TOO_MUCH"),
            ]
            for (items, says) in bad {
                let r = try await bot.call("setMyCommands", [("commands", Self.menu(items))])
                #expect(r.status == 400 && r.description == "Bad Request: " + says, "\(items.first!)")
            }
            #expect(try await bot.call("setMyCommands").status == 400, "commands is required")
            #expect(bot.fake.commands()?.count == 100, "a refused menu changes nothing")
        }
    }
}
