import Foundation
import Telegram
import TelegramWire
import Testing

/// Updates as Telegram sends them, read into what botd does with each.
struct IncomingTests {
    func read(_ json: String) throws -> Incoming {
        let u = try JSONDecoder().decode(TelegramUpdate.self, from: Data(json.utf8))
        return Incoming(u, botUsername: "botd_bot")
    }

    @Test func commandsPressesMigrationsAndBlocks() throws {
        #expect(try read(#"{"update_id":1,"message":{"message_id":5,"date":1,"chat":{"id":111,"type":"private"},"from":{"id":111,"is_bot":false,"first_name":"A"},"text":"/close btc","entities":[{"type":"bot_command","offset":0,"length":6}]}}"#)
                == .command(from: 111, chat: 111, isGroup: false, name: "close", arguments: ["btc"]))
        #expect(try read(#"{"update_id":2,"message":{"message_id":6,"date":1,"chat":{"id":-100,"type":"supergroup"},"from":{"id":111,"is_bot":false,"first_name":"A"},"text":"/status@otherbot"}}"#) == .ignore)
        #expect(try read(#"{"update_id":3,"message":{"message_id":7,"date":1,"chat":{"id":-100,"type":"group"},"from":{"id":111,"is_bot":false,"first_name":"A"},"text":"/status@botd_bot"}}"#)
                == .command(from: 111, chat: -100, isGroup: true, name: "status", arguments: []))
        #expect(try read(#"{"update_id":4,"callback_query":{"id":"cb1","from":{"id":222,"is_bot":false,"first_name":"B"},"chat_instance":"x","data":"ok:T","message":{"message_id":9,"date":1,"chat":{"id":111,"type":"private"}}}}"#)
                == .press(from: 222, chat: 111, messageID: 9, callbackID: "cb1", data: "ok:T"))
        #expect(try read(#"{"update_id":5,"message":{"message_id":8,"date":1,"chat":{"id":-5,"type":"group"},"migrate_to_chat_id":-1005}}"#)
                == .migrated(from: -5, to: -1005))
        #expect(try read(#"{"update_id":6,"my_chat_member":{"chat":{"id":111,"type":"private"},"from":{"id":111,"is_bot":false,"first_name":"A"},"date":1,"old_chat_member":{"status":"member"},"new_chat_member":{"status":"kicked"}}}"#)
                == .reachable(chat: 111, false))
        #expect(try read(#"{"update_id":7,"message":{"message_id":9,"date":1,"chat":{"id":111,"type":"private"},"from":{"id":111,"is_bot":false,"first_name":"A"},"text":"hello"}}"#) == .ignore)
        #expect(try read(#"{"update_id":8,"edited_message":{"message_id":5,"date":1,"chat":{"id":111,"type":"private"},"text":"/close all"}}"#) == .ignore)
    }
}
