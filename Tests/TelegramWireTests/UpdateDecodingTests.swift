import Foundation
import TelegramWire
import Testing

/// Updates as Telegram sends them (protocols.md §5.2): the documented shapes, and tolerance of
/// whatever Telegram adds later, since one update the poller cannot read would stop it.
struct UpdateDecodingTests {
    @Test func docsExampleUpdateVerbatim() throws {
        let u = try Fixtures.update(Fixtures.docsUpdate)
        #expect(u.updateID == 10000)
        guard case .message(let m) = u.payload else { Issue.record("not a message: \(u.payload)"); return }
        #expect(m.messageID == 1365 && m.date == 1_441_645_532 && m.text == "/start" && m.entities.isEmpty)
        #expect(m.chat == TelegramChat(id: 1_111_111, type: .private, username: "Testusername"))
        // The guide's sender has no is_bot: read as a person, not refused.
        #expect(m.from == TelegramUser(id: 1_111_111, isBot: false, firstName: "Test Firstname", username: "Testusername"))
        #expect(u.message == m)
    }

    @Test func callbackQueryShape() throws {
        let u = try Fixtures.update(Fixtures.callbackUpdate)
        guard case .callbackQuery(let q) = u.payload else { Issue.record("not a callback: \(u.payload)"); return }
        #expect(q.id == "4382bfdwdsb323b2d9" && q.data == "confirm:42" && q.chatInstance == "-8794512231235")
        #expect(q.from.id == 1_111_111 && !q.from.isBot && q.from.languageCode == "ko")
        #expect(q.message?.messageID == 1366 && q.message?.chat.id == 1_111_111 && q.message?.from?.isBot == true)
        let rows = try #require(q.message?.replyMarkup?.rows)
        #expect(rows.map { $0.map(\.text) } == [["Confirm", "Cancel"]])
        #expect(rows[0][1].callbackData == "cancel:42" && rows[0][1].url == nil)
        #expect(u.message == nil)
    }

