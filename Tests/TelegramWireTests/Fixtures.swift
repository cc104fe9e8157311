import Foundation
import TelegramWire

/// Answers and updates as Telegram sends them, shared by the tests.
enum Fixtures {
    /// protocols.md §5.2, the official webhooks guide's example update, verbatim.
    static let docsUpdate = #"""
    {"update_id":10000,
     "message":{"date":1441645532,
       "chat":{"last_name":"Test Lastname","id":1111111,"type":"private","first_name":"Test Firstname","username":"Testusername"},
       "message_id":1365,
       "from":{"last_name":"Test Lastname","id":1111111,"first_name":"Test Firstname","username":"Testusername"},
       "text":"/start"}}
    """#

    /// A press on a Confirm button under one of the bot's messages.
    static let callbackUpdate = #"""
    {"update_id":10001,"callback_query":{"id":"4382bfdwdsb323b2d9",
     "from":{"id":1111111,"is_bot":false,"first_name":"Test Firstname","username":"Testusername","language_code":"ko"},
     "message":{"message_id":1366,"date":1441645600,"chat":{"id":1111111,"type":"private","first_name":"Test Firstname"},
       "from":{"id":5000000001,"is_bot":true,"first_name":"Bot","username":"mybot"},
       "text":"Close BTC?","reply_markup":{"inline_keyboard":[[{"text":"Confirm","callback_data":"confirm:42"},{"text":"Cancel","callback_data":"cancel:42"}]]}},
     "chat_instance":"-8794512231235","data":"confirm:42"}}
    """#

    static let token = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"

    static func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    static func update(_ json: String) throws -> TelegramUpdate {
        try JSONDecoder().decode(TelegramUpdate.self, from: Data(json.utf8))
    }
}

/// A deterministic generator (SplitMix64), so a failing random case replays from its seed.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
