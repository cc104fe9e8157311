import FakeKit
import Synchronization

/// A test playing Telegram's users: what they write and press. Each queues an update as
/// Telegram would and returns its update_id.
extension TelegramFake {
    /// A message; its `/commands` carry bot_command entities (CommandEntities). The chat is
    /// known to the fake from now on (the bot may write there).
    @discardableResult
    public func userSends(_ text: String, from user: FakeUser, in chat: FakeChat) -> Int64 {
        let now = clock.nowMs
        return state.withLock { s in
            s.chats[chat.id] = chat
            var fields: [(String, JSON)] = [("message_id", .int(s.newMessageID(chat.id))), ("from", user.json), ("chat", chat.json),
                                            ("date", .int(now / 1000)), ("text", .string(text))]
            let entities = CommandEntities.find(in: text)
            if !entities.isEmpty { fields.append(("entities", .array(entities))) }
            return s.enqueue(kind: "message", .object(fields), nowMs: now)
        }
    }

    /// A press on a button of the bot's message `messageId`: a callback_query with a fresh
    /// id (answerable for 15 minutes), the message as last sent or edited (or, if the fake
    /// has none, an inaccessible one: `date` 0), `chat_instance` and `data`.
    @discardableResult
    public func userPresses(_ callbackData: String, onMessage messageId: Int64, in chat: FakeChat, from user: FakeUser) -> Int64 {
        let now = clock.nowMs
        return state.withLock { s in
            let id = "\(s.bot.id)\(String(s.nextQueryID, radix: 10))"
            s.nextQueryID += 1
            s.queries[id] = (now, false)
            let message = s.messages[chat.id]?[messageId]?.json
                ?? .object([("chat", chat.json), ("message_id", .int(messageId)), ("date", .int(0))])
            let fields: [(String, JSON)] = [("id", .string(id)), ("from", user.json), ("message", message),
                                            ("chat_instance", .string("-\(chat.id.magnitude)42")), ("data", .string(callbackData))]
            return s.enqueue(kind: "callback_query", .object(fields), nowMs: now)
        }
    }

    /// An update of any kind as raw JSON, `{"message":{…}}` (an `update_id` in it is replaced
    /// by the fake's); nil when it is not a JSON object with one field besides that.
    @discardableResult
    public func enqueue(rawUpdate json: String) -> Int64? {
        guard let v = JSON.parse(json), case .object(let all) = v else { return nil }
        let pairs = all.filter { $0.0 != "update_id" }
        guard pairs.count == 1 else { return nil }
        let now = clock.nowMs
        return state.withLock { $0.enqueue(kind: pairs[0].0, pairs[0].1, nowMs: now) }
    }
}