    @Test func callbackWithoutMessageOrData() throws {
        let u = try Fixtures.update(#"{"update_id":3,"callback_query":{"id":"q","from":{"id":7,"is_bot":false,"first_name":"A"},"inline_message_id":"x","chat_instance":"c","game_short_name":"g"}}"#)
        #expect(u.payload == .callbackQuery(TelegramCallbackQuery(id: "q", from: TelegramUser(id: 7, firstName: "A"), chatInstance: "c")))
    }

    @Test func editedMessageAndMyChatMember() throws {
        let edited = try Fixtures.update(#"{"update_id":4,"edited_message":{"message_id":9,"date":1,"edit_date":2,"chat":{"id":-100123,"type":"supergroup","title":"Desk"},"text":"/status"}}"#)
        guard case .editedMessage(let m) = edited.payload else { Issue.record("\(edited.payload)"); return }
        #expect(m.chat.type == .supergroup && m.chat.type.isGroup && m.chat.title == "Desk" && m.from == nil)

        let blocked = try Fixtures.update(#"""
        {"update_id":5,"my_chat_member":{"chat":{"id":42,"type":"private","first_name":"U"},"from":{"id":42,"is_bot":false,"first_name":"U"},
         "date":1700000000,"old_chat_member":{"status":"member","user":{"id":1,"is_bot":true,"first_name":"Bot"}},
         "new_chat_member":{"status":"kicked","user":{"id":1,"is_bot":true,"first_name":"Bot"},"until_date":0}}}
        """#)
        guard case .myChatMember(let c) = blocked.payload else { Issue.record("\(blocked.payload)"); return }
        #expect(c.chat.id == 42 && c.oldStatus == "member" && c.newStatus == "kicked" && c.botWasRemoved)
    }

    @Test func unknownKindsAndExtraFieldsAreKept() throws {
        let reaction = try Fixtures.update(#"{"update_id":6,"message_reaction":{"chat":{"id":1,"type":"private"},"new_reaction":[]}}"#)
        #expect(reaction.payload == .other("message_reaction"))
        #expect(try Fixtures.update(#"{"update_id":7}"#).payload == .none)
        #expect(try Fixtures.update(#"{"update_id":7,"message":null}"#).payload == .none)
        // Fields this layer does not know, at every level, and a chat kind added later.
        let extra = try Fixtures.update(#"""
        {"update_id":8,"brand_new":{"x":[1,2]},"message":{"message_id":1,"date":2,"message_thread_id":3,"photo":[{"file_id":"f"}],
         "chat":{"id":5,"type":"forum_topic","is_forum":true},"from":{"id":5,"is_bot":false,"first_name":"A","is_premium":true},
         "text":"hi","entities":[{"type":"custom_emoji","offset":0,"length":2,"custom_emoji_id":"1"}],"link_preview_options":{}}}
        """#)
        #expect(extra.message?.chat.type == .other("forum_topic") && extra.message?.chat.type.rawValue == "forum_topic")
        #expect(extra.message?.entities == [TelegramMessageEntity(type: "custom_emoji", offset: 0, length: 2)])
    }

    @Test func aKnownKindThatCannotBeReadIsKeptWithItsReason() throws {
        let u = try Fixtures.update(#"{"update_id":9,"message":{"message_id":1,"date":2}}"#)
        #expect(u.payload == .malformed(kind: "message", reason: "message.chat: missing"))
        let bad = try Fixtures.update(#"{"update_id":9,"callback_query":{"id":5}}"#)
        guard case .malformed(let kind, let reason) = bad.payload else { Issue.record("\(bad.payload)"); return }
        #expect(kind == "callback_query" && reason.hasPrefix("callback_query.id: "))
    }

    @Test func aBatchWithAnOddUpdateStillDecodesAndTheOffsetMovesPastIt() throws {
        let body = #"{"ok":true,"result":[\#(Fixtures.docsUpdate),{"update_id":10002,"message":{"message_id":"x"}},{"update_id":10003,"poll":{}}]}"#
        let updates = try TelegramAPI.getUpdates(offset: 10000).decode(status: 200, body: Fixtures.bytes(body))
        #expect(updates.map(\.updateID) == [10000, 10002, 10003])
        #expect(TelegramUpdate.nextOffset(after: updates, current: 10000) == 10004)
        #expect(TelegramUpdate.nextOffset(after: [], current: 10004) == 10004)
        #expect(TelegramUpdate.nextOffset(after: [], current: nil) == nil)
        // An update without its id cannot be confirmed: that alone fails the batch, naming it.
        let e = #expect(throws: TelegramError.self) {
            try TelegramResponse.decode([TelegramUpdate].self, status: 200, body: Fixtures.bytes(#"{"ok":true,"result":[{"update_id":1},{"message":{}}]}"#))
        }
        #expect(e == .malformed(field: "result[1].update_id", reason: "missing"))
    }

    @Test func groupMigrationServiceMessages() throws {
        let old = try Fixtures.update(#"{"update_id":11,"message":{"message_id":3,"date":4,"chat":{"id":-4001,"type":"group","title":"Desk"},"migrate_to_chat_id":-1001234567890123}}"#)
        #expect(old.message?.migrateToChatID == -1_001_234_567_890_123 && old.message?.text == nil)
        let new = try Fixtures.update(#"{"update_id":12,"message":{"message_id":1,"date":4,"chat":{"id":-1001234567890123,"type":"supergroup"},"migrate_from_chat_id":-4001}}"#)
        #expect(new.message?.migrateFromChatID == -4001)
    }

    @Test func entityRangesCountUTF16Units() {
        let text = "🚀 /status@mybot 한국"
        let e = TelegramMessageEntity(type: "bot_command", offset: 3, length: 13)
        #expect(e.text(in: text) == "/status@mybot")
        // Counted in characters instead, it would start inside the command: such offsets are wrong.
        #expect(TelegramMessageEntity(type: "bold", offset: 2, length: 7).text(in: text) == " /statu")
        #expect(TelegramMessageEntity(type: "bold", offset: 1, length: 2).range(in: text) == nil)  // inside the emoji's pair
        #expect(TelegramMessageEntity(type: "bold", offset: 17, length: 9).range(in: text) == nil)  // past the end
        #expect(TelegramMessageEntity(type: "bold", offset: -1, length: 2).range(in: text) == nil)
    }
}
