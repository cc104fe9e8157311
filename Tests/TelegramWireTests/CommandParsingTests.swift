import TelegramWire
import Testing

/// Commands as users type them and as Telegram marks them (a `bot_command` entity, offsets in
/// UTF-16 units), and commands meant for another bot left alone.
struct CommandParsingTests {
    static func command(_ text: String, length: Int? = nil, bot: String? = "mybot") -> TelegramCommand? {
        let entities = length.map { [TelegramMessageEntity(type: "bot_command", offset: 0, length: $0)] } ?? []
        return TelegramCommand.parse(text: text, entities: entities, botUsername: bot)
    }

    @Test func plainCommands() {
        #expect(Self.command("/start", length: 6) == TelegramCommand(name: "start"))
        #expect(Self.command("/start") == TelegramCommand(name: "start"))  // no entity: read anyway
        #expect(Self.command("/Status  all\n5") == TelegramCommand(name: "status", arguments: ["all", "5"]))
    }

    @Test func addressedCommands() {
        #expect(Self.command("/start@mybot arg", length: 12) == TelegramCommand(name: "start", arguments: ["arg"]))
        #expect(Self.command("/start@MyBot arg", length: 12, bot: "@mybot") == TelegramCommand(name: "start", arguments: ["arg"]))
        #expect(Self.command("/status@otherbot", length: 16) == nil)
        #expect(Self.command("/status@otherbot") == nil)
        // Not knowing our own name, an addressed command is not taken as ours.
        #expect(Self.command("/stop@mybot", length: 11, bot: nil) == nil)
        #expect(Self.command("/stop", length: 5, bot: nil) == TelegramCommand(name: "stop"))
    }

    @Test func koreanArguments() {
        #expect(Self.command("/tp 비트코인 5%", length: 3) == TelegramCommand(name: "tp", arguments: ["비트코인", "5%"]))
        #expect(Self.command("/close 🚀 전체", length: 6) == TelegramCommand(name: "close", arguments: ["🚀", "전체"]))
    }

    @Test func utf16OffsetsAfterAnEmoji() throws {
        // A message that opens with an emoji: the command entity sits at UTF-16 offset 3, not
        // 2 (characters) or 5 (bytes); it is no command for the bot, which reads one only at
        // the start.
        let text = "🚀 /status@mybot btc"
        let entity = TelegramMessageEntity(type: "bot_command", offset: 3, length: 13)
        #expect(entity.text(in: text) == "/status@mybot")
        #expect(TelegramCommand.parse(text: text, entities: [entity], botUsername: "mybot") == nil)
        // The entity decides where the command ends, counted in UTF-16 units.
        let m = try Fixtures.update(#"{"update_id":1,"message":{"message_id":1,"date":1,"chat":{"id":1,"type":"private"},"text":"/sl@mybot 😀 62000","entities":[{"type":"bot_command","offset":0,"length":9}]}}"#)
        #expect(TelegramCommand.parse(try #require(m.message), botUsername: "mybot") == TelegramCommand(name: "sl", arguments: ["😀", "62000"]))
    }

    @Test func notCommands() {
        for text in ["", "/", "hello /start", " /start", "/path/to", "/시작", "/start@", "/@mybot"] {
            #expect(Self.command(text) == nil, "\(text)")
        }
        // An entity that does not fit the text is ignored, and the text read as written.
        #expect(Self.command("/help", length: 99) == TelegramCommand(name: "help"))
    }
}
