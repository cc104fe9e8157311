import TelegramWire
import Testing

/// setMyCommands as protocols.md §5.4 documents it: the example body, and each limit refused
/// with the field that broke it.
struct SetMyCommandsTests {
    static func field(_ commands: [TelegramBotCommand], language: String? = nil) -> String? {
        RequestTests.field { _ = try TelegramAPI.setMyCommands(commands: commands, languageCode: language) }
    }

    @Test func docsExampleBody() throws {
        let r = try TelegramAPI.setMyCommands(commands: [TelegramBotCommand("status", "Show bot status")])
        #expect(r.method == "setMyCommands")
        #expect(r.bodyText == #"{"commands":[{"command":"status","description":"Show bot status"}],"scope":{"type":"default"}}"#)
    }

    @Test func scopesAndLanguage() throws {
        let r = try TelegramAPI.setMyCommands(commands: [TelegramBotCommand("status", "봇 상태 보기")],
                                              scope: .chatMember(chatID: -100, userID: 7), languageCode: "ko")
        #expect(r.bodyText == #"{"commands":[{"command":"status","description":"봇 상태 보기"}],"scope":{"type":"chat_member","chat_id":-100,"user_id":7},"language_code":"ko"}"#)
        #expect(try TelegramAPI.setMyCommands(commands: [], scope: .allGroupChats).bodyText == #"{"commands":[],"scope":{"type":"all_group_chats"}}"#)
        #expect(try TelegramAPI.setMyCommands(commands: [], scope: .chat(5)).bodyText.hasSuffix(#""scope":{"type":"chat","chat_id":5}}"#))
        #expect(Self.field([], language: "kor") == "language_code")
        #expect(Self.field([], language: "KO") == "language_code")
    }

    @Test func limits() {
        let hundred = (0..<100).map { TelegramBotCommand("c\($0)", "d") }
        #expect(Self.field(hundred) == nil)
        #expect(Self.field(hundred + [TelegramBotCommand("extra", "d")]) == "commands")
        #expect(Self.field([TelegramBotCommand(String(repeating: "a", count: 32), "d")]) == nil)
        #expect(Self.field([TelegramBotCommand("ok", "d"), TelegramBotCommand(String(repeating: "a", count: 33), "d")]) == "commands[1].command")
        for bad in ["", "Status", "st-atus", "/status", "상태", "st atus"] {
            #expect(Self.field([TelegramBotCommand(bad, "d")]) == "commands[0].command", "\(bad)")
        }
        #expect(Self.field([TelegramBotCommand("snake_case_9", String(repeating: "d", count: 256))]) == nil)
        #expect(Self.field([TelegramBotCommand("a", String(repeating: "d", count: 257))]) == "commands[0].description")
        #expect(Self.field([TelegramBotCommand("a", "")]) == "commands[0].description")
        #expect(Self.field([TelegramBotCommand("a", "x"), TelegramBotCommand("a", "y")]) == "commands[1].command")
    }
}
